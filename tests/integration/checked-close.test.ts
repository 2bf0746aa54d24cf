import { describe, expect, it } from 'vitest';
import {
  addStandardAgenda,
  closeAgendaItem,
  importPlan,
  isClosed,
  readClosure,
  setCell,
  setInputStatus,
  signOff,
} from '../../shared/doc/index.ts';
import { makePlan, months, row } from '../helpers/plan-builder.ts';
import {
  connectClient,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestRelay,
} from '../helpers/relay.ts';
import { FUNCTIONS, STAGES } from '../../shared/schema/records.ts';

/**
 * Starting the next cycle over HTTP against a real relay: the server computes the close
 * checklist from the stored cycle, refuses to start while something is open and not
 * acknowledged, and records the acknowledgement with the closure.
 */
const relay = relaysForFile();
const AT = '2026-12-10T09:00:00.000Z';
const PERIODS = months('2026-12', 3);

function startNext(server: TestRelay, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/workspaces/acme/cycles/2026-12/next`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${testToken('facilitator', { name: 'Fran' })}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A December cycle whose work is all done but for item 10 of the agenda, written over the relay. */
async function december(server: TestRelay) {
  const fran = connectClient(server.syncUrl, 'acme/2026-12', {
    token: testToken('facilitator', { name: 'Fran' }),
  });
  await synced(fran);
  importPlan(
    fran.doc,
    makePlan({
      periods: PERIODS,
      demand: { A: row(PERIODS, [10, 10, 10]) },
      supply: { A: row(PERIODS, [10, 10, 10]) },
    }),
    'S&OP 2026-12',
  );
  addStandardAgenda(fran.doc);
  for (let i = 1; i <= 9; i++) {
    closeAgendaItem(fran.doc, `agenda-${i}`, { kind: 'noted', by: 'Fran', at: AT });
  }
  for (const fn of FUNCTIONS)
    setInputStatus(fran.doc, fn, { status: 'submitted', by: 'Fran', at: AT });
  for (const stage of STAGES) signOff(fran.doc, stage, 'sales', 'Fran', AT);
  setCell(fran.doc, 'actualsOrdered', 'A', '2026-12', 11);
  return fran;
}

/** Waits until another person sees the agenda item closed: the relay stored it first. */
async function storedAtRelay(server: TestRelay, item: string): Promise<void> {
  const reader = connectClient(server.syncUrl, 'acme/2026-12', { token: testToken('viewer') });
  await synced(reader);
  await waitFor(`${item} closed at the relay`, () => {
    const agenda = reader.doc.getMap('agenda').get(item) as
      { get(key: string): unknown } | undefined;
    return agenda?.get('outcome') !== undefined;
  });
  reader.destroy();
}

describe('the checked close of a cycle', () => {
  it('refuses to start the next cycle with an item open, whatever the page claims', async () => {
    const server = await relay();
    const fran = await december(server);
    await storedAtRelay(server, 'agenda-9');

    const refused = await startNext(server);
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error).toBe(
      'Cycle 2026-12 has items left open: Agenda items without an outcome: 1 (10. Follow-up actions). Acknowledge them to start 2027-01 anyway.',
    );
    expect(body.checklist).toEqual([
      {
        key: 'agendaWithoutOutcome',
        label: 'Agenda items without an outcome',
        count: 1,
        names: ['10. Follow-up actions'],
      },
    ]);
    // Acknowledging another line is no acknowledgement of this one.
    expect((await startNext(server, { acknowledge: ['gapsWithoutOwner'] })).status).toBe(409);
    // Nor is a body that is not an acknowledgement.
    const garbled = await startNext(server, { acknowledge: ['everything'] });
    expect(garbled.status).toBe(400);
    expect((await startNext(server, 'yes please')).status).toBe(400);
    expect(isClosed(fran.doc)).toBe(false);

    const started = await startNext(server, { acknowledge: ['agendaWithoutOutcome'] });
    expect(started.status).toBe(200);
    await waitFor('the closure at the facilitator', () => isClosed(fran.doc));
    const closure = readClosure(fran.doc);
    expect(closure?.acknowledgement).toEqual({
      by: 'Fran',
      at: closure?.closedAt,
      open: [
        {
          key: 'agendaWithoutOutcome',
          label: 'Agenda items without an outcome',
          count: 1,
          names: ['10. Follow-up actions'],
        },
      ],
    });
  });

  it('starts a cycle with nothing open without an acknowledgement, and records none', async () => {
    const server = await relay();
    const fran = await december(server);
    closeAgendaItem(fran.doc, 'agenda-10', { kind: 'noted', by: 'Fran', at: AT });
    await storedAtRelay(server, 'agenda-10');
    const started = await startNext(server);
    expect(started.status).toBe(200);
    await waitFor('the closure at the facilitator', () => isClosed(fran.doc));
    expect(readClosure(fran.doc)).not.toHaveProperty('acknowledgement');
  });
});
