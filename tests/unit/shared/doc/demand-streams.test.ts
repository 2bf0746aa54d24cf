import { describe, expect, it } from 'vitest';
import {
  adjustDemand,
  clearAdjustment,
  clearConsensus,
  closeCycle,
  createCycleDoc,
  docToPlan,
  exportCycle,
  importCycle,
  importPlan,
  markHistory,
  PlanProjection,
  readPlan,
  setCell,
  setConsensus,
  setDemandStreams,
  startNextCycle,
  useBaseline,
} from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { collection } from '../../../../shared/doc/layout.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const periods = months('2026-12', 4);
const plan = () =>
  makePlan({
    periods,
    demand: { A: row(periods, [100, 100, 100, 100]) },
    supply: { A: row(periods, [100, 100, 100, 100]) },
  });
const AT = '2026-12-03T10:00:00.000Z';

function cycle() {
  const doc = createCycleDoc();
  importPlan(doc, plan());
  return doc;
}

describe('demand as streams in the cycle', () => {
  it('plans on baseline 100 + sales 20 − marketing 5 = 115, and keeps who and why', () => {
    const doc = cycle();
    const projection = new PlanProjection(doc);
    expect(projection.result!.families[0].rows[0].demand).toBe(100);
    adjustDemand(
      doc,
      { family: 'A', month: '2026-12', stream: 'sales', amount: 20, reason: 'customer order' },
      'Sam Sales',
      AT,
    );
    adjustDemand(
      doc,
      { family: 'A', month: '2026-12', stream: 'marketing', amount: -5, reason: 'promotion' },
      'Mia Marketing',
      AT,
    );
    const read = docToPlan(doc);
    expect(read.demand.A['2026-12']).toBe(115);
    expect(read.demandStreams).toEqual({
      streams: ['sales', 'marketing'],
      baseline: { A: { '2026-12': 100 } },
      adjustments: {
        A: {
          '2026-12': {
            sales: { amount: 20, author: 'Sam Sales', reason: 'customer order', at: AT },
            marketing: { amount: -5, author: 'Mia Marketing', reason: 'promotion', at: AT },
          },
        },
      },
      overrides: {},
    });
    // The live projection follows without reading the document again, and agrees with it.
    expect(projection.plan!.demand.A['2026-12']).toBe(115);
    expect(projection.result!.families[0].rows[0].demand).toBe(115);
    expect(projection.plan).toEqual(read);
    // The input of each function follows its stream.
    expect(collection(doc, 'inputs').get('sales')?.toJSON()).toMatchObject({
      status: 'inProgress',
      by: 'Sam Sales',
    });
  });

  it('moves the consensus with the baseline under it, and an override wins until cleared', () => {
    const doc = cycle();
    const projection = new PlanProjection(doc);
    void projection.result;
    const place = { family: 'A', month: '2027-01' };
    adjustDemand(doc, { ...place, stream: 'sales', amount: 30, reason: 'promotion' }, 'Sam', AT);
    setCell(doc, 'demand', 'A', '2027-01', 150);
    expect(projection.plan!.demand.A['2027-01']).toBe(180);
    setConsensus(doc, { ...place, value: 160, reason: 'other', note: 'agreed' }, 'Fran', AT);
    expect(projection.plan!.demand.A['2027-01']).toBe(160);
    expect(docToPlan(doc).demand.A['2027-01']).toBe(160);
    clearConsensus(doc, place);
    expect(projection.plan!.demand.A['2027-01']).toBe(180);
    clearAdjustment(doc, { ...place, stream: 'sales' });
    expect(projection.plan!.demand.A['2027-01']).toBe(150);
    expect(projection.plan).toEqual(docToPlan(doc));
    expect(projection.result!.families[0].rows[1].demand).toBe(150);
  });

  it('refuses an unknown stream, a month outside the horizon and a reason not in the list', () => {
    const doc = cycle();
    const base = { family: 'A', month: '2026-12', amount: 5, reason: 'promotion' };
    expect(() => adjustDemand(doc, { ...base, stream: 'finance' }, 'Finn')).toThrow(
      /"finance" is not one of the demand streams \(sales, marketing\)/,
    );
    expect(() => adjustDemand(doc, { ...base, month: '2028-01', stream: 'sales' }, 'Sam')).toThrow(
      /2028-01 is not a month of the horizon/,
    );
    expect(() => adjustDemand(doc, { ...base, stream: 'sales', reason: 'because' }, 'Sam')).toThrow(
      /reason: must be one of promotion/,
    );
    setDemandStreams(doc, ['sales', 'marketing', 'finance']);
    adjustDemand(doc, { ...base, stream: 'finance' }, 'Finn', AT);
    expect(docToPlan(doc).demand.A['2026-12']).toBe(105);
  });

  it('puts the statistical baseline into the demand grid in one step, adjustments on top', () => {
    const doc = cycle();
    adjustDemand(
      doc,
      { family: 'A', month: '2026-12', stream: 'sales', amount: 10, reason: 'customer order' },
      'Sam',
      AT,
    );
    setCell(doc, 'demand', 'A', '2027-02', 999);
    useBaseline(
      doc,
      [
        {
          family: 'A',
          method: 'Theta',
          forecast: periods.map((month, i) => ({ month, value: 200.4 + i })),
        },
      ],
      'Sue Supply',
      AT,
    );
    const read = readPlan(doc);
    expect(read.plan.demand.A).toEqual({
      '2026-12': 210,
      '2027-01': 201,
      '2027-02': 202,
      '2027-03': 203,
    });
    expect(read.plan.demandStreams!.baseline.A['2026-12']).toBe(200);
    expect(() => useBaseline(doc, [{ family: 'Z', method: 'x', forecast: [] }], 'Sue', AT)).toThrow(
      /unknown family "Z"/,
    );
  });

  it('carries streams and marks through the plan file and the cycle file', () => {
    const doc = cycle();
    adjustDemand(
      doc,
      { family: 'A', month: '2027-01', stream: 'marketing', amount: -40, reason: 'competitor' },
      'Mia',
      AT,
    );
    setConsensus(doc, { family: 'A', month: '2027-02', value: 90, reason: 'other' }, 'Fran', AT);
    markHistory(doc, { family: 'A', month: '2026-06' }, 'oneOff', 'Sue', AT);
    const first = docToPlan(doc);
    expect(first.historyMarks).toEqual({ A: { '2026-06': 'oneOff' } });
    const copy = createCycleDoc();
    importPlan(copy, first);
    expect(docToPlan(copy)).toEqual(first);
    const fromFile = createCycleDoc();
    importCycle(fromFile, exportCycle(doc));
    expect(docToPlan(fromFile).demand).toEqual(first.demand);
    expect(docToPlan(fromFile).demandStreams).toEqual(first.demandStreams);
  });
});

