import fc from 'fast-check';
import { addMonths, type CellChange } from '../../shared/engine/index.ts';
import {
  ACTUAL_FIELDS,
  type ActualMonth,
  type HistoryPoint,
  type Plan,
  type PlanSettings,
} from '../../shared/engine/types.ts';
import { months } from './plan-builder.ts';

/** Whole numbers keep sums exact, so identities can be checked with `toBe`. */
const units = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 }));
const money = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 2000 }).map((cents) => cents / 4),
);

/** Random valid plans: 1-4 families, 0-3 resources, 1-8 months, sparse and dense grids. */
export const planArbitrary: fc.Arbitrary<Plan> = fc
  .record({
    familyCount: fc.integer({ min: 1, max: 4 }),
    resourceCount: fc.integer({ min: 0, max: 3 }),
    periodCount: fc.integer({ min: 1, max: 8 }),
    start: fc.constantFrom('2026-11', '2026-12', '2027-06'),
  })
  .chain(({ familyCount, resourceCount, periodCount, start }) => {
    const periods = months(start, periodCount);
    const familyIds = Array.from({ length: familyCount }, (_, i) => `F${i + 1}`);
    const resourceIds = Array.from({ length: resourceCount }, (_, i) => `R${i + 1}`);
    const grid = (ids: string[], value: fc.Arbitrary<number>) =>
      fc
        .tuple(
          ...ids.map((id) =>
            fc
              .array(fc.option(value, { nil: undefined }), {
                minLength: periodCount,
                maxLength: periodCount,
              })
              .map((values) => [
                id,
                Object.fromEntries(
                  values.flatMap((v, t) => (v === undefined ? [] : [[periods[t], v]])),
                ),
              ]),
          ),
        )
        .map((entries) => Object.fromEntries(entries));
    const pairs = familyIds.flatMap((family) =>
      resourceIds.map((resource) => ({ family, resource })),
    );
    return fc.record({
      format: fc.constant('fulcrum.plan' as const),
      version: fc.constant(2 as const),
      cycle: fc.constant(start),
      currency: fc.constant('EUR'),
      periods: fc.constant(periods),
      families: fc.tuple(
        ...familyIds.map((id) =>
          fc.record(
            {
              id: fc.constant(id),
              name: fc.constant(`Family ${id}`),
              price: money,
              unitCost: money,
              openingInventory: units,
              safetyStock: units,
              maxCover: fc.integer({ min: 0, max: 6 }),
            },
            { requiredKeys: ['id', 'name', 'price', 'unitCost', 'openingInventory'] },
          ),
        ),
      ),
      resources: fc.constant(resourceIds.map((id) => ({ id, name: `Resource ${id}` }))),
      loads: fc.subarray(pairs).chain((chosen) =>
        fc.tuple(
          ...chosen.map((pair) =>
            fc.record({
              family: fc.constant(pair.family),
              resource: fc.constant(pair.resource),
              hoursPerUnit: fc.constantFrom(0, 0.25, 0.5, 1, 2, 3),
            }),
          ),
        ),
      ),
      demand: grid(familyIds, units),
      supply: grid(familyIds, units),
      capacity: grid(resourceIds, fc.integer({ min: 0, max: 800 })),
      budget: grid(familyIds, fc.integer({ min: 0, max: 40000 })),
      history: fc.constant({}),
    });
  });

/** A share from 0 to 1 in whole hundredths (a rate, a tolerance). */
const share = fc.integer({ min: 0, max: 100 }).map((hundredths) => hundredths / 100);

/** Some of the plan's settings, each within the bounds the plan file states. */
const settingsArbitrary: fc.Arbitrary<PlanSettings> = fc.record(
  {
    budgetTolerance: share,
    trackingWindow: fc.integer({ min: 2, max: 60 }),
    trackingLimit: fc.integer({ min: 1, max: 4000 }).map((quarters) => quarters / 4),
    fiscalYearStart: fc.integer({ min: 1, max: 12 }),
    holdingRate: share,
    backlogPenaltyRate: share,
    safetyShortfallPenalty: share,
  },
  { requiredKeys: [] },
);

/** A non-empty object of some of `fields`, each from `value`. */
function someOf<K extends string>(
  fields: readonly K[],
  value: fc.Arbitrary<number>,
): fc.Arbitrary<Partial<Record<K, number>>> {
  return fc
    .record(Object.fromEntries(fields.map((field) => [field, value])) as Record<K, typeof value>, {
      requiredKeys: [],
    })
    .filter((entry) => Object.keys(entry).length > 0);
}

