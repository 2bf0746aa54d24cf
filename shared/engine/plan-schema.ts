import * as v from 'valibot';
import { isMonth, monthOrdinal } from '../dates.ts';
import { MAX_PLAN_NUMBER } from './plausibility.ts';
import { ADJUSTMENT_REASONS, MAX_FORECAST_LAG, withConsensus } from './demand-streams.ts';
import { ACTUAL_FIELDS, type Plan, type PlanIssue, type PlanParseResult } from './types.ts';

/** The plan file format this engine reads. */
export const PLAN_FORMAT = 'fulcrum.plan';
/** The plan file version this engine writes; it reads this one and version 1. */
export const PLAN_VERSION = 2;
/** The versions this engine reads (a version 1 file is read as version 2). */
export const READABLE_PLAN_VERSIONS: readonly number[] = [1, 2];

/** The most periods a plan may hold (five years of months). */
export const MAX_PERIODS = 60;

const received = (issue: v.BaseIssue<unknown>) => issue.received;

const finite = v.pipe(
  v.number((issue) => `must be a number, got ${received(issue)}`),
  v.finite((issue) => `must be a finite number, got ${received(issue)}`),
);

const atMostLargest = v.maxValue<
  number,
  number,
  (issue: v.MaxValueIssue<number, number>) => string
>(MAX_PLAN_NUMBER, (issue) => `must be at most 1,000,000,000,000, got ${received(issue)}`);

const quantity = v.pipe(
  finite,
  v.minValue(0, (issue) => `must not be negative, got ${received(issue)}`),
  atMostLargest,
);

/** Opening inventory: negative is a backlog owed at the start (written by a roll-over). */
const signedQuantity = v.pipe(
  finite,
  v.minValue(
    -MAX_PLAN_NUMBER,
    (issue) => `must be at least -1,000,000,000,000, got ${received(issue)}`,
  ),
  atMostLargest,
);

const share = v.pipe(
  finite,
  v.minValue(0, (issue) => `must be between 0 and 1, got ${received(issue)}`),
  v.maxValue(1, (issue) => `must be between 0 and 1, got ${received(issue)}`),
);

const text = v.string((issue) => `must be a string, got ${received(issue)}`);

const id = v.pipe(
  text,
  v.minLength(1, 'must not be empty'),
  v.maxLength(200, 'must be at most 200 characters'),
);

const name = v.pipe(text, v.maxLength(500, 'must be at most 500 characters'));

function strict<const T extends v.ObjectEntries>(entries: T) {
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `unknown field ${received(issue)}`;
    if (issue.received === 'undefined' && issue.path?.length) return 'is required';
    return `must be an object, got ${received(issue)}`;
  });
}

const grid = v.record(
  text,
  v.record(text, quantity, (issue) => `must be an object of months, got ${received(issue)}`),
  (issue) => `must be an object keyed by id, got ${received(issue)}`,
);

const list = <T extends v.GenericSchema>(item: T) =>
  v.array(item, (issue) => `must be an array, got ${received(issue)}`);

/** Units on either side of 0 (an adjustment takes demand off when negative). */
const signedAmount = signedQuantity;

const byFamilyMonth = <T extends v.GenericSchema>(item: T) =>
  v.record(
    text,
    v.record(text, item, (issue) => `must be an object of months, got ${received(issue)}`),
    (issue) => `must be an object keyed by family id, got ${received(issue)}`,
  );

const author = v.pipe(
  text,
  v.minLength(1, 'must name who made it'),
  v.maxLength(200, 'must be at most 200 characters'),
);
const reason = v.picklist(ADJUSTMENT_REASONS, `must be one of ${ADJUSTMENT_REASONS.join(', ')}`);
const stamp = v.optional(v.pipe(text, v.maxLength(40, 'must be an ISO time')));
const note = v.optional(v.pipe(text, v.maxLength(2000, 'must be at most 2,000 characters')));

const demandStreamsSchema = strict({
  streams: list(
    v.pipe(text, v.regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'must be a stream name like "sales"')),
  ),
  baseline: grid,
  adjustments: byFamilyMonth(
    v.record(text, strict({ amount: signedAmount, author, reason, note, at: stamp })),
  ),
  overrides: byFamilyMonth(strict({ value: quantity, author, reason, note, at: stamp })),
});