describe('the forecast frozen at the close', () => {
  it('starts the next cycle with this cycle as a snapshot and the adjustments carried', () => {
    const doc = cycle();
    adjustDemand(
      doc,
      { family: 'A', month: '2027-01', stream: 'sales', amount: 20, reason: 'customer order' },
      'Sam',
      AT,
    );
    adjustDemand(
      doc,
      { family: 'A', month: '2026-12', stream: 'sales', amount: 7, reason: 'customer order' },
      'Sam',
      AT,
    );
    closeCycle(doc, {
      closedAt: '2026-12-31T17:00:00.000Z',
      closedBy: 'Fran',
      hash: 'sha256:' + '0'.repeat(64),
      nextCycle: '2027-01',
    });
    const next = createCycleDoc();
    startNextCycle(doc, next, 'sha256:' + '0'.repeat(64));
    const rolled = docToPlan(next);
    expect(rolled.forecastSnapshots).toEqual([
      {
        cycle: '2026-12',
        families: {
          A: Object.fromEntries(
            periods.map((month) => [
              month,
              {
                baseline: 100,
                adjustments: {
                  sales: month === '2027-01' ? 20 : month === '2026-12' ? 7 : 0,
                  marketing: 0,
                },
                consensus: month === '2027-01' ? 120 : month === '2026-12' ? 107 : 100,
              },
            ]),
          ),
        },
      },
    ]);
    // What was adjusted for a month both horizons cover carries; the ended month's does not.
    expect(rolled.demand.A['2027-01']).toBe(120);
    expect(Object.keys(rolled.demandStreams!.adjustments.A)).toEqual(['2027-01']);
    // Lag 0 in the history is the consensus the plan used.
    expect(rolled.history.A['2026-12'].forecast).toBe(107);
  });

  it('judges accuracy at the family lag from the snapshots, lag 0 from history otherwise', () => {
    const p = makePlan({
      periods: months('2027-03', 2),
      families: [
        { id: 'A', name: 'A', price: 1, unitCost: 1, openingInventory: 0 },
        { id: 'B', name: 'B', price: 1, unitCost: 1, openingInventory: 0, forecastLag: 0 },
      ],
      history: {
        A: { '2027-02': { actual: 100, forecast: 90 } },
        B: { '2027-02': { actual: 50, forecast: 40 } },
      },
      forecastSnapshots: [
        {
          cycle: '2027-01',
          families: { A: { '2027-02': { baseline: 70, adjustments: {}, consensus: 80 } } },
        },
      ],
    });
    const accuracy = reconcile(p).accuracy;
    // A at lag 1: the January snapshot's 80 against 100; B at lag 0: 40 against 50.
    expect(accuracy.families.A).toMatchObject({ lag: 1, lagSet: 1, wmape: 0.2, bias: -0.2 });
    expect(accuracy.families.B).toMatchObject({ lag: 0, lagSet: 0, wmape: 0.2 });
    expect(accuracy.total).toMatchObject({ points: 2, wmape: 30 / 150, lagSet: 0 });
    // Without the snapshot, A falls back to lag 0 and the total says one family did.
    const bare = reconcile({ ...p, forecastSnapshots: [] }).accuracy;
    expect(bare.families.A).toMatchObject({ lag: 0, lagSet: 1, wmape: 0.1 });
    expect(bare.total.lagSet).toBe(1);
  });
});
