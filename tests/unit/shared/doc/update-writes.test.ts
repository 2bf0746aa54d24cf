import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAgendaItem,
  addRisk,
  agendaNotes,
  importPlan,
  setCell,
  updateRisk,
} from '../../../../shared/doc/index.ts';
import { readUpdateWrites } from '../../../../shared/doc/update-writes.ts';
import { collection, transact } from '../../../../shared/doc/layout.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';
import { commandUpdates } from '../../../convergence/doc-fuzz.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { DOCUMENT_ROOTS } from '../../../../shared/doc/index.ts';
import { peer, sync } from '../../../helpers/docs.ts';
import { OPEN_RISK as risk } from '../../../helpers/work-records.ts';

/** Removes a record as a page of an older version (or a hostile one) could. */
function removeRecord(doc: Y.Doc, name: 'risks', id: string): void {
  transact(doc, 'test', () => collection(doc, name).delete(id));
}

/** The server's copy and a person's copy, in step; `change` runs on the person's. */
function changeOf(setup: (doc: Y.Doc) => void, change: (doc: Y.Doc) => void) {
  const server = peer(1);
  const person = peer(2);
  setup(server);
  sync(server, person);
  const before = Y.encodeStateVector(person);
  change(person);
  return { server, update: Y.encodeStateAsUpdate(person, before) };
}

describe('reading the writes of an update', () => {
  it('places a new record with its fields, and refuses nothing of it', () => {
    const { server, update } = changeOf(
      () => {},
      (doc) => addRisk(doc, risk),
    );
    const result = readUpdateWrites(server, update);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.writes).toHaveLength(1);
    const [write] = result.writes;
    expect(write).toMatchObject({ root: 'risks', field: null, action: 'set' });
    expect(write.value).toMatchObject({ title: 'Resin shortage', probability: 3, impact: 4 });
    expect(write.record).toBeUndefined();
  });

  it('places a changed field with the record as the document holds it', () => {
    let id = '';
    const { server, update } = changeOf(
      (doc) => (id = addRisk(doc, risk)),
      (doc) => updateRisk(doc, id, { probability: 5 }),
    );
    const result = readUpdateWrites(server, update);
    expect(result).toEqual({
      ok: true,
      writes: [
        {
          root: 'risks',
          key: id,
          field: 'probability',
          action: 'set',
          value: 5,
          record: expect.objectContaining({ title: 'Resin shortage', probability: 3 }),
        },
      ],
    });
  });

  it('places a removed record as a delete of its key', () => {
    let id = '';
    const { server, update } = changeOf(
      (doc) => (id = addRisk(doc, risk)),
      (doc) => removeRecord(doc, 'risks', id),
    );
    const result = readUpdateWrites(server, update);
    expect(result.ok && result.writes).toEqual([
      // The client id that wrote the record: the server's copy here (peer 1).
      { root: 'risks', key: id, field: null, action: 'delete', createdBy: 1 },
    ]);
  });

  it('reads a record set over one the document holds as touching the one replaced', () => {
    let id = '';
    const { server, update } = changeOf(
      (doc) => (id = addRisk(doc, risk)),
      (doc) => {
        const replacement = new Y.Map<unknown>();
        doc.getMap('risks').set(id, replacement);
        replacement.set('title', 'Forged');
      },
    );
    const result = readUpdateWrites(server, update);
    expect(result.ok && result.writes).toEqual([
      {
        root: 'risks',
        key: id,
        field: null,
        action: 'set',
        value: { title: 'Forged' },
        record: risk,
      },
    ]);
  });

  it('places a plan cell by its grid and key', () => {
    const periods = months('2027-01', 3);
    const plan = makePlan({ periods, demand: { A: row(periods, [10, 10, 10]) } });
    const { server, update } = changeOf(
      (doc) => importPlan(doc, plan),
      (doc) => setCell(doc, 'demand', 'A', '2027-02', 1200),
    );
    const result = readUpdateWrites(server, update);
    expect(result.ok && result.writes).toEqual([
      { root: 'demand', key: 'A|2027-02', field: null, action: 'set', value: 1200 },
    ]);
  });

  it("places typing in an agenda item's notes as a write of its notes field", () => {
    let id = '';
    const { server, update } = changeOf(
      (doc) => {
        id = addAgendaItem(doc, { title: 'Demand review', timeBoxMinutes: 10 });
        agendaNotes(doc, id).insert(0, 'Drill demand up');
      },
      (doc) => {
        agendaNotes(doc, id).insert(5, ' and saw');
        agendaNotes(doc, id).delete(0, 5);
      },
    );
    const result = readUpdateWrites(server, update);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.writes.map(({ root, key, field, action }) => ({ root, key, field, action })),
    ).toEqual([{ root: 'agenda', key: id, field: 'notes', action: 'set' }]);
  });

  it('names a root that is not part of a cycle as it is', () => {
    const { server, update } = changeOf(
      () => {},
      (doc) => doc.getMap('junk').set('x', 1),
    );
    const result = readUpdateWrites(server, update);
    expect(result.ok && result.writes).toEqual([
      { root: 'junk', key: 'x', field: null, action: 'set', value: 1 },
    ]);
  });

  it('reports an update whose earlier part the document never received', () => {
    const person = peer(2);
    addRisk(person, risk);
    const afterFirst = Y.encodeStateVector(person);
    addRisk(person, { ...risk, title: 'Second' });
    const secondOnly = Y.encodeStateAsUpdate(person, afterFirst);
    const server = peer(1);
    const result = readUpdateWrites(server, secondOnly);
    expect(result).toEqual({
      ok: false,
      problem: expect.stringMatching(/builds on changes .* the server never received/),
    });
    // The whole of it reads fine.
    expect(readUpdateWrites(server, Y.encodeStateAsUpdate(person)).ok).toBe(true);
  });

  it('reports an update that does not decode', () => {
    const result = readUpdateWrites(peer(1), new Uint8Array([1, 2, 3, 250, 250]));
    expect(result.ok).toBe(false);
  });

  it('reads every command the fuzz runs whole, into the roots of a cycle only (seed 7)', () => {
    const plan = generateDemoPlan({ families: 6, periods: 4, resources: 3, seed: 7 });
    const roots = new Set(DOCUMENT_ROOTS.map((root) => root.name));
    let read = 0;
    for (const { step, update, server } of commandUpdates({ seed: 7, plan, steps: 300 })) {
      const result = readUpdateWrites(server, update);
      expect(result.ok, `step ${step}`).toBe(true);
      if (!result.ok) return;
      for (const write of result.writes) expect(roots.has(write.root), write.root).toBe(true);
      read += result.writes.length;
    }
    expect(read).toBeGreaterThan(100);
  });

  it('reads an offline edit of a record someone else removed meanwhile (its fields collected)', () => {
    const server = peer(1);
    const id = addRisk(server, risk);
    const away = peer(2);
    sync(server, away);
    removeRecord(server, 'risks', id); // the server collects the risk's fields
    const before = Y.encodeStateVector(away);
    updateRisk(away, id, { probability: 5 });
    const result = readUpdateWrites(server, Y.encodeStateAsUpdate(away, before));
    // Readable, not a missing part; the edit lands in a removed record, so it writes nothing live.
    expect(result.ok).toBe(true);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(away, before));
    expect(server.getMap('risks').has(id)).toBe(false);
  });
});
