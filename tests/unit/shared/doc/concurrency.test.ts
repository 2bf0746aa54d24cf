import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  addAgendaItem,
  addRisk,
  closeAgendaItem,
  deleteFamily,
  docSnapshot,
  docToPlan,
  importPlan,
  PlanProjection,
  setCell,
  updateFamily,
  updateRisk,
} from '../../../../shared/doc/index.ts';
import { collection, cellValue } from '../../../../shared/doc/layout.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { peer, sync, syncAll } from '../../../helpers/docs.ts';

function twoPeers() {
  const a = peer(1);
  const b = peer(2);
  const plan = generateDemoPlan({ families: 5, periods: 4, resources: 2, seed: 11 });
  importPlan(a, plan);
  sync(a, b);
  return { a, b, plan, f: plan.families.map((x) => x.id), m: plan.periods };
}

describe('concurrent edits of one cycle', () => {
  it('edits to different cells and different fields all survive', () => {
    const { a, b, f, m } = twoPeers();
    setCell(a, 'demand', f[0], m[0], 101);
    setCell(b, 'demand', f[0], m[1], 202);
    updateFamily(a, f[1], { price: 55 });
    updateFamily(b, f[1], { name: 'Renamed family' });
    syncAll([a, b]);
    for (const doc of [a, b]) {
      const plan = docToPlan(doc);
      expect(plan.demand[f[0]][m[0]]).toBe(101);
      expect(plan.demand[f[0]][m[1]]).toBe(202);
      expect(plan.families[1]).toMatchObject({ price: 55, name: 'Renamed family' });
    }
  });

  it('two edits of the same cell end with one value on every peer', () => {
    const { a, b, f, m } = twoPeers();
    setCell(a, 'supply', f[2], m[2], 10);
    setCell(b, 'supply', f[2], m[2], 20);
    syncAll([a, b]);
    const [va, vb] = [a, b].map((doc) => cellValue(doc, 'supply', f[2], m[2]));
    expect(va).toBe(vb);
    expect([10, 20]).toContain(va);
  });

  it('a family deleted while another person edits its demand: the delete wins, nothing crashes', () => {
    const { a, b, f, m } = twoPeers();
    const projections = [new PlanProjection(a), new PlanProjection(b)];
    deleteFamily(a, f[3]);
    setCell(b, 'demand', f[3], m[0], 999);
    syncAll([a, b]);
    // The late edit survives in the document as a cell of no family; the plan never shows it.
    expect(cellValue(a, 'demand', f[3], m[0])).toBe(999);
    for (const [i, doc] of [a, b].entries()) {
      const plan = docToPlan(doc);
      expect(plan.families.map((x) => x.id)).not.toContain(f[3]);
      expect(plan.demand[f[3]]).toBeUndefined();
      expect(JSON.stringify(projections[i].result)).toBe(JSON.stringify(reconcile(plan)));
    }
    expect(JSON.stringify(projections[0].result)).toBe(JSON.stringify(projections[1].result));
  });

  it('an agenda item closed by two people at once has one whole outcome', () => {
    const { a, b } = twoPeers();
    addAgendaItem(a, { title: 'Critical constraints?', timeBoxMinutes: 10 }, 'item');
    sync(a, b);
    closeAgendaItem(a, 'item', { kind: 'noted', by: 'Ana', at: '2026-12-03T10:00:00Z' });
    closeAgendaItem(b, 'item', {
      kind: 'decision',
      ref: 'd-1',
      by: 'Ben',
      at: '2026-12-03T10:00:01Z',
    });
    syncAll([a, b]);
    const outcomes = [a, b].map((doc) => collection(doc, 'agenda').get('item')!.get('outcome'));
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect([
      { kind: 'noted', by: 'Ana', at: '2026-12-03T10:00:00Z' },
      { kind: 'decision', ref: 'd-1', by: 'Ben', at: '2026-12-03T10:00:01Z' },
    ]).toContainEqual(outcomes[0]);
  });

  it('two people editing different fields of one risk both keep their edit', () => {
    const { a, b } = twoPeers();
    addRisk(
      a,
      {
        title: 'Port strike',
        kind: 'risk',
        probability: 2,
        impact: 4,
        status: 'open',
        raisedIn: '2026-12',
      },
      'risk-1',
    );
    sync(a, b);
    updateRisk(a, 'risk-1', { probability: 4 });
    updateRisk(b, 'risk-1', { mitigation: 'Book air freight' });
    syncAll([a, b]);
    expect(docSnapshot(a)).toEqual(docSnapshot(b));
    expect(docSnapshot(a).collections.risks['risk-1']).toMatchObject({
      probability: 4,
      mitigation: 'Book air freight',
    });
  });
});
