import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  summarizeChange,
  summarizeWrites,
  type ChangeSummary,
} from '../../server/storage/change-summary.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { readUpdateWrites } from '../../shared/doc/index.ts';
import { commandUpdates } from '../convergence/doc-fuzz.ts';
import { MAX_SUMMARY_CHANGES } from '../../server/storage/history.ts';

/** A relay's document and a person's; `change` applies the person's edit to the relay's doc. */
function pair() {
  const relay = new Y.Doc();
  const person = new Y.Doc();
  const sync = () =>
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(person, Y.encodeStateVector(relay)));
  /**
   * The person's edit, applied at the relay; returns the change as the room records it
   * (what the relay document emitted: only this change's deletions).
   */
  const change = (write: (doc: Y.Doc) => void): Uint8Array => {
    const emitted: Uint8Array[] = [];
    const capture = (update: Uint8Array) => emitted.push(update);
    relay.on('update', capture);
    person.transact(() => write(person));
    sync();
    relay.off('update', capture);
    return Y.mergeUpdates(emitted);
  };
  return { relay, person, change };
}

function record(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

describe('what a stored change touched, read against the relay document', () => {
  it('names a cell set, a new record (not each of its fields) and a field of a record', () => {
    const { relay, change } = pair();
    expect(
      summarizeChange(
        relay,
        change((doc) => doc.getMap('demand').set('F1|2027-06', 700)),
      ),
    ).toEqual({
      changes: [{ root: 'demand', key: 'F1|2027-06', field: null, action: 'set' }],
      changeCount: 1,
    });
    const added = change((doc) =>
      doc.getMap('risks').set('r-1', record({ title: 'Late supplier', probability: 3 })),
    );
    expect(summarizeChange(relay, added)).toEqual({
      changes: [{ root: 'risks', key: 'r-1', field: null, action: 'set' }],
      changeCount: 1,
    });
    const edited = change((doc) =>
      (doc.getMap('risks').get('r-1') as Y.Map<unknown>).set('probability', 5),
    );
    expect(summarizeChange(relay, edited).changes).toEqual([
      { root: 'risks', key: 'r-1', field: 'probability', action: 'set' },
    ]);
  });

  it('counts a replaced value as set, and a removed record once', () => {
    const { relay, change } = pair();
    change((doc) => {
      doc.getMap('demand').set('F1|2027-06', 700);
      doc.getMap('risks').set('r-1', record({ title: 'Late supplier', probability: 3 }));
    });
    expect(
      summarizeChange(
        relay,
        change((doc) => doc.getMap('demand').set('F1|2027-06', 650)),
      ),
    ).toEqual({
      changes: [{ root: 'demand', key: 'F1|2027-06', field: null, action: 'set' }],
      changeCount: 1,
    });
    expect(
      summarizeChange(
        relay,
        change((doc) => doc.getMap('risks').delete('r-1')),
      ),
    ).toEqual({
      changes: [{ root: 'risks', key: 'r-1', field: null, action: 'delete' }],
      changeCount: 1,
    });
  });

  it('places typing in a record text under its field, once', () => {
    const { relay, change } = pair();
    change((doc) => {
      const notes = new Y.Text();
      doc.getMap('agenda').set('item-1', record({ notes }));
    });
    const typed = change((doc) => {
      const notes = (doc.getMap('agenda').get('item-1') as Y.Map<unknown>).get('notes') as Y.Text;
      notes.insert(0, 'Agreed');
      notes.insert(6, ' to add a shift');
    });
    expect(summarizeChange(relay, typed)).toEqual({
      changes: [{ root: 'agenda', key: 'item-1', field: 'notes', action: 'set' }],
      changeCount: 1,
    });
  });

  it('keeps at most 50 places and counts them all', () => {
    const { relay, change } = pair();
    change((doc) => {
      for (let n = 0; n < 80; n++) doc.getMap('demand').set(`F${n}|2027-06`, n);
    });
    const wipe = change((doc) => doc.getMap('demand').clear());
    const summary = summarizeChange(relay, wipe);
    expect(summary.changeCount).toBe(80);
    expect(summary.changes).toHaveLength(MAX_SUMMARY_CHANGES);
    expect(
      summary.changes.every((place) => place.root === 'demand' && place.action === 'delete'),
    ).toBe(true);
  });

  it('keeps a place of every collection touched when it caps, so a filter by collection finds it', () => {
    const { relay, change } = pair();
    const wide = change((doc) => {
      for (let n = 0; n < 80; n++) doc.getMap('demand').set(`F${n}|2027-06`, n);
      doc.getMap('risks').set('r-9', 'last of all');
    });
    const summary = summarizeChange(relay, wide);
    expect(summary.changeCount).toBe(81);
    expect(summary.changes).toHaveLength(MAX_SUMMARY_CHANGES);
    expect(summary.changes).toContainEqual({
      root: 'risks',
      key: 'r-9',
      field: null,
      action: 'set',
    });
  });
});

describe('a capped summary', () => {
  it('names every family a wide change wrote before a second month of any', () => {
    const { relay, change } = pair();
    const adoption = change((doc) => {
      for (let n = 0; n < 12; n++) {
        for (let m = 1; m <= 9; m++) doc.getMap('supply').set(`F${n}|2027-0${m}`, n * m);
      }
    });
    const summary = summarizeChange(relay, adoption);
    expect(summary.changeCount).toBe(108);
    expect(summary.changes).toHaveLength(MAX_SUMMARY_CHANGES);
    const families = new Set(summary.changes.map((place) => place.key?.split('|')[0]));
    expect(families.size).toBe(12);
  });
});

describe('a change the summary cannot read', () => {
  it('is summarised as nothing recorded instead of stopping the store', () => {
    expect(summarizeChange(new Y.Doc(), Uint8Array.of(1, 2, 3))).toEqual({
      changes: [],
      changeCount: 0,
    });
  });
});

describe('the summary of what a person sent, from the write check', () => {
  it('names the places reading the stored change names, without removals it already held', () => {
    const plan = generateDemoPlan({ families: 5, periods: 4, resources: 2, seed: 3 });
    let compared = 0;
    for (const { step, update, server } of commandUpdates({ seed: 13, plan, steps: 200 })) {
      const read = readUpdateWrites(server, update);
      if (!read.ok) throw new Error(read.problem);
      const after = new Y.Doc();
      Y.applyUpdate(after, Y.encodeStateAsUpdate(server));
      Y.applyUpdate(after, update);
      const places = (summary: ChangeSummary, action: 'set' | 'delete') =>
        summary.changes
          .filter((c) => c.action === action)
          .map((c) => `${c.root} ${c.key} ${c.field}`)
          .sort();
      const fromWrites = summarizeWrites(read.writes);
      const fromChange = summarizeChange(after, update);
      expect(places(fromWrites, 'set'), `step ${step}`).toEqual(places(fromChange, 'set'));
      // The update carries the whole delete set; reading the stored change cannot tell the
      // removals the cycle already held from new ones, the write check can.
      if (fromChange.changeCount > fromChange.changes.length) {
        // A long change (a family deleted with every grid of it) lists its first places
        // only: then the counts tell, and the change reads at least what the check read.
        expect(fromChange.changeCount, `step ${step}`).toBeGreaterThanOrEqual(
          fromWrites.changeCount,
        );
      } else {
        for (const removed of places(fromWrites, 'delete')) {
          expect(places(fromChange, 'delete'), `step ${step}`).toContain(removed);
        }
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
