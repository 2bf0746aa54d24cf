import { describe, expect, it } from 'vitest';
import {
  applyDocUpdate,
  createCycleDoc,
  docSnapshot,
  encodeDocState,
  encodeDocStateVector,
  coversDocument,
  hasEverything,
  importPlan,
  mergeDocUpdates,
  onDocUpdate,
  readStateVector,
  setCell,
  type CycleDoc,
} from '../../../../shared/doc/index.ts';
import { makePlan, row } from '../../../helpers/plan-builder.ts';
import { yDoc } from '../../../../shared/doc/cycle-doc.ts';

function planDoc(): CycleDoc {
  const doc = createCycleDoc();
  const plan = makePlan();
  importPlan(doc, { ...plan, demand: { A: row(plan.periods, [10, 20, 30]) } });
  return doc;
}

describe('cycle document updates', () => {
  it('keeps the Y.Doc out of reach of code outside shared/doc', () => {
    const doc = createCycleDoc();
    // @ts-expect-error a cycle document is opaque outside shared/doc: use its commands
    expect(typeof doc.getMap).toBe('function');
    expect(yDoc(doc).getMap('meta').size).toBe(0);
  });

  it('creates empty documents that collect garbage, each with its own client id', () => {
    const a = createCycleDoc();
    const b = createCycleDoc();
    expect(yDoc(a).gc).toBe(true);
    expect(a.clientID).not.toBe(b.clientID);
    expect(docSnapshot(a)).toEqual(docSnapshot(b));
    expect([...encodeDocStateVector(a)]).toEqual([0]);
  });

  it('rebuilds a document from its encoded state, and from its updates merged into one', () => {
    const doc = createCycleDoc();
    const updates: Uint8Array[] = [];
    const stop = onDocUpdate(doc, (update) => updates.push(update));
    const plan = makePlan();
    importPlan(doc, plan);
    setCell(doc, 'demand', 'A', plan.periods[1], 42);
    setCell(doc, 'supply', 'A', plan.periods[0], 7);
    stop();
    expect(updates).toHaveLength(3);

    const fromState = createCycleDoc();
    applyDocUpdate(fromState, encodeDocState(doc), 'test');
    expect(docSnapshot(fromState)).toEqual(docSnapshot(doc));

    // Merged in any order, with a duplicate, the updates give the same document.
    const merged = mergeDocUpdates([updates[2], updates[0], updates[1], updates[0]]);
    const fromMerge = createCycleDoc();
    applyDocUpdate(fromMerge, merged, 'test');
    expect(docSnapshot(fromMerge)).toEqual(docSnapshot(doc));
    expect(encodeDocStateVector(fromMerge)).toEqual(encodeDocStateVector(doc));
  });

  it('tells each update listener the origin it was applied with, until unsubscribed', () => {
    const source = planDoc();
    const target = createCycleDoc();
    const seen: unknown[] = [];
    const origin = { name: 'device' };
    const stop = onDocUpdate(target, (update, from) => {
      expect(update).toBeInstanceOf(Uint8Array);
      seen.push(from);
    });
    applyDocUpdate(target, encodeDocState(source), origin);
    // An update that changes nothing is not reported.
    applyDocUpdate(target, encodeDocState(source), origin);
    setCell(target, 'demand', 'A', '2026-12', 5);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(origin);
    expect(seen[1]).not.toBe(origin);
    stop();
    setCell(target, 'demand', 'A', '2026-12', 6);
    expect(seen).toHaveLength(2);
  });

  it('throws on an update that does not decode', () => {
    expect(() => applyDocUpdate(createCycleDoc(), Uint8Array.of(9, 9, 9), null)).toThrow();
  });
});

describe('hasEverything: does a remote state vector cover this document', () => {
  it('is true for a peer with the same changes or more, false when it misses any', () => {
    const mine = planDoc();
    const server = createCycleDoc();
    // An empty document is covered by anything, even an empty state vector.
    expect(hasEverything(createCycleDoc(), encodeDocStateVector(server))).toBe(true);
    expect(hasEverything(mine, encodeDocStateVector(server))).toBe(false);

    applyDocUpdate(server, encodeDocState(mine), 'sync');
    expect(hasEverything(mine, encodeDocStateVector(server))).toBe(true);

    // Someone else's change at the server: it has more than I do, still everything of mine.
    const other = createCycleDoc();
    applyDocUpdate(other, encodeDocState(server), 'sync');
    setCell(other, 'supply', 'A', '2026-12', 3);
    applyDocUpdate(server, encodeDocState(other), 'sync');
    expect(hasEverything(mine, encodeDocStateVector(server))).toBe(true);
    expect(hasEverything(server, encodeDocStateVector(mine))).toBe(false);

    // My next edit is not at the server until it is sent.
    setCell(mine, 'demand', 'A', '2027-01', 99);
    expect(hasEverything(mine, encodeDocStateVector(server))).toBe(false);
    applyDocUpdate(server, encodeDocState(mine), 'sync');
    expect(hasEverything(mine, encodeDocStateVector(server))).toBe(true);
  });

  it('is false for bytes that are not exactly a state vector', () => {
    const doc = planDoc();
    const vector = encodeDocStateVector(doc);
    for (const bad of [
      new Uint8Array(0),
      Uint8Array.of(0x80),
      Uint8Array.of(2, 1),
      vector.slice(0, -1),
      Uint8Array.from([...vector, 0]),
    ]) {
      expect(hasEverything(doc, bad), `[${bad}]`).toBe(false);
    }
    expect(hasEverything(doc, vector)).toBe(true);
  });

  it('reads a state vector once and compares it with the document as it changes', () => {
    const mine = planDoc();
    const server = createCycleDoc();
    applyDocUpdate(server, encodeDocState(mine), 'sync');
    const clocks = readStateVector(encodeDocStateVector(server));
    expect(clocks).not.toBeNull();
    expect(coversDocument(mine, clocks!)).toBe(true);
    // The same answer, the document moved on: the answer no longer covers it.
    setCell(mine, 'demand', 'A', '2027-01', 99);
    expect(coversDocument(mine, clocks!)).toBe(false);
    expect(coversDocument(mine, readStateVector(encodeDocStateVector(mine))!)).toBe(true);
    expect(readStateVector(Uint8Array.of(2, 1))).toBeNull();
  });
});