/** Up to `max` of the `count` months before `start`, each with a value from `entry`. */
function pastMonths<T>(
  start: string,
  entry: fc.Arbitrary<T>,
  count = 14,
): fc.Arbitrary<Record<string, T>> {
  const past = Array.from({ length: count }, (_, i) => addMonths(start, -count + i));
  return fc
    .subarray(past, { maxLength: 6 })
    .chain((chosen) =>
      fc
        .tuple(...chosen.map(() => entry))
        .map((values) => Object.fromEntries(chosen.map((month, i) => [month, values[i]]))),
    );
}

/** Per family (or not at all), a record of past months (never an empty one). */
function byFamily<T>(
  plan: Plan,
  entry: fc.Arbitrary<T>,
): fc.Arbitrary<Record<string, Record<string, T>>> {
  return fc
    .tuple(
      ...plan.families.map((family) =>
        fc.option(pastMonths(plan.periods[0], entry), { nil: undefined }).map((months) => ({
          id: family.id,
          months,
        })),
      ),
    )
    .map((rows) =>
      Object.fromEntries(
        rows
          .filter(({ months }) => months !== undefined && Object.keys(months).length > 0)
          .map(({ id, months }) => [id, months!]),
      ),
    );
}

const HISTORY_FIELDS = ['actual', 'forecast', 'plannedSupply', 'plannedShipments'] as const;

/**
 * Random valid plans with the sections of version 2 too: settings, margin budget,
 * holding rates, extra-hour costs, negative opening inventory, planned history and
 * actuals, each present or absent. Built on {@link planArbitrary}, which stays as it is
 * (plans shaped as version 1 files).
 */
export const planV2Arbitrary: fc.Arbitrary<Plan> = planArbitrary.chain((plan) =>
  fc
    .record(
      {
        settings: settingsArbitrary,
        holdingRates: fc.tuple(...plan.families.map(() => fc.option(share, { nil: undefined }))),
        openings: fc.tuple(
          ...plan.families.map(() =>
            fc.option(fc.integer({ min: -500, max: -1 }), { nil: undefined }),
          ),
        ),
        extraHourCosts: fc.tuple(...plan.resources.map(() => fc.option(money, { nil: undefined }))),
        marginBudget: fc
          .tuple(
            ...plan.families.map((family) =>
              fc
                .subarray(plan.periods)
                .chain((chosen) =>
                  fc
                    .tuple(...chosen.map(() => fc.integer({ min: 0, max: 20000 })))
                    .map((values) => [
                      family.id,
                      Object.fromEntries(chosen.map((month, i) => [month, values[i]])),
                    ]),
                ),
            ),
          )
          .map((rows) => Object.fromEntries(rows.filter(([, row]) => Object.keys(row).length))),
        history: byFamily(plan, someOf(HISTORY_FIELDS, units) as fc.Arbitrary<HistoryPoint>),
        actuals: byFamily(
          plan,
          someOf(ACTUAL_FIELDS, fc.integer({ min: 0, max: 5000 })) as fc.Arbitrary<ActualMonth>,
        ),
      },
      { requiredKeys: ['holdingRates', 'openings', 'extraHourCosts', 'history'] },
    )
    .map(({ settings, holdingRates, openings, extraHourCosts, marginBudget, history, actuals }) => {
      const next: Plan = {
        ...plan,
        families: plan.families.map((family, i) => ({
          ...family,
          ...(openings[i] !== undefined && { openingInventory: openings[i] }),
          ...(holdingRates[i] !== undefined && { holdingRate: holdingRates[i] }),
        })),
        resources: plan.resources.map((resource, i) => ({
          ...resource,
          ...(extraHourCosts[i] !== undefined && { extraHourCost: extraHourCosts[i] }),
        })),
        history,
      };
      if (settings && Object.keys(settings).length > 0) next.settings = settings;
      if (marginBudget && Object.keys(marginBudget).length > 0) next.marginBudget = marginBudget;
      if (actuals && Object.keys(actuals).length > 0) next.actuals = actuals;
      return next;
    }),
);

const REASONS = ['promotion', 'customer order', 'competitor'] as const;

/**
 * Random valid plans with the demand review too: adjustments by sales and marketing on
 * some family-months (with the baseline under them), a consensus set by hand, frozen
 * forecasts of earlier cycles, marked months of history and lags, each present or not.
 */
