import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  applyDocUpdate,
  clearCell,
  DEVICE_ORIGIN,
  encodeDocState,
  importPlan,
  setCell,
  setTitle,
  updateFamily,
  watchCellClashes,
  type CellClash,
  type DocGridName,
} from '../../../../shared/doc/index.ts';
import { cellValue } from '../../../../shared/doc/layout.ts';
import { seededRandom } from '../../../../shared/random.ts';
import { peer, sync, syncAll } from '../../../helpers/docs.ts';

/** Peers with fixed client ids (the higher id wins a tie), the demo plan and a clash log each. */
function peers(...ids: number[]) {
  const docs = ids.map((id) => peer(id));
  const plan = generateDemoPlan({ families: 4, periods: 3, resources: 2, seed: 5 });
  importPlan(docs[0], plan);
  syncAll(docs);
  const clashes = docs.map(() => [] as CellClash[]);
  const stops = docs.map((doc, i) => watchCellClashes(doc, (clash) => clashes[i].push(clash)));
  return { docs, clashes, stops, f: plan.families.map((x) => x.id), m: plan.periods };
}

describe('watchCellClashes', () => {
  it('tells only the person whose concurrent edit lost, with both values', () => {
    const { docs, clashes, f, m } = peers(1, 2);
    const [a, b] = docs;
    setCell(a, 'supply', f[1], m[2], 700);
    setCell(b, 'supply', f[1], m[2], 650);
    syncAll(docs);
    // The higher client id wins the tie: b's value stands everywhere; a is told.
    expect(cellValue(a, 'supply', f[1], m[2])).toBe(650);
    expect(cellValue(b, 'supply', f[1], m[2])).toBe(650);
    expect(clashes[0]).toEqual([
      { grid: 'supply', id: f[1], month: m[2], mine: 700, theirs: 650, theirClient: 2 },
    ]);
    expect(clashes[1]).toEqual([]);
  });

  it('tells the loser whichever side the update arrives from first', () => {
    const { docs, clashes, f, m } = peers(9, 4);
    const [a, b] = docs;
    setCell(a, 'demand', f[0], m[0], 10);
    setCell(b, 'demand', f[0], m[0], 20);
    sync(b, a); // a hears of b's edit first: b's loses at a, a is not told
    expect(clashes[0]).toEqual([]);
    sync(a, b);
    expect(clashes[1]).toEqual([
      { grid: 'demand', id: f[0], month: m[0], mine: 20, theirs: 10, theirClient: 9 },
    ]);
    expect(clashes[0]).toEqual([]);
  });

  it('a later edit by someone who saw my value tells no one', () => {
    const { docs, clashes, f, m } = peers(1, 2);
    const [a, b] = docs;
    setCell(b, 'demand', f[2], m[1], 700);
    sync(b, a);
    setCell(a, 'demand', f[2], m[1], 650);
    sync(a, b);
    expect(cellValue(b, 'demand', f[2], m[1])).toBe(650);
    // Seen and changed twice, both changes arriving in one update.
    setCell(a, 'demand', f[2], m[1], 1);
    sync(a, b);
    setCell(b, 'demand', f[2], m[1], 2);
    setCell(b, 'demand', f[2], m[1], 3);
    sync(b, a);
    expect(cellValue(a, 'demand', f[2], m[1])).toBe(3);
    expect(clashes).toEqual([[], []]);
  });

  it('a concurrent edit changed again before it arrives still tells the loser, with the value that stands', () => {
    const { docs, clashes, f, m } = peers(1, 2);
    const [a, b] = docs;
    setCell(a, 'budget', f[3], m[0], 700);
    setCell(b, 'budget', f[3], m[0], 650);
    setCell(b, 'budget', f[3], m[0], 660);
    sync(b, a);
    expect(clashes[0]).toEqual([
      { grid: 'budget', id: f[3], month: m[0], mine: 700, theirs: 660, theirClient: 2 },
    ]);
  });

  it('a cleared cell counts as a value on either side', () => {
    const { docs, clashes, f, m } = peers(1, 2);
    const [a, b] = docs;
    clearCell(a, 'supply', f[0], m[1]);
    setCell(b, 'supply', f[0], m[1], 40);
    syncAll(docs);
    expect(clashes[0]).toEqual([
      { grid: 'supply', id: f[0], month: m[1], mine: null, theirs: 40, theirClient: 2 },
    ]);
    setCell(a, 'supply', f[0], m[2], 30);
    clearCell(b, 'supply', f[0], m[2]);
    syncAll(docs);
    expect(clashes[0][1]).toMatchObject({ mine: 30, theirs: null });
    expect(clashes[1]).toEqual([]);
  });

  it('the same value written by both is no loss', () => {
    const { docs, clashes, f, m } = peers(1, 2);
    setCell(docs[0], 'demand', f[1], m[1], 55);
    setCell(docs[1], 'demand', f[1], m[1], 55);
    syncAll(docs);
    expect(clashes).toEqual([[], []]);
  });

  it('a clash outside the plan grids tells no one', () => {
    const { docs, clashes, f } = peers(1, 2);
    const [a, b] = docs;
    setTitle(a, 'June plan');
    setTitle(b, 'July plan');
    updateFamily(a, f[0], { name: 'Hoses' });
    updateFamily(b, f[0], { name: 'Garden hoses' });
    syncAll(docs);
    expect(clashes).toEqual([[], []]);
  });

  it('stops when told to', () => {
    const { docs, clashes, stops, f, m } = peers(1, 2);
    stops[0]();
    setCell(docs[0], 'supply', f[1], m[2], 700);
    setCell(docs[1], 'supply', f[1], m[2], 650);
    syncAll(docs);
    expect(clashes[0]).toEqual([]);
  });

  it('an offline edit of an earlier session on this device is mine when told so', () => {
    const { docs, f, m } = peers(1, 2);
    const [earlier, b] = docs;
    setCell(earlier, 'supply', f[1], m[2], 700);
    // The tab closes offline; a new session loads the device's copy with a new client id.
    const reopen = (earlierClients?: number[]) => {
      const doc = peer(3);
      applyDocUpdate(doc, encodeDocState(earlier), DEVICE_ORIGIN);
      const told: CellClash[] = [];
      watchCellClashes(doc, (clash) => told.push(clash), { earlierClients });
      return { doc, told };
    };
    const known = reopen([1]);
    const unknown = reopen();
    setCell(b, 'supply', f[1], m[2], 650);
    sync(b, known.doc);
    sync(b, unknown.doc);
    expect(known.told).toEqual([
      { grid: 'supply', id: f[1], month: m[2], mine: 700, theirs: 650, theirClient: 2 },
    ]);
    expect(unknown.told).toEqual([]);
  });

  it('seeded rounds of offline edits: exactly each loser is told, once per lost cell', () => {
    const seed = 20261205;
    const random = seededRandom(seed);
    const ids = [3, 7, 5];
    const { docs, clashes, f, m } = peers(...ids);
    const grids: DocGridName[] = ['demand', 'supply', 'budget'];
    const cells = grids.flatMap((g) => f.flatMap((id) => m.map((month) => ({ g, id, month }))));
    let counter = 0;
    for (let round = 0; round < 60; round++) {
      // Everyone offline: each person edits a few cells, some more than once.
      const last = docs.map(() => new Map<string, number>());
      const picked = Array.from({ length: 4 }, () => random.pick(cells));
      docs.forEach((doc, i) => {
        for (const cell of picked) {
          if (!random.chance(0.5)) continue;
          const value = ++counter;
          setCell(doc, cell.g, cell.id, cell.month, value);
          last[i].set(`${cell.g}|${cell.id}|${cell.month}`, value);
        }
      });
      const before = clashes.map((list) => list.length);
      // Back online, in a random order.
      const order: Y.Doc[] = [...docs];
      for (let i = order.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      syncAll(order);
      const told = clashes.map((list, i) => list.slice(before[i]));
      docs.forEach((doc, i) => {
        const expected = [...last[i]].flatMap(([key, mine]) => {
          const [g, id, month] = key.split('|');
          const final = cellValue(doc, g as DocGridName, id, month);
          return final === mine ? [] : [{ key, mine, final }];
        });
        expect(
          told[i].map((c) => `${c.grid}|${c.id}|${c.month}:${c.mine}`).sort(),
          `seed ${seed} round ${round} peer ${ids[i]}`,
        ).toEqual(expected.map((e) => `${e.key}:${e.mine}`).sort());
        for (const clash of told[i]) {
          // What replaced mine is another person's value of this round, written by them.
          const key = `${clash.grid}|${clash.id}|${clash.month}`;
          const writer = last.findIndex((values, j) => j !== i && values.get(key) === clash.theirs);
          expect(writer, `seed ${seed} round ${round}`).toBeGreaterThanOrEqual(0);
          expect(clash.theirClient).toBe(ids[writer]);
        }
      });
    }
    expect(clashes.flat().length).toBeGreaterThan(10);
  });
});