const snapshotSchema = strict({
  cycle: text,
  families: byFamilyMonth(
    strict({ baseline: quantity, adjustments: v.record(text, signedAmount), consensus: quantity }),
  ),
});

const planSchema = strict({
  format: v.literal(PLAN_FORMAT, (issue) => `must be "${PLAN_FORMAT}", got ${received(issue)}`),
  version: v.picklist([1, 2]),
  cycle: text,
  currency: v.pipe(text, v.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code like "EUR"')),
  periods: list(text),
  families: list(
    strict({
      id,
      name,
      price: quantity,
      unitCost: quantity,
      openingInventory: signedQuantity,
      safetyStock: v.optional(quantity),
      maxCover: v.optional(quantity),
      holdingRate: v.optional(share),
      minSupply: v.optional(quantity),
      maxSupply: v.optional(quantity),
      forecastLag: v.optional(
        v.pipe(
          finite,
          v.integer((issue) => `must be a whole number of months, got ${received(issue)}`),
          v.minValue(0, (issue) => `must be 0 to ${MAX_FORECAST_LAG}, got ${received(issue)}`),
          v.maxValue(
            MAX_FORECAST_LAG,
            (issue) => `must be 0 to ${MAX_FORECAST_LAG}, got ${received(issue)}`,
          ),
        ),
      ),
    }),
  ),
  resources: list(strict({ id, name, extraHourCost: v.optional(quantity) })),
  loads: list(strict({ family: text, resource: text, hoursPerUnit: quantity })),
  demand: grid,
  supply: grid,
  capacity: grid,
  budget: grid,
  marginBudget: v.optional(grid),
  history: v.record(
    text,
    v.record(
      text,
      strict({
        actual: v.optional(quantity),
        forecast: v.optional(quantity),
        plannedSupply: v.optional(quantity),
        plannedShipments: v.optional(quantity),
      }),
    ),
    (issue) => `must be an object keyed by family id, got ${received(issue)}`,
  ),
  actuals: v.optional(
    v.record(
      text,
      v.record(
        text,
        strict(Object.fromEntries(ACTUAL_FIELDS.map((field) => [field, v.optional(quantity)]))),
      ),
      (issue) => `must be an object keyed by family id, got ${received(issue)}`,
    ),
  ),
  settings: v.optional(
    strict({
      budgetTolerance: v.optional(share),
      trackingWindow: v.optional(
        v.pipe(
          finite,
          v.integer((issue) => `must be a whole number, got ${received(issue)}`),
          v.minValue(2, (issue) => `must be 2 to 60, got ${received(issue)}`),
          v.maxValue(60, (issue) => `must be 2 to 60, got ${received(issue)}`),
        ),
      ),
      trackingLimit: v.optional(
        v.pipe(
          finite,
          v.gtValue(0, (issue) => `must be above 0, got ${received(issue)}`),
          v.maxValue(1000, (issue) => `must be at most 1,000, got ${received(issue)}`),
        ),
      ),
      fiscalYearStart: v.optional(
        v.pipe(
          finite,
          v.integer((issue) => `must be a month number 1 to 12, got ${received(issue)}`),
          v.minValue(1, (issue) => `must be a month number 1 to 12, got ${received(issue)}`),
          v.maxValue(12, (issue) => `must be a month number 1 to 12, got ${received(issue)}`),
        ),
      ),
      holdingRate: v.optional(share),
      backlogPenaltyRate: v.optional(share),
      safetyShortfallPenalty: v.optional(share),
      overtimeShare: v.optional(share),
      planChangePenalty: v.optional(share),
    }),
  ),
  demandStreams: v.optional(demandStreamsSchema),
  forecastSnapshots: v.optional(list(snapshotSchema)),
  historyMarks: v.optional(
    byFamilyMonth(v.picklist(['keep', 'oneOff'], 'must be "keep" or "oneOff"')),
  ),
});

/**
 * Reads and validates a plan file (format v2, or v1 read as v2) from parsed JSON.
 * Returns every problem found, each located by its JSON path, or the plan.
 * Nothing is computed from a plan with problems.
 */
export function parsePlan(input: unknown): PlanParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail([{ path: '', message: 'a plan file must be a JSON object' }]);
  }
  const header = input as Record<string, unknown>;
  if (header.format !== PLAN_FORMAT) {
    return fail([
      {
        path: 'format',
        message: `not a Fulcrum plan file (format must be "${PLAN_FORMAT}", got ${JSON.stringify(header.format) ?? 'nothing'})`,
      },
    ]);
  }
  if (!READABLE_PLAN_VERSIONS.includes(header.version as number)) {
    return fail([
      {
        path: 'version',
        message: `unsupported plan format version ${JSON.stringify(header.version) ?? '(missing)'}: this Fulcrum reads versions 1 and 2`,
      },
    ]);
  }
  const parsed = v.safeParse(planSchema, input, { abortPipeEarly: true });
  if (!parsed.success) {
    return fail(
      parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message })),
    );
  }
  // A version 1 file means the same as a version 2 file without the new sections.
  const plan = { ...parsed.output, version: PLAN_VERSION } as Plan;
  const issues = checkReferences(plan);
  if (issues.length > 0) return fail(issues);
  // Where functions adjusted demand, the plan uses the consensus of the streams.
  return { ok: true, plan: withConsensus(plan) };
}

