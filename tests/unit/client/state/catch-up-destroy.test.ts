import { describe, expect, it } from 'vitest';
import * as catchUpLib from '../../../../shared/catchup/index.ts';
import type { SeenProjection } from '../../../../shared/catchup/index.ts';
import { createCycleDoc, onDocChange, type CycleDoc } from '../../../../shared/doc/index.ts';
import type { SeenKey, SeenStore } from '../../../../client/src/device/seen-store.ts';
import { CatchUp } from '../../../../client/src/state/catch-up.svelte.ts';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';

const BASELINE: SeenProjection = {
  version: 1,
  at: '2026-12-03T14:05:00.000Z',
  decisions: {},
  actions: {},
  risks: {
    'risk-1': { title: 'Port strike', kind: 'risk', status: 'open', probability: 0.5, impact: 3 },
  },
  agenda: {},
  families: {},
};

/** The parts of a cycle session a catch-up uses, with its own-change listeners in view. */
function fakeSession(doc: CycleDoc) {
  const ownListeners = new Set<(touched: Map<string, Set<string>>) => void>();
  const session = {
    doc,
    cycle: '2026-12',
    invite: { workspace: 'acme', name: 'Ben Okafor' },
    info: { currency: '' },
    isSynced: true,
    live: { plan: null, result: null },
    records: () => ({ records: [], invalid: [] }),
    meeting: { startedAt: null },
    onOwnChange(listener: (touched: Map<string, Set<string>>) => void) {
      ownListeners.add(listener);
      return () => ownListeners.delete(listener);
    },
  };
  return { session: session as unknown as CycleSession, ownListeners };
}

/** A device store that keeps what it is given in memory. */
function memoryStore(baseline: SeenProjection | null) {
  const puts: SeenProjection[] = [];
  const store = {
    get: async (_key: SeenKey) => baseline,
    put: async (_key: SeenKey, projection: SeenProjection) => {
      puts.push(projection);
    },
  };
  return { store: store as unknown as SeenStore, puts };
}

/** The number of after-transaction listeners on `doc`, counted through the shared reader. */
function afterTransactionListeners(doc: CycleDoc): number {
  // onDocChange adds one listener; its observers map tells how many there are.
  const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
  return observers.get('afterTransaction')?.size ?? 0;
}

describe('CatchUp.destroy', () => {
  it('removes its listeners from the session and its document', async () => {
    const doc = createCycleDoc();
    const { session, ownListeners } = fakeSession(doc);
    const before = afterTransactionListeners(doc);
    const catchUp = new CatchUp(session, Promise.resolve({ lib: catchUpLib, store: null }));
    expect(ownListeners.size).toBe(1);
    expect(afterTransactionListeners(doc)).toBe(before + 1);
    catchUp.destroy();
    expect(ownListeners.size).toBe(0);
    expect(afterTransactionListeners(doc)).toBe(before);
    // Another listener still hears the document: only the catch-up's went.
    const stop = onDocChange(doc, () => {});
    expect(afterTransactionListeners(doc)).toBe(before + 1);
    stop();
  });

  it('writes a baseline still waiting to be saved instead of dropping it', async () => {
    const doc = createCycleDoc();
    const { session, ownListeners } = fakeSession(doc);
    const { store, puts } = memoryStore(BASELINE);
    const catchUp = new CatchUp(session, Promise.resolve({ lib: catchUpLib, store }));
    // The start is decided once the cycle is here (the frame's effect asks).
    await expect
      .poll(() => {
        catchUp.keepFirstLook();
        return catchUp.status;
      })
      .toBe('ready');
    // My own command removed risk-1: it is folded into what I saw, saved a second later.
    for (const listener of ownListeners) listener(new Map([['risks', new Set(['risk-1'])]]));
    await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
    expect(puts).toHaveLength(0);
    catchUp.destroy();
    expect(puts).toHaveLength(1);
    expect(puts[0].risks).toEqual({});
  });
});