export const planWithStreamsArbitrary: fc.Arbitrary<Plan> = planV2Arbitrary.chain((plan) => {
  const cells = plan.families.flatMap((family) =>
    plan.periods.map((month) => ({ family: family.id, month })),
  );
  const adjustment = (author: string) =>
    fc.record({
      amount: fc.integer({ min: -300, max: 300 }).filter((amount) => amount !== 0),
      author: fc.constant(author),
      reason: fc.constantFrom(...REASONS),
    });
  const adjusted = fc.record(
    {
      sales: adjustment('Sam Sales'),
      marketing: adjustment('Mia Marketing'),
      override: fc.record({
        value: units,
        author: fc.constant('Fran'),
        reason: fc.constant('other' as const),
      }),
      baseline: units,
    },
    { requiredKeys: [] },
  );
  const snapshotCell = fc.record({
    baseline: units,
    adjustments: fc.record({ sales: fc.integer({ min: -50, max: 50 }) }),
    consensus: units,
  });
  return fc
    .record(
      {
        stack: fc
          .subarray(cells, { maxLength: Math.min(4, cells.length) })
          .chain((chosen) =>
            fc.tuple(...chosen.map((cell) => adjusted.map((parts) => ({ ...cell, ...parts })))),
          ),
        snapshots: fc.subarray([1, 2, 3], { maxLength: 2 }).chain((ago) =>
          fc.tuple(
            ...ago.map((back) =>
              snapshotCell.map((cell) => ({
                cycle: addMonths(plan.periods[0], -back),
                families: { [plan.families[0].id]: { [plan.periods[0]]: cell } },
              })),
            ),
          ),
        ),
        marks: fc.option(fc.constantFrom('keep' as const, 'oneOff' as const), { nil: undefined }),
        lags: fc.tuple(...plan.families.map(() => fc.option(fc.integer({ min: 0, max: 6 })))),
      },
      { requiredKeys: ['stack', 'snapshots', 'lags'] },
    )
    .map(({ stack, snapshots, marks, lags }) => {
      const next: Plan = {
        ...plan,
        families: plan.families.map((family, i) =>
          lags[i] === null ? family : { ...family, forecastLag: lags[i] },
        ),
      };
      const streams: NonNullable<Plan['demandStreams']> = {
        streams: ['sales', 'marketing'],
        baseline: {},
        adjustments: {},
        overrides: {},
      };
      for (const { family, month, sales, marketing, override, baseline } of stack) {
        if (!sales && !marketing && !override) continue;
        const byStream = {
          ...(sales && { sales }),
          ...(marketing && { marketing }),
        };
        if (Object.keys(byStream).length > 0) {
          (streams.adjustments[family] ??= {})[month] = byStream;
        }
        if (override) (streams.overrides[family] ??= {})[month] = override;
        if (baseline !== undefined) (streams.baseline[family] ??= {})[month] = baseline;
      }
      if (stack.length > 0) next.demandStreams = streams;
      if (snapshots.length > 0) {
        next.forecastSnapshots = [...snapshots].sort((a, b) => (a.cycle < b.cycle ? -1 : 1));
      }
      if (marks) {
        next.historyMarks = { [plan.families[0].id]: { [addMonths(plan.periods[0], -2)]: marks } };
      }
      return next;
    });
});

/** Random edits valid for a plan. */
export function changeArbitrary(plan: Plan): fc.Arbitrary<CellChange> {
  const family = fc.constantFrom(...plan.families.map((f) => f.id));
  const period = fc.constantFrom(...plan.periods);
  const options: fc.Arbitrary<CellChange>[] = [
    fc.record({
      kind: fc.constantFrom('demand', 'supply', 'budget'),
      family,
      period,
      value: units,
    }),
    fc.record({
      kind: fc.constantFrom('price', 'unitCost', 'openingInventory', 'safetyStock'),
      family,
      value: money,
    }),
    // A cleared budget cell: no budget, which is not a budget of 0.
    fc.record({ kind: fc.constant('budget' as const), family, period, value: fc.constant(null) }),
    // An opening backlog owed from the cycle before.
    fc.record({
      kind: fc.constant('openingInventory' as const),
      family,
      value: fc.integer({ min: -500, max: -1 }),
    }),
  ] as fc.Arbitrary<CellChange>[];
  if (plan.resources.length > 0) {
    options.push(
      fc.record({
        kind: fc.constant('capacity' as const),
        resource: fc.constantFrom(...plan.resources.map((r) => r.id)),
        period,
        value: fc.integer({ min: 0, max: 800 }),
      }),
    );
  }
  return fc.oneof(...options);
}
