import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addRisk,
  createUndoTracker,
  docSnapshot,
  docToPlan,
  MigrationOrigin,
  openDocument,
  originKind,
  upgradeDocument,
  type Migration,
} from '../../../../shared/doc/index.ts';
import { baseRows, closureMap, collection, GRIDS, metaMap } from '../../../../shared/doc/layout.ts';
import { SCHEMA_VERSION } from '../../../../shared/schema/records.ts';

/** A version 1 cycle saved by this code on 2026-11-25 and never rewritten. */
function fixture(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readFileSync(new URL('../../../fixtures/cycle-v1.bin', import.meta.url)));
  return doc;
}
const expected = JSON.parse(
  readFileSync(new URL('../../../fixtures/cycle-v1.expected.json', import.meta.url), 'utf8'),
);

describe('document schema versions', () => {
  it('reads the frozen version 1 fixture exactly as it was written, writing nothing', () => {
    const doc = fixture();
    const before = Y.encodeStateVector(doc);
    expect(metaMap(doc).get('schemaVersion')).toBe(1);
    expect(openDocument(doc)).toEqual({ writable: true });
    expect(docToPlan(doc)).toEqual(expected.plan);
    expect(docSnapshot(doc)).toEqual(expected.snapshot);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('upgrades version 1 to 2: the same plan, its rows kept without month names', () => {
    const doc = fixture();
    const size = Y.encodeStateAsUpdate(doc).length;
    expect(upgradeDocument(doc)).toEqual({ writable: true });
    expect(metaMap(doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(docToPlan(doc)).toEqual(expected.plan);
    expect(docSnapshot(doc)).toEqual({
      ...expected.snapshot,
      meta: { ...expected.snapshot.meta, schemaVersion: 2 },
    });
    let rows = 0;
    for (const name of GRIDS) {
      for (const row of baseRows(doc, name).values()) {
        rows++;
        expect(Array.isArray(row), `${name} row`).toBe(true);
      }
    }
    expect(rows).toBeGreaterThan(10);
    expect(baseRows(doc, 'demand').get('F01')).toEqual([
      '2026-12',
      ...expected.plan.periods.map((month: string) => expected.plan.demand.F01[month] ?? null),
    ]);
    // Applied again, nothing is left to do.
    const vector = Y.encodeStateVector(doc);
    expect(upgradeDocument(doc)).toEqual({ writable: true });
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    // The garbage of the old rows is collected: the new document is smaller.
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    expect(Y.encodeStateAsUpdate(fresh).length).toBeLessThan(size);
  });

  it('upgrades a closed cycle too: the layout changes, never what it says', () => {
    const doc = fixture();
    closureMap(doc).set('closedAt', '2026-12-31T17:00:00.000Z');
    expect(upgradeDocument(doc)).toEqual({ writable: true });
    expect(metaMap(doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(docToPlan(doc)).toEqual(expected.plan);
  });

  it('a page writes into a version 1 document in the version 2 layout, read the same', () => {
    const doc = fixture();
    const mixed = fixture();
    upgradeDocument(mixed);
    // One row in each form: the readers take both.
    baseRows(doc, 'supply').set('F01', baseRows(mixed, 'supply').get('F01'));
    expect(docToPlan(doc)).toEqual(expected.plan);
  });

  it('runs each migration in order, one transaction each, up to the current version', () => {
    const doc = fixture();
    const steps: Migration[] = [
      {
        from: 1,
        describe: 'risks gain a review flag',
        migrate: (d) => collection(d, 'risks').forEach((risk) => risk.set('reviewed', false)),
      },
      { from: 2, describe: 'a new title', migrate: (d) => metaMap(d).set('title', 'Migrated') },
    ];
    const seen: number[] = [];
    doc.on('afterTransaction', () => seen.push(metaMap(doc).get('schemaVersion') as number));
    expect(upgradeDocument(doc, steps, 3)).toEqual({ writable: true });
    expect(metaMap(doc).get('schemaVersion')).toBe(3);
    expect(seen).toEqual([2, 3]);
    expect(collection(doc, 'risks').get('risk-1')!.get('reviewed')).toBe(false);
    expect(metaMap(doc).get('title')).toBe('Migrated');
  });

  it('a missing migration leaves the document untouched and read-only', () => {
    const doc = fixture();
    expect(upgradeDocument(doc, [], 2)).toEqual({
      writable: false,
      reason: 'no migration from document version 1',
    });
    expect(metaMap(doc).get('schemaVersion')).toBe(1);
  });

  it('a document from a newer version opens read-only and says why', () => {
    const doc = fixture();
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const mode = openDocument(doc);
    expect(mode.writable).toBe(false);
    expect(!mode.writable && mode.reason).toBe(
      `this cycle was saved by a newer Fulcrum (document version ${SCHEMA_VERSION + 1}, this one reads up to ${SCHEMA_VERSION}): it is open read-only; reload to update`,
    );
  });

  it("runs migrations under their own origin, so no one's undo can revert one", () => {
    const doc = fixture();
    const undo = createUndoTracker(doc);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const step: Migration = {
      from: 1,
      describe: 'a new title',
      migrate: (d) => metaMap(d).set('title', 'Migrated'),
    };
    expect(upgradeDocument(doc, [step], 2)).toEqual({ writable: true });
    expect(origins).toHaveLength(1);
    expect(origins[0]).toBeInstanceOf(MigrationOrigin);
    expect(originKind(origins[0])).toBe('migration');
    expect(undo.canUndo).toBe(false);
    expect(undo.undo()).toBe(false);
    expect(metaMap(doc).get('title')).toBe('Migrated');
    expect(metaMap(doc).get('schemaVersion')).toBe(2);

    // A person's own command after it is undoable, and undoing it keeps the migration.
    addRisk(
      doc,
      {
        title: 'Late tooling',
        kind: 'risk',
        probability: 2,
        impact: 3,
        status: 'open',
        raisedIn: '2026-01',
      },
      'risk-new',
    );
    expect(undo.undo()).toBe(true);
    expect(undo.undo()).toBe(false);
    expect(metaMap(doc).get('schemaVersion')).toBe(2);
    expect(metaMap(doc).get('title')).toBe('Migrated');
    undo.destroy();
  });
});
