import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAgendaItem,
  agendaNotes,
  FOREIGN_CONTENT,
  importPlan,
  publishPreread,
  readUpdateWrites,
  setCell,
  setExtraHourCost,
  signOff,
  startMeeting,
  updateFamily,
  updateSettings,
  type UpdateWrite,
} from '../../../../shared/doc/index.ts';
import { checkWriteValue } from '../../../../shared/policy/write-values.ts';
import { commandUpdates } from '../../../convergence/doc-fuzz.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { peer, sync } from '../../../helpers/docs.ts';

const set = (root: string, key: string, value: unknown, field: string | null = null) =>
  ({ root, key, field, action: 'set', value }) as UpdateWrite;
const remove = (root: string, key: string, field: string | null = null) =>
  ({ root, key, field, action: 'delete' }) as UpdateWrite;

describe('the value of every write matches its schema', () => {
  it('refuses a horizon of a billion months, and takes a year', () => {
    expect(checkWriteValue(set('meta', 'periodCount', 1e9))).toBe(
      'meta.periodCount: must be at most 60.',
    );
    expect(checkWriteValue(set('meta', 'periodCount', 12))).toBeNull();
    expect(checkWriteValue(remove('meta', 'title'))).toBe('meta.title cannot be removed.');
    expect(checkWriteValue(set('meta', 'colour', 'red'))).toBe('meta has no field "colour".');
  });

  it('refuses a price that is not a number, naming the family and field', () => {
    expect(checkWriteValue(set('families', 'hoses', 'not a number', 'price'))).toBe(
      'families "hoses": price: must be a number.',
    );
    expect(checkWriteValue(set('families', 'hoses', Infinity, 'price'))).toBe(
      'families "hoses": price: must be a finite number.',
    );
    expect(checkWriteValue(set('families', 'hoses', 12.5, 'price'))).toBeNull();
    expect(checkWriteValue(set('families', 'hoses', 1, 'discount'))).toBe(
      'families "hoses" has no field "discount".',
    );
    expect(checkWriteValue(remove('families', 'hoses', 'price'))).toBe(
      'families "hoses": price cannot be removed.',
    );
    expect(checkWriteValue(remove('families', 'hoses', 'safetyStock'))).toBeNull();
  });

  it('checks a whole new record, its key and a text too long', () => {
    const risk = {
      title: 'Resin',
      kind: 'risk',
      probability: 3,
      impact: 4,
      status: 'open',
      raisedIn: '2026-12',
    };
    expect(checkWriteValue(set('risks', 'r1', risk))).toBeNull();
    expect(checkWriteValue(set('risks', 'r1', { ...risk, probability: 9 }))).toBe(
      'risks "r1": probability: must be at most 5.',
    );
    expect(checkWriteValue(set('risks', 'r1', { ...risk, title: 'x'.repeat(301) }))).toBe(
      'risks "r1": title: must be at most 300 characters.',
    );
    expect(checkWriteValue(set('risks', 'a|b', risk))).toBe('risks key: must not contain "|".');
    expect(checkWriteValue(set('risks', 'r1', 'text'))).toBe('risks "r1" must be a record.');
  });

  it('checks cells and imported rows', () => {
    expect(checkWriteValue(set('demand', 'hoses|2027-06', 650))).toBeNull();
    expect(checkWriteValue(set('demand', 'hoses|2027-06', null))).toBeNull();
    expect(checkWriteValue(set('demand', 'hoses|2027-06', -1))).toBe(
      'demand hoses|2027-06: must not be negative, got -1.',
    );
    expect(checkWriteValue(set('demand', 'hoses|June', 5))).toBe(
      'demand cell key: must be two parts "a|b".',
    );
    expect(checkWriteValue(set('demandBase', 'hoses', ['2027-06', 5]))).toBeNull();
    expect(checkWriteValue(set('demandBase', 'hoses', ['2027-06', 5, null, 7]))).toBeNull();
    expect(checkWriteValue(set('demandBase', 'hoses', ['June', 5]))).toMatch(/month/);
    expect(checkWriteValue(set('demandBase', 'hoses', ['2027-06', -5]))).toMatch(/negative/);
    expect(checkWriteValue(set('demandBase', 'hoses', ['2027-06']))).toBe(
      'demandBase hoses: must hold at least one month.',
    );
    const tooLong = ['2027-06', ...Array.from({ length: 1201 }, () => 1)];
    expect(checkWriteValue(set('demandBase', 'hoses', tooLong))).toBe(
      'demandBase hoses: must hold at most 1200 months.',
    );
    // A row of version 1 ({ month: value }) is not written any more.
    expect(checkWriteValue(set('demandBase', 'hoses', { '2027-06': 5 }))).toBe(
      'demandBase hoses: must be a month then its values.',
    );
  });

  it('takes only the layout version this code writes', () => {
    expect(checkWriteValue(set('meta', 'schemaVersion', 2))).toBeNull();
    for (const version of [1, 3, 1000]) {
      expect(checkWriteValue(set('meta', 'schemaVersion', version))).toBe(
        'meta.schemaVersion: must be 2, the layout this version of Fulcrum writes.',
      );
    }
  });

  it('checks the version 2 inputs: settings, margin budget, actuals, rates and costs', () => {
    expect(checkWriteValue(set('settings', 'trackingWindow', 1e20))).toBe(
      'settings.trackingWindow: must be at most 60.',
    );
    expect(checkWriteValue(set('settings', 'budgetTolerance', 'two percent'))).toBe(
      'settings.budgetTolerance: must be a number.',
    );
    expect(checkWriteValue(set('settings', 'fiscalYearStart', 13))).toBe(
      'settings.fiscalYearStart: must be at most 12.',
    );
    expect(checkWriteValue(set('settings', 'colour', 'red'))).toBe(
      'settings has no field "colour".',
    );
    expect(checkWriteValue(set('settings', 'trackingWindow', 8))).toBeNull();
    expect(checkWriteValue(remove('settings', 'trackingWindow'))).toBeNull();
    for (const root of ['marginBudget', 'plannedSupply', 'actualsOnHand', 'actualsBackorders']) {
      expect(checkWriteValue(set(root, 'hoses|2026-11', 1e20)), root).toMatch(
        /must be at most 1,000,000,000,000/,
      );
      expect(checkWriteValue(set(root, 'hoses|2026-11', Number.NaN)), root).toMatch(/a number/);
      expect(checkWriteValue(set(root, 'hoses|2026-11', -3)), root).toMatch(/negative/);
      expect(checkWriteValue(set(root, 'hoses|2026-11', 30)), root).toBeNull();
      expect(checkWriteValue(set(root, 'hoses|2026-11', null)), root).toBeNull();
      expect(checkWriteValue(set(`${root}Base`, 'hoses', ['2026-11', 1e20])), root).toMatch(
        /at most/,
      );
      expect(checkWriteValue(set(`${root}Base`, 'hoses', ['2026-11', 30])), root).toBeNull();
    }
    expect(checkWriteValue(set('families', 'hoses', 2, 'holdingRate'))).toBe(
      'families "hoses": holdingRate: must be between 0 and 1, got 2.',
    );
    expect(checkWriteValue(set('families', 'hoses', 0.02, 'holdingRate'))).toBeNull();
    expect(checkWriteValue(set('families', 'hoses', -442, 'openingInventory'))).toBeNull();
    expect(checkWriteValue(set('families', 'hoses', -2e12, 'openingInventory'))).toMatch(
      /openingInventory: must be at least/,
    );
    expect(checkWriteValue(set('resources', 'L1', 1e20, 'extraHourCost'))).toMatch(
      /extraHourCost: must be at most/,
    );
    expect(checkWriteValue(set('resources', 'L1', 45, 'extraHourCost'))).toBeNull();
  });

  it('takes shared text in agenda notes, and no content a cycle never holds', () => {
    expect(checkWriteValue(set('agenda', 'i1', 'typed', 'notes'))).toBeNull();
    expect(checkWriteValue(set('agenda', 'i1', FOREIGN_CONTENT, 'notes'))).toBe(
      'agenda "i1": notes must be text.',
    );
    expect(checkWriteValue(set('families', 'hoses', FOREIGN_CONTENT, 'name'))).toBe(
      'families "hoses": name: must be text.',
    );
  });

  it('checks sign-off, input and stage keys against the stages and functions', () => {
    const by = { by: 'Ana', at: '2026-12-05T10:00:00Z' };
    expect(checkWriteValue(set('signoffs', 'demand|sales', by))).toBeNull();
    expect(checkWriteValue(set('signoffs', 'demand|legal', by))).toBe(
      'signoffs key: must be two parts "a|b".',
    );
    expect(checkWriteValue(set('inputs', 'legal', {}))).toMatch(/^inputs key: must be one of/);
  });

  it('lets a write the same update removes again pass on its place alone', () => {
    expect(
      checkWriteValue({ ...set('demand', 'hoses|2027-06', undefined), gone: true }),
    ).toBeNull();
    expect(checkWriteValue({ ...set('demand', 'hoses', undefined), gone: true })).toBe(
      'demand cell key: must be two parts "a|b".',
    );
  });

  it('reads a nested map written into a record field as content a cycle never holds', () => {
    const server = peer(1);
    importPlan(server, generateDemoPlan({ families: 2, periods: 3, resources: 1, seed: 3 }));
    const person = peer(2);
    sync(server, person);
    const before = Y.encodeStateVector(person);
    const family = person.getMap('families').get([...person.getMap('families').keys()][0]);
    const nested = new Y.Map<unknown>();
    (family as Y.Map<unknown>).set('name', nested);
    nested.set('text', 'Garden hoses');
    const read = readUpdateWrites(server, Y.encodeStateAsUpdate(person, before));
    expect(read.ok && read.writes.map(checkWriteValue).some((wrong) => wrong !== null)).toBe(true);
  });

  it("passes every write of the product's own commands (seeded run)", () => {
    const demo = generateDemoPlan({ families: 5, periods: 4, resources: 2, seed: 5 });
    const [f0, p0] = [demo.families[0].id, demo.periods[0]];
    // A plan file of version 2: its settings, margin budget and actuals are imported too.
    const plan = {
      ...demo,
      settings: { budgetTolerance: 0.05 },
      marginBudget: { [f0]: { [p0]: 300 } },
      actuals: { [f0]: { '2026-02': { onHand: 5, ordered: 9 } } },
    };
    const extra = [
      (doc: Y.Doc) => publishPreread(doc, { by: 'Fran', at: '2026-12-05T09:00:00.000Z' }),
      (doc: Y.Doc) => signOff(doc, 'demand', 'sales', 'Ana', new Date(0).toISOString()),
      (doc: Y.Doc) => {
        const id = addAgendaItem(doc, { title: 'Extra', timeBoxMinutes: 5 });
        agendaNotes(doc, id).insert(0, 'Notes typed');
        startMeeting(doc, id, '2026-12-05T09:00:00.000Z');
      },
      (doc: Y.Doc) => setCell(doc, 'demand', plan.families[0].id, plan.periods[0], 42),
      (doc: Y.Doc) => updateSettings(doc, { trackingWindow: 8, fiscalYearStart: 4 }),
      (doc: Y.Doc) => setCell(doc, 'marginBudget', plan.families[0].id, plan.periods[1], 400),
      (doc: Y.Doc) => setCell(doc, 'actualsOnHand', plan.families[0].id, '2026-01', 30),
      (doc: Y.Doc) => setCell(doc, 'plannedShipments', plan.families[0].id, '2026-01', 80),
      (doc: Y.Doc) => updateFamily(doc, plan.families[1].id, { holdingRate: 0.03 }),
      (doc: Y.Doc) => updateFamily(doc, plan.families[1].id, { openingInventory: -442 }),
      (doc: Y.Doc) => setExtraHourCost(doc, plan.resources[0].id, 45),
    ];
    let checked = 0;
    for (const { step, update, server } of commandUpdates({ seed: 11, plan, steps: 400, extra })) {
      const read = readUpdateWrites(server, update);
      if (!read.ok) throw new Error(read.problem);
      for (const write of read.writes) {
        expect(checkWriteValue(write), `step ${step}: ${JSON.stringify(write)}`).toBeNull();
      }
      checked += read.writes.length;
    }
    expect(checked).toBeGreaterThan(200);
  });
});
