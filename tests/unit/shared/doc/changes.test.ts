import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addRisk,
  addStandardAgenda,
  agendaNotes,
  importPlan,
  onDocChange,
  setCell,
  updateRisk,
  type DocChange,
} from '../../../../shared/doc/index.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

function watch(doc: Y.Doc): DocChange[] {
  const seen: DocChange[] = [];
  onDocChange(doc, (change) => seen.push(change));
  return seen;
}

describe('what a change touched', () => {
  it('names the records of my commands, by root', () => {
    const doc = new Y.Doc();
    importPlan(doc, makePlan());
    addStandardAgenda(doc);
    const seen = watch(doc);
    addRisk(
      doc,
      {
        title: 'Resin',
        kind: 'risk',
        probability: 2,
        impact: 3,
        status: 'open',
        raisedIn: '2026-12',
      },
      'risk-1',
    );
    updateRisk(doc, 'risk-1', { probability: 4 });
    setCell(doc, 'demand', 'A', '2027-01', 42);
    agendaNotes(doc, 'agenda-3').insert(0, 'notes');
    expect(
      seen.map((c) => [c.isLocal, Object.fromEntries([...c.touched].map(([k, v]) => [k, [...v]]))]),
    ).toEqual([
      [true, { risks: ['risk-1'] }],
      [true, { risks: ['risk-1'] }],
      [true, { demand: ['A'] }],
      // Typing in notes is not a command: not "mine" for undo, but its record is named.
      [false, { agenda: ['agenda-3'] }],
    ]);
  });

  it('marks what arrives from others as not local', () => {
    const a = new Y.Doc();
    importPlan(a, makePlan());
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const seen = watch(b);
    const before = Y.encodeStateVector(a);
    setCell(a, 'supply', 'A', '2027-01', 7);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, before));
    expect(seen).toHaveLength(1);
    expect(seen[0].isLocal).toBe(false);
    expect([...seen[0].touched.get('supply')!]).toEqual(['A']);
  });
});
