import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { rootAsSeen, sendAs } from '../helpers/raw-writes.ts';
import { relaysForFile } from '../helpers/relay.ts';

const relay = relaysForFile();

const family = (fields: Record<string, unknown>) => {
  const record = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) record.set(key, value);
  return record;
};
const HOSES = { name: 'Garden hoses', price: 12, unitCost: 7, openingInventory: 100, order: 0 };

describe('the relay refuses values that break the schema', () => {
  it('refuses a horizon of a billion months and takes a year, over a raw socket', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('meta').set('periodCount', 1e9),
      ),
    ).toEqual({
      code: 4403,
      reason: 'this change was refused: meta.periodCount: must be at most 60.',
    });
    expect(await rootAsSeen(server.syncUrl, room, 'meta')).toEqual({});
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('meta').set('periodCount', 12),
      ),
    ).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'meta')).toEqual({ periodCount: 12 });
    // A layout version from the future would open the cycle read-only on every page.
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('meta').set('schemaVersion', 1000),
      ),
    ).toEqual({
      code: 4403,
      reason:
        'this change was refused: meta.schemaVersion: must be 2, the layout this version of Fulcrum writes.',
    });
    expect(await rootAsSeen(server.syncUrl, room, 'meta')).toEqual({ periodCount: 12 });
  });

  it("refuses a family's price of text, keeps the old price, and takes a new number", async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const added = await sendAs(server.syncUrl, room, 'editor', (doc) =>
      doc.getMap('families').set('hoses', family(HOSES)),
    );
    expect(added).toBe('open');
    const price = (value: unknown) => (doc: Y.Doc) =>
      (doc.getMap('families').get('hoses') as Y.Map<unknown>).set('price', value);
    expect(await sendAs(server.syncUrl, room, 'editor', price('not a number'))).toEqual({
      code: 4403,
      reason: 'this change was refused: families "hoses": price: must be a number.',
    });
    expect(await rootAsSeen(server.syncUrl, room, 'families')).toMatchObject({
      hoses: { price: 12 },
    });
    expect(await sendAs(server.syncUrl, room, 'editor', price(13.5))).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'families')).toMatchObject({
      hoses: { price: 13.5 },
    });
  });

  it('refuses a new family missing its price, and a field the record does not have', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const noPrice: Record<string, unknown> = { ...HOSES };
    delete noPrice.price;
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('families').set('hoses', family(noPrice)),
      ),
    ).toMatchObject({ code: 4403, reason: expect.stringMatching(/families "hoses": price/) });
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('families').set('hoses', family({ ...HOSES, secret: 'x' })),
      ),
    ).toMatchObject({ code: 4403 });
    expect(await rootAsSeen(server.syncUrl, room, 'families')).toEqual({});
  });
  it('refuses a demand cell above 10^12, keeps the old value, and takes exactly 10^12', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const demand = (value: number) => (doc: Y.Doc) =>
      doc.getMap('demand').set('hoses|2027-01', value);
    expect(await sendAs(server.syncUrl, room, 'editor', demand(1200))).toBe('open');
    expect(await sendAs(server.syncUrl, room, 'editor', demand(Number('9'.repeat(20))))).toEqual({
      code: 4403,
      reason:
        'this change was refused: demand hoses|2027-01: must be at most 1,000,000,000,000, the largest number a plan takes.',
    });
    expect(await rootAsSeen(server.syncUrl, room, 'demand')).toEqual({ 'hoses|2027-01': 1200 });
    expect(await sendAs(server.syncUrl, room, 'editor', demand(1e12))).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'demand')).toEqual({ 'hoses|2027-01': 1e12 });
  });
  it('refuses settings outside their bounds over a raw socket, and takes one within', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const window = (value: unknown) => (doc: Y.Doc) =>
      doc.getMap('settings').set('trackingWindow', value);
    expect(await sendAs(server.syncUrl, room, 'editor', window(1e20))).toEqual({
      code: 4403,
      reason: 'this change was refused: settings.trackingWindow: must be at most 60.',
    });
    expect(await sendAs(server.syncUrl, room, 'editor', window('six'))).toEqual({
      code: 4403,
      reason: 'this change was refused: settings.trackingWindow: must be a number.',
    });
    expect(await rootAsSeen(server.syncUrl, room, 'settings')).toEqual({});
    // A viewer may not change them at all; an editor and the facilitator may.
    expect(await sendAs(server.syncUrl, room, 'viewer', window(8))).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/Only the facilitator and editors change the plan/),
    });
    expect(await sendAs(server.syncUrl, room, 'editor', window(8))).toBe('open');
    expect(
      await sendAs(server.syncUrl, room, 'facilitator', (doc) =>
        doc.getMap('settings').set('fiscalYearStart', 4),
      ),
    ).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'settings')).toEqual({
      trackingWindow: 8,
      fiscalYearStart: 4,
    });
  });

  it('refuses an actual or margin budget of 10^20, and takes real ones from planners', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const onHand = (value: unknown) => (doc: Y.Doc) =>
      doc.getMap('actualsOnHand').set('hoses|2026-11', value);
    expect(await sendAs(server.syncUrl, room, 'editor', onHand(1e20))).toEqual({
      code: 4403,
      reason:
        'this change was refused: actualsOnHand hoses|2026-11: must be at most 1,000,000,000,000, the largest number a plan takes.',
    });
    expect(await sendAs(server.syncUrl, room, 'editor', onHand('not a number'))).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/actualsOnHand hoses\|2026-11: must be a number/),
    });
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('marginBudgetBase').set('hoses', ['2027-01', 1e20]),
      ),
    ).toMatchObject({ code: 4403, reason: expect.stringMatching(/marginBudgetBase hoses/) });
    // A row in the layout of version 1 is refused: the server upgraded the document.
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('marginBudgetBase').set('hoses', { '2027-01': 4200 }),
      ),
    ).toMatchObject({
      code: 4403,
      reason: 'this change was refused: marginBudgetBase hoses: must be a month then its values.',
    });
    expect(await sendAs(server.syncUrl, room, 'approver', onHand(30))).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/Only the facilitator and editors change the plan/),
    });
    expect(await rootAsSeen(server.syncUrl, room, 'actualsOnHand')).toEqual({});
    expect(await rootAsSeen(server.syncUrl, room, 'marginBudgetBase')).toEqual({});
    expect(await sendAs(server.syncUrl, room, 'editor', onHand(30))).toBe('open');
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('marginBudgetBase').set('hoses', ['2027-01', 4200]),
      ),
    ).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'actualsOnHand')).toEqual({
      'hoses|2026-11': 30,
    });
    expect(await rootAsSeen(server.syncUrl, room, 'marginBudgetBase')).toEqual({
      hoses: ['2027-01', 4200],
    });
  });

  it('refuses a holding rate above 1 and an extra-hour cost of 10^20; takes a backlog owed', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) => {
        doc.getMap('families').set('hoses', family(HOSES));
        doc.getMap('resources').set('L1', family({ name: 'Line 1', order: 0 }));
      }),
    ).toBe('open');
    const field = (root: string, id: string, name: string, value: unknown) => (doc: Y.Doc) =>
      (doc.getMap(root).get(id) as Y.Map<unknown>).set(name, value);
    expect(
      await sendAs(server.syncUrl, room, 'editor', field('families', 'hoses', 'holdingRate', 2)),
    ).toEqual({
      code: 4403,
      reason:
        'this change was refused: families "hoses": holdingRate: must be between 0 and 1, got 2.',
    });
    expect(
      await sendAs(server.syncUrl, room, 'editor', field('resources', 'L1', 'extraHourCost', 1e20)),
    ).toMatchObject({
      code: 4403,
      reason: expect.stringMatching(/extraHourCost: must be at most/),
    });
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) => {
        field('families', 'hoses', 'holdingRate', 0.03)(doc);
        field('families', 'hoses', 'openingInventory', -442)(doc);
        field('resources', 'L1', 'extraHourCost', 45)(doc);
      }),
    ).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'families')).toMatchObject({
      hoses: { holdingRate: 0.03, openingInventory: -442 },
    });
    expect(await rootAsSeen(server.syncUrl, room, 'resources')).toMatchObject({
      L1: { extraHourCost: 45 },
    });
  });
});