/** Formats a problem as one line: `path: message`. */
export function formatPlanIssue(issue: PlanIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

function fail(issues: PlanIssue[]): PlanParseResult {
  return { ok: false, issues };
}

/** The rules a schema cannot express: months, unique ids, references between sections. */
function checkReferences(plan: Plan): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const problem = (path: string, message: string) => issues.push({ path, message });

  if (!isMonth(plan.cycle))
    problem('cycle', `must be a month written YYYY-MM, got "${plan.cycle}"`);
  checkPeriods(plan.periods, problem);
  const periods = new Set(plan.periods);
  const families = uniqueIds(plan.families, 'families', problem);
  plan.families.forEach((family, index) => {
    if (
      family.minSupply !== undefined &&
      family.maxSupply !== undefined &&
      family.minSupply > family.maxSupply
    ) {
      problem(
        `families.${index}.minSupply`,
        `must not be above maxSupply (${family.minSupply} > ${family.maxSupply})`,
      );
    }
  });
  const resources = uniqueIds(plan.resources, 'resources', problem);

  const pairs = new Set<string>();
  plan.loads.forEach((load, index) => {
    const path = `loads.${index}`;
    if (!families.has(load.family)) problem(`${path}.family`, `unknown family "${load.family}"`);
    if (!resources.has(load.resource))
      problem(`${path}.resource`, `unknown resource "${load.resource}"`);
    const pair = JSON.stringify([load.family, load.resource]);
    if (pairs.has(pair))
      problem(path, `duplicate load of family "${load.family}" on resource "${load.resource}"`);
    pairs.add(pair);
  });

  checkGrid(plan.demand, 'demand', families, 'family', periods, problem);
  checkGrid(plan.supply, 'supply', families, 'family', periods, problem);
  checkGrid(plan.budget, 'budget', families, 'family', periods, problem);
  if (plan.marginBudget)
    checkGrid(plan.marginBudget, 'marginBudget', families, 'family', periods, problem);
  checkGrid(plan.capacity, 'capacity', resources, 'resource', periods, problem);
  for (const [familyId, months] of Object.entries(plan.history)) {
    if (!families.has(familyId)) problem(`history.${familyId}`, `unknown family "${familyId}"`);
    for (const month of Object.keys(months)) {
      if (!isMonth(month))
        problem(`history.${familyId}.${month}`, `"${month}" is not a month written YYYY-MM`);
    }
  }
  const first = plan.periods[0];
  for (const [familyId, months] of Object.entries(plan.actuals ?? {})) {
    if (!families.has(familyId)) problem(`actuals.${familyId}`, `unknown family "${familyId}"`);
    for (const month of Object.keys(months)) {
      const path = `actuals.${familyId}.${month}`;
      if (!isMonth(month)) problem(path, `"${month}" is not a month written YYYY-MM`);
      else if (isMonth(first) && monthOrdinal(month) >= monthOrdinal(first))
        problem(path, `actuals are for ended months, before the plan's first period ${first}`);
    }
  }
  for (const [familyId, months] of Object.entries(plan.historyMarks ?? {})) {
    if (!families.has(familyId))
      problem(`historyMarks.${familyId}`, `unknown family "${familyId}"`);
    for (const month of Object.keys(months)) {
      if (!isMonth(month)) {
        problem(`historyMarks.${familyId}.${month}`, `"${month}" is not a month written YYYY-MM`);
      }
    }
  }
  if (plan.demandStreams) checkStreams(plan.demandStreams, families, periods, problem);
  plan.forecastSnapshots?.forEach((snapshot, index) => {
    const path = `forecastSnapshots.${index}`;
    if (!isMonth(snapshot.cycle)) {
      problem(`${path}.cycle`, `must be a month written YYYY-MM, got "${snapshot.cycle}"`);
    }
    const previous = plan.forecastSnapshots![index - 1];
    if (previous && previous.cycle >= snapshot.cycle) {
      problem(
        `${path}.cycle`,
        `snapshots must be oldest first, one per cycle: "${snapshot.cycle}" follows "${previous.cycle}"`,
      );
    }
  });
  return issues;
}

