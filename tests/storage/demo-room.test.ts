import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { docToPlan, setCell } from '../../shared/doc/index.ts';
import { collection } from '../../shared/doc/layout.ts';
import { seedRoom } from '../../server/demo-room.ts';
import { MemoryStorage } from '../../server/storage/memory-storage.ts';

describe('seeding a room', () => {
  it('stores the plan and the standard agenda once, and never over what people wrote', async () => {
    const storage = new MemoryStorage();
    const plan = generateDemoPlan({ families: 4, periods: 3, resources: 2 });
    expect(await seedRoom(storage, 'demo/2026-12', plan)).toBe(true);
    const doc = new Y.Doc();
    for (const update of (await storage.load('demo/2026-12')).updates) Y.applyUpdate(doc, update);
    expect(docToPlan(doc)).toEqual(plan);
    expect(collection(doc, 'agenda').size).toBe(10);
    expect(collection(doc, 'inputs').size).toBe(0);

    // Someone edits; a restart must not seed again.
    let edit: Uint8Array | undefined;
    doc.once('update', (update: Uint8Array) => (edit = update));
    setCell(doc, 'demand', plan.families[0].id, plan.periods[0], 1234);
    await storage.append('demo/2026-12', edit!);
    expect(await seedRoom(storage, 'demo/2026-12', plan)).toBe(false);
    const again = new Y.Doc();
    for (const update of (await storage.load('demo/2026-12')).updates) Y.applyUpdate(again, update);
    expect(docToPlan(again).demand[plan.families[0].id][plan.periods[0]]).toBe(1234);
    await storage.close();
  });

  it("stores the demand review's streams, frozen forecasts, marks and lags with it", async () => {
    const storage = new MemoryStorage();
    const plan = generateDemoPlan({ families: 7, periods: 6, resources: 2, demandReview: true });
    expect(await seedRoom(storage, 'demo/2026-12', plan)).toBe(true);
    const doc = new Y.Doc();
    for (const update of (await storage.load('demo/2026-12')).updates) Y.applyUpdate(doc, update);
    const read = docToPlan(doc);
    expect(read.forecastSnapshots).toHaveLength(18);
    expect(Object.keys(read.demandStreams?.adjustments ?? {})).toEqual([
      'F01',
      'F02',
      'F03',
      'F05',
    ]);
    expect(read.families.map((family) => family.forecastLag ?? 1)).toEqual([1, 1, 1, 2, 1, 1, 3]);
    expect(read).toEqual(plan);
    // The functions that adjusted demand have their input in progress, by who adjusted last.
    const inputs = collection(doc, 'inputs').toJSON();
    expect(Object.keys(inputs).sort()).toEqual(['marketing', 'sales']);
    expect(inputs.sales).toMatchObject({ status: 'inProgress', by: 'Sam Sales' });
    expect(inputs.marketing).toMatchObject({ status: 'inProgress', by: 'Mia Marketing' });
    expect(Date.parse(inputs.sales.at)).toBeGreaterThan(Date.parse(`${plan.cycle}-01`));
    await storage.close();
  });
});
