import * as v from 'valibot';
import { isMonth, monthOrdinal } from '../dates.ts';
import { MEASURE_COUNT, TOTAL_MEASURES, type Columns } from './columns.ts';
import type { GapBuffer } from './gaps.ts';
import { buildModel, type PlanModel } from './plan-model.ts';
import { computeModel } from './reconcile.ts';
import { ReconciliationView } from './result-view.ts';
import { holdingRateOf } from './settings.ts';
import { GAP_KINDS, type GapKind, type Plan, type PlanIssue } from './types.ts';
import { OVERRIDE_MEASURES, type OverrideMeasure } from '../schema/grids.ts';

/** The scenario file format this engine reads. */
export const SCENARIO_FORMAT = 'fulcrum.scenario';
/** The scenario file version this engine reads. */
export const SCENARIO_VERSION = 1;

export type { OverrideMeasure } from '../schema/grids.ts';
/** How an override changes it: times a factor, plus an amount, or to a value. */
export type OverrideOperation = 'scale' | 'add' | 'set';

/** One change of a scenario, applied after the ones before it. */
export interface Override {
  measure: OverrideMeasure;
  /** Family ids (resource ids for capacity), or `all`. */
  targets: readonly string[] | 'all';
  /** First and last month it applies to, inclusive; absent: the whole horizon. Not for price. */
  from?: string;
  to?: string;
  op: OverrideOperation;
  value: number;
}

/** A named "what if": overrides on the cycle's inputs, with its assumption and owner. */
export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  version: typeof SCENARIO_VERSION;
  name: string;
  assumption?: string;
  owner?: string;
  overrides: Override[];
}

/** The outcome of reading a scenario file: the scenario, or every problem found. */
export type ScenarioParseResult =
  { ok: true; scenario: Scenario } | { ok: false; issues: PlanIssue[] };

const received = (issue: v.BaseIssue<unknown>) => issue.received;
const text = v.string((issue) => `must be a string, got ${received(issue)}`);
const finite = v.pipe(
  v.number((issue) => `must be a number, got ${received(issue)}`),
  v.finite((issue) => `must be a finite number, got ${received(issue)}`),
);

const overrideSchema = v.strictObject(
  {
    measure: v.picklist(
      OVERRIDE_MEASURES,
      (issue) => `must be demand, supply, capacity or price, got ${received(issue)}`,
    ),
    targets: v.union(
      [
        v.literal('all'),
        v.pipe(
          v.array(v.pipe(text, v.minLength(1, 'must not be empty'))),
          v.minLength(1, 'must name at least one id, or be "all"'),
        ),
      ],
      'must be "all" or a list of ids',
    ),
    from: v.optional(text),
    to: v.optional(text),
    op: v.picklist(
      ['scale', 'add', 'set'],
      (issue) => `must be scale, add or set, got ${received(issue)}`,
    ),
    value: finite,
  },
  (issue) =>
    issue.expected === 'never' ? `unknown field ${received(issue)}` : 'must be an override object',
);

const scenarioSchema = v.strictObject(
  {
    format: v.literal(SCENARIO_FORMAT, `must be "${SCENARIO_FORMAT}"`),
    version: v.literal(SCENARIO_VERSION, `must be ${SCENARIO_VERSION}`),
    name: v.pipe(text, v.minLength(1, 'a scenario needs a name'), v.maxLength(200)),
    assumption: v.optional(v.pipe(text, v.maxLength(5000))),
    owner: v.optional(v.pipe(text, v.maxLength(200))),
    overrides: v.array(overrideSchema, 'must be a list of overrides'),
  },
  (issue) =>
    issue.expected === 'never' ? `unknown field ${received(issue)}` : 'must be a JSON object',
);

/**
 * Reads and validates a scenario file against the plan it applies to: every problem,
 * located by its JSON path (`overrides.1.targets.0: unknown family "F9"`), or the scenario.
 */