function checkStreams(
  streams: NonNullable<Plan['demandStreams']>,
  families: Set<string>,
  periods: Set<string>,
  problem: Problem,
): void {
  const names = new Set(streams.streams);
  if (names.size !== streams.streams.length) {
    problem('demandStreams.streams', 'names a stream twice');
  }
  checkGrid(streams.baseline, 'demandStreams.baseline', families, 'family', periods, problem);
  checkGrid(streams.overrides, 'demandStreams.overrides', families, 'family', periods, problem);
  checkGrid(streams.adjustments, 'demandStreams.adjustments', families, 'family', periods, problem);
  for (const [family, months] of Object.entries(streams.adjustments)) {
    for (const [month, byStream] of Object.entries(months)) {
      for (const stream of Object.keys(byStream)) {
        if (!names.has(stream)) {
          problem(
            `demandStreams.adjustments.${family}.${month}.${stream}`,
            `"${stream}" is not one of the plan's streams (${streams.streams.join(', ')})`,
          );
        }
      }
    }
  }
}

type Problem = (path: string, message: string) => void;

function checkPeriods(periods: string[], problem: Problem): void {
  if (periods.length < 1 || periods.length > MAX_PERIODS) {
    problem('periods', `must hold 1 to ${MAX_PERIODS} months, got ${periods.length}`);
  }
  periods.forEach((period, index) => {
    if (!isMonth(period)) {
      problem(`periods.${index}`, `must be a month written YYYY-MM, got "${period}"`);
      return;
    }
    const previous = periods[index - 1];
    if (index > 0 && isMonth(previous) && monthOrdinal(period) !== monthOrdinal(previous) + 1) {
      problem(
        `periods.${index}`,
        `months must be consecutive and ascending: "${period}" does not follow "${previous}"`,
      );
    }
  });
}

function uniqueIds(items: { id: string }[], section: string, problem: Problem): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, index) => {
    if (ids.has(item.id)) problem(`${section}.${index}.id`, `duplicate id "${item.id}"`);
    ids.add(item.id);
  });
  return ids;
}

function checkGrid(
  grid: Record<string, Record<string, unknown>>,
  section: string,
  ids: Set<string>,
  kind: string,
  periods: Set<string>,
  problem: Problem,
): void {
  for (const [key, months] of Object.entries(grid)) {
    if (!ids.has(key)) {
      problem(`${section}.${key}`, `unknown ${kind} "${key}"`);
      continue;
    }
    for (const month of Object.keys(months)) {
      if (!periods.has(month)) {
        problem(`${section}.${key}.${month}`, `"${month}" is not one of the plan's periods`);
      }
    }
  }
}
