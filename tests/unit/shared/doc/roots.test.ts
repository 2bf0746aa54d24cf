import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAgendaItem,
  closeCycle,
  createCycleDoc,
  DOCUMENT_ROOTS,
  documentRoot,
  importPlan,
  onDocChange,
  publishPreread,
  setChangeThreshold,
  startNextCycle,
  PlanProjection,
  setCell,
  type DocChange,
} from '../../../../shared/doc/index.ts';
import { changedTypes } from '../../../../shared/doc/transaction-roots.ts';
import { heldMeetingDoc } from '../../../helpers/minutes-cycle.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';
import { yDoc } from '../../../../shared/doc/cycle-doc.ts';

describe('the registry of document roots', () => {
  it('lists every root once, and the cycle life outside undo and snapshots', () => {
    const names = DOCUMENT_ROOTS.map((root) => root.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['closure', 'previous', 'preread']) {
      expect(documentRoot(name)).toMatchObject({ area: 'cycle', isUndoable: false });
    }
    expect(documentRoot('demand')).toMatchObject({ area: 'plan', kind: 'cells' });
    expect(documentRoot('demandBase')).toMatchObject({ area: 'plan', kind: 'rows' });
    expect(documentRoot('risks')).toMatchObject({ area: 'risks', isInSnapshot: true });
    expect(documentRoot('elsewhere')).toBeUndefined();
  });

  it('lists every root a whole cycle writes, so none is missed by undo, snapshots or files', () => {
    const doc = heldMeetingDoc();
    publishPreread(doc, { by: 'Ana Ruiz', at: '2026-12-01T08:00:00.000Z' });
    const next = createCycleDoc();
    startNextCycle(doc, next, 'sha256:' + '0'.repeat(64));
    setChangeThreshold(next, 0.2);
    closeCycle(doc, {
      closedAt: '2026-12-31T17:00:00.000Z',
      closedBy: 'Ana Ruiz',
      hash: 'sha256:' + '0'.repeat(64),
      nextCycle: '2027-01',
    });
    const written = [...yDoc(doc).share.keys(), ...yDoc(next).share.keys()];
    expect(written).toContain('closure');
    expect(written).toContain('previous');
    expect(written).toContain('preread');
    for (const name of written) expect(documentRoot(name), name).toBeDefined();
  });

  it('classifies a transaction once for every listener that asks', () => {
    const doc = createCycleDoc();
    importPlan(doc, makePlan());
    const seen: ReturnType<typeof changedTypes>[] = [];
    yDoc(doc).on('afterTransaction', (t: Y.Transaction) => seen.push(changedTypes(doc, t)));
    yDoc(doc).on('afterTransaction', (t: Y.Transaction) => seen.push(changedTypes(doc, t)));
    const changes: DocChange[] = [];
    const stop = onDocChange(doc, (change) => changes.push(change));
    const projection = new PlanProjection(doc);
    void projection.result;
    const family = projection.plan!.families[0].id;
    setCell(doc, 'demand', family, projection.plan!.periods[0], 7);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toMatchObject([{ rootName: 'demand', depth: 0, root: { area: 'plan' } }]);
    expect([...changes[0].areas]).toEqual(['plan']);
    expect(changes[0].touched.get('demand')).toEqual(new Set([family]));
    expect(projection.plan!.demand[family][projection.plan!.periods[0]]).toBe(7);

    addAgendaItem(doc, { title: 'Resin supply', timeBoxMinutes: 5 });
    expect([...changes[1].areas]).toEqual(['agenda']);
    stop();
    projection.destroy();
  });
});
