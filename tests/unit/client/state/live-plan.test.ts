import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CycleSession, hasResult } from '../../../../client/src/state/cycle-session.svelte.ts';
import { addRisk, importPlan, setCell, setTitle } from '../../../../shared/doc/index.ts';
import { makePlan, row } from '../../../helpers/plan-builder.ts';
import { OfflineSocket } from '../../../helpers/offline-socket.ts';

beforeAll(() => {
  globalThis.WebSocket = OfflineSocket as unknown as typeof globalThis.WebSocket;
  globalThis.location ??= { protocol: 'http:', host: '127.0.0.1:9' } as Location;
});

const sessions: CycleSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
});

async function openSession(): Promise<CycleSession> {
  const invite = {
    token: 'token',
    id: 'invite-00001',
    workspace: 'acme',
    role: 'editor' as const,
    name: 'Ana',
    functions: [],
    expiresAt: Date.now() + 60_000,
  };
  const session = await CycleSession.open(invite, '2026-12', null);
  sessions.push(session);
  const plan = makePlan();
  session.act((doc) => importPlan(doc, { ...plan, demand: { A: row(plan.periods, [5, 5, 5]) } }));
  return session;
}

describe('the plan as the page reads it (session.live)', () => {
  it('is a new value after each plan edit, and the same one while nothing changed', async () => {
    const session = await openSession();
    const before = session.live;
    expect(hasResult(before)).toBe(true);
    expect(session.live).toBe(before);

    session.act((doc) => setCell(doc, 'demand', 'A', '2026-12', 8));
    const after = session.live;
    expect(after).not.toBe(before);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.result?.families[0].rows[0].demand).toBe(8);
    // The engine's result is not copied per version: the same object, updated in place.
    expect(after.result).toBe(before.result);
  });

  it('stays the same value when something other than the plan changes', async () => {
    const session = await openSession();
    const before = session.live;
    const risk = {
      title: 'Resin',
      kind: 'risk',
      probability: 2,
      impact: 3,
      status: 'open',
      raisedIn: '2026-12',
    } as const;
    session.act((doc) => addRisk(doc, risk));
    expect(session.records('risks').records).toHaveLength(1);
    expect(session.live).toBe(before);
  });
});

describe("the cycle's info as the page reads it (session.info)", () => {
  it('keeps the same value through plan edits, and a new one when the title changes', async () => {
    const session = await openSession();
    const before = session.info;
    expect(before.cycle).toBe('2026-12');
    session.act((doc) => setCell(doc, 'demand', 'A', '2026-12', 8));
    expect(session.info).toBe(before);

    session.act((doc) => setTitle(doc, 'December S&OP'));
    expect(session.info).not.toBe(before);
    expect(session.info).toEqual({ ...before, title: 'December S&OP' });
  });
});