export function parseScenario(input: unknown, plan: Plan): ScenarioParseResult {
  const parsed = v.safeParse(scenarioSchema, input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.issues.map((issue) => ({
        path: v.getDotPath(issue) ?? '',
        message: issue.message,
      })),
    };
  }
  const scenario = parsed.output as Scenario;
  const issues: PlanIssue[] = [];
  const families = new Set(plan.families.map((family) => family.id));
  const resources = new Set(plan.resources.map((resource) => resource.id));
  scenario.overrides.forEach((override, i) => {
    const at = `overrides.${i}`;
    const known = override.measure === 'capacity' ? resources : families;
    const kind = override.measure === 'capacity' ? 'resource' : 'family';
    if (override.targets !== 'all') {
      override.targets.forEach((target, j) => {
        if (!known.has(target))
          issues.push({ path: `${at}.targets.${j}`, message: `unknown ${kind} "${target}"` });
      });
    }
    if (
      override.measure === 'price' &&
      (override.from !== undefined || override.to !== undefined)
    ) {
      issues.push({ path: at, message: 'a price has no months: leave out from and to' });
    }
    for (const end of ['from', 'to'] as const) {
      const month = override[end];
      if (month !== undefined && !isMonth(month)) {
        issues.push({
          path: `${at}.${end}`,
          message: `must be a month written YYYY-MM, got "${month}"`,
        });
      }
    }
    if (
      isMonth(override.from) &&
      isMonth(override.to) &&
      monthOrdinal(override.from) > monthOrdinal(override.to)
    ) {
      issues.push({ path: `${at}.to`, message: `must not be before from (${override.from})` });
    }
    if (override.op === 'scale' && override.value < 0) {
      issues.push({
        path: `${at}.value`,
        message: `a scale factor must not be negative, got ${override.value}`,
      });
    }
    if (override.op === 'set' && override.value < 0) {
      issues.push({ path: `${at}.value`, message: `must not be negative, got ${override.value}` });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenario };
}

/** Where revenue sits in a totals record. */
const REVENUE = TOTAL_MEASURES.indexOf('revenue');

/** A value after one override (never below 0: `add` of a negative amount stops at 0). */
function operate(op: OverrideOperation, value: number, operand: number): number {
  const next = op === 'scale' ? value * operand : op === 'add' ? value + operand : operand;
  return Math.max(0, next);
}

/**
 * The plan with a scenario's overrides applied, in order (pure: the baseline is never
 * changed). Demand, supply and capacity overrides change the cells of the targets in the
 * months from..to that the horizon holds (a missing cell counts as 0, so `add` and `set`
 * create it); a price override changes the targets' prices. The scenario must have been
 * read with {@link parseScenario} against this plan.
 */
export function applyScenario(plan: Plan, scenario: Pick<Scenario, 'overrides'>): Plan {
  if (scenario.overrides.length === 0) return plan;
  const next: Plan = {
    ...plan,
    families: plan.families.map((family) => ({ ...family })),
    demand: copyGrid(plan.demand),
    supply: copyGrid(plan.supply),
    capacity: copyGrid(plan.capacity),
  };
  for (const override of scenario.overrides) {
    if (override.measure === 'price') {
      for (const family of next.families) {
        if (override.targets === 'all' || override.targets.includes(family.id)) {
          family.price = operate(override.op, family.price, override.value);
        }
      }
      continue;
    }
    const ids =
      override.targets === 'all'
        ? (override.measure === 'capacity' ? plan.resources : plan.families).map((x) => x.id)
        : override.targets;
    const from = override.from === undefined ? -Infinity : monthOrdinal(override.from);
    const to = override.to === undefined ? Infinity : monthOrdinal(override.to);
    const months = plan.periods.filter((month) => {
      const at = monthOrdinal(month);
      return at >= from && at <= to;
    });
    const grid = next[override.measure];
    for (const id of ids) {
      const row = (grid[id] ??= {});
      for (const month of months)
        row[month] = operate(override.op, row[month] ?? 0, override.value);
    }
  }
  return next;
}

function copyGrid(grid: Plan['demand']): Plan['demand'] {
  return Object.fromEntries(Object.entries(grid).map(([id, row]) => [id, { ...row }]));
}

/**
 * Reconciles several scenarios of one plan: the same results as
 * `reconcile(applyScenario(plan, scenario))` for each, but the plan is laid out once and
 * each scenario copies only the columns it overrides (flat arrays) before the engine
 * runs on them. This is what keeps five live scenarios cheap on a large plan.
 */
export function reconcileScenarios(
  plan: Plan,
  scenarios: readonly Pick<Scenario, 'overrides'>[],
): ReconciliationView[] {
  return summarizeScenarios(plan, scenarios).map((outcome) => outcome.result);
}

/** Count, units (hours for overloads) and value of one kind of gap. */
export interface GapKindTotal {
  count: number;
  amount: number;
  value: number;
}

/** A scenario's results with its gaps summed by kind, without listing them one by one. */
export interface ScenarioOutcome {
  result: ReconciliationView;
  gaps: { count: number; byKind: Record<GapKind, GapKindTotal> };
  /**
   * Stock on hand at the end of the horizon at unit cost, over families (one month, so
   * families add in money; units of different families never add).
   */
  endInventory: number;
  /** The largest month's Σ backlog × price over families (domain.md 4.1; never a sum over months). */
  peakBacklogValue: number;
  /** Σ backlog at the horizon's end × price: revenue still owed then. */
  unshippedDemand: number;
  /** Σ on hand × unit cost × holding rate over families and months (domain.md 4.4). */
  holdingCost: number;
  /** What the hours used above the base plan's capacity cost (domain.md 4.5). */
  extraHoursCost: number;
  /** Per family (plan order): revenue over the horizon. */
  familyRevenue: Float64Array;
  /** Per family (plan order): its peak backlog (units; a stock, never summed over months). */
  familyShortage: Float64Array;
  /** Per resource (plan order): overload hours summed over its overload gaps. */
  resourceOverload: Float64Array;
}

/**
 * Like {@link reconcileScenarios}, with what a side-by-side comparison reads taken
 * straight from the engine's columns and gap buffer: gaps counted and summed by kind,
 * and per family and resource, end inventory and revenue. No gap or row object is made,
 * which is most of the cost of a full result on a large plan.
 */
export function summarizeScenarios(
  plan: Plan,
  scenarios: readonly Pick<Scenario, 'overrides'>[],
  buffers: ScenarioBuffers = new ScenarioBuffers(),
): ScenarioOutcome[] {
  const base = buildModel(plan);
  const count = base.periods.length;
  const familyCount = base.families.length;
  const overloadKind = GAP_KINDS.indexOf('overload');
  const holdingRates = Float64Array.from(base.families, (family) =>
    holdingRateOf(family, base.settings),
  );
  const extraHourCosts = Float64Array.from(base.resources, (r) => r.extraHourCost ?? 0);
  return scenarios.map((scenario, i) => {
    const slot = buffers.slot(i);
    const model = applyToModel(base, scenario, slot);
    const computed = computeModel(model, slot.computed);
    slot.computed = computed;
    const { columns, gaps: buffer } = computed;
    const byKind = Object.fromEntries(
      GAP_KINDS.map((kind) => [kind, { count: 0, amount: 0, value: 0 }]),
    ) as Record<GapKind, GapKindTotal>;
    const familyShortage = sized(slot, 'familyShortage', familyCount);
    const resourceOverload = sized(slot, 'resourceOverload', base.resources.length);
    const familyRevenue = sized(slot, 'familyRevenue', familyCount);
    for (let at = 0; at < buffer.length; at++) {
      const kind = buffer.kind[at];
      const total = byKind[GAP_KINDS[kind]];
      total.count++;
      total.amount += buffer.amount[at];
      total.value += buffer.value[at];
      if (kind === overloadKind) resourceOverload[buffer.subject[at]] += buffer.amount[at];
    }
    let endInventory = 0;
    for (let f = 0; f < familyCount; f++) {
      familyRevenue[f] = columns.familyTotals[f * MEASURE_COUNT + REVENUE];
      if (count > 0) {
        endInventory += Math.max(0, columns.inventory[f * count + count - 1]) * model.unitCost[f];
      }
    }
    const stock = stockCosts(model, columns, holdingRates, familyShortage);
    const extraHoursCost = extraHours(base, model, columns, extraHourCosts);
    return {
      result: new ReconciliationView(model, columns, () =>
        Array.from(computed.order, (at) => computed.gaps.gap(model, at)),
      ),
      gaps: { count: buffer.length, byKind },
      endInventory,
      ...stock,
      extraHoursCost,
      familyRevenue,
      familyShortage,
      resourceOverload,
    };
  });
}

/**
 * Backlog in money (the peak month's and the horizon end's) and the holding cost of a
 * computed model, writing each family's peak backlog into `peaks`.
 */
function stockCosts(
  model: PlanModel,
  columns: Columns,
  holdingRates: Float64Array,
  peaks: Float64Array,
): { peakBacklogValue: number; unshippedDemand: number; holdingCost: number } {
  const count = model.periods.length;
  const { price, unitCost } = model;
  const inventory = columns.inventory;
  let peakBacklogValue = 0;
  let unshippedDemand = 0;
  let holdingCost = 0;
  for (let t = 0; t < count; t++) {
    let backlogValue = 0;
    for (let f = 0, at = t; f < price.length; f++, at += count) {
      const level = inventory[at];
      if (level < 0) {
        backlogValue += -level * price[f];
        if (-level > peaks[f]) peaks[f] = -level;
      } else holdingCost += level * unitCost[f] * holdingRates[f];
    }
    if (backlogValue > peakBacklogValue) peakBacklogValue = backlogValue;
    if (t === count - 1) unshippedDemand = backlogValue;
  }
  return { peakBacklogValue, unshippedDemand, holdingCost };
}

/**
 * What a scenario's extra capacity costs: per resource-month the hours it uses above the
 * base plan's capacity, max(0, min(load, capacity) − base capacity), at the resource's
 * cost per extra hour. The base plan (no capacity override) pays none.
 */
function extraHours(
  base: PlanModel,
  model: PlanModel,
  columns: Columns,
  costs: Float64Array,
): number {
  if (model.capacity === base.capacity) return 0;
  const count = base.periods.length;
  let cost = 0;
  for (let r = 0; r < costs.length; r++) {
    if (costs[r] === 0) continue;
    for (let at = r * count; at < (r + 1) * count; at++) {
      const used = Math.min(columns.load[at], model.capacity[at]) - base.capacity[at];
      if (used > 0) cost += used * costs[r];
    }
  }
  return cost;
}

type Tally = 'familyShortage' | 'resourceOverload' | 'familyRevenue';

/** The memory one scenario's recomputation writes into. */
interface ScenarioSlot {
  inputs: Partial<Record<OverrideMeasure, Float64Array>>;
  computed?: { columns: Columns; gaps: GapBuffer };
  tallies: Partial<Record<Tally, Float64Array>>;
}

/**
 * Memory kept from one recomputation of a plan's scenarios to the next, so a live
 * comparison recomputing five scenarios after every edit writes into the same arrays
 * instead of allocating megabytes each time (whose collection lands in the slow tail).
 * Outcomes computed with these buffers are overwritten by the next call that uses them:
 * read what is needed first.
 */
export class ScenarioBuffers {
  readonly #slots: ScenarioSlot[] = [];

  /** The memory of the `at`-th scenario. */
  slot(at: number): ScenarioSlot {
    return (this.#slots[at] ??= { inputs: {}, tallies: {} });
  }
}

/** A zeroed tally of `length` numbers, reusing the slot's when it has that size. */
function sized(slot: ScenarioSlot, name: Tally, length: number): Float64Array {
  const kept = slot.tallies[name];
  if (kept?.length === length) return kept.fill(0);
  return (slot.tallies[name] = new Float64Array(length));
}

/** A model with a scenario's overrides: overridden columns copied, the rest shared. */
function applyToModel(
  base: PlanModel,
  scenario: Pick<Scenario, 'overrides'>,
  slot: ScenarioSlot,
): PlanModel {
  const model: PlanModel = { ...base };
  // Overridden columns are copied in double precision: a scaled value rarely fits a
  // single-precision number.
  const copied = new Map<OverrideMeasure, Float64Array>();
  const column = (name: OverrideMeasure): Float64Array => {
    let into = copied.get(name);
    if (into === undefined) {
      const from = base[name];
      into = slot.inputs[name];
      if (into?.length !== from.length) into = slot.inputs[name] = new Float64Array(from.length);
      into.set(from);
      model[name] = into;
      copied.set(name, into);
    }
    return into;
  };
  const count = base.periods.length;
  for (const override of scenario.overrides) {
    const index = override.measure === 'capacity' ? base.resourceIndex : base.familyIndex;
    const items =
      override.targets === 'all'
        ? Array.from({ length: index.size }, (_, i) => i)
        : override.targets.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    const values = column(override.measure);
    if (override.measure === 'price') {
      for (const item of items) values[item] = operate(override.op, values[item], override.value);
      continue;
    }
    const from = override.from === undefined ? -Infinity : monthOrdinal(override.from);
    const to = override.to === undefined ? Infinity : monthOrdinal(override.to);
    const periods: number[] = [];
    base.periods.forEach((month, t) => {
      const at = monthOrdinal(month);
      if (at >= from && at <= to) periods.push(t);
    });
    for (const item of items) {
      for (const t of periods) {
        const at = item * count + t;
        values[at] = operate(override.op, values[at], override.value);
      }
    }
  }
  return model;
}
