import type { WithId } from '../../../../shared/doc/index.ts';
import {
  monthOrdinal,
  type Accuracy,
  type FamilyStatus,
  type Gap,
  type GapKind,
  type Month,
  type Reconciliation,
} from '../../../../shared/engine/index.ts';
import type { Action, Decision, NpiItem, Risk } from '../../../../shared/schema/records.ts';
import { riskScore } from '../../../../shared/schema/risk-band.ts';
import type { Formatters } from '../../lib/format.ts';
import type { CycleSession, ReconciledPlan } from '../../state/cycle-session.svelte.ts';
import type { ViewId } from '../../state/router.svelte.ts';

/**
 * The numbers behind the live data panel of each standard agenda item (domain.md
 * section 1): plain functions of the engine's reconciliation and the work records, so
 * every peer shows the same and tests can check them without a page.
 */

/** The live data panel that answers an agenda item, in the order of the standard agenda. */
export const PANELS = [
  'changes',
  'accuracy',
  'families',
  'financials',
  'risks',
  'decisions',
  'npi',
  'constraints',
  'farHorizon',
  'actions',
] as const;

/** Which live data an agenda item shows. */
export type PanelKind = (typeof PANELS)[number];

/** The props of the panels that list the cycle's records, each linking to its view. */
export interface RecordPanelProps {
  session: CycleSession;
  go: (view: ViewId, item?: string | null) => void;
  format: Formatters;
}

/** The props of the panels that read the plan's reconciliation. */
export interface LiveDataProps {
  /** The live plan with its results (a new value per plan version, see `LivePlan`). */
  live: ReconciledPlan;
  format: Formatters;
}

/**
 * The panel of an agenda item: a standard item (seeded as `agenda-1` ... `agenda-10`, or
 * carrying a standard title) keeps its panel wherever it moves; an added item has none
 * (it shows its notes only).
 */
export function panelFor(
  item: { id: string; title: string },
  standardTitles: readonly string[],
): PanelKind | null {
  const seeded = /^agenda-(\d+)$/.exec(item.id);
  if (seeded) {
    const index = Number(seeded[1]) - 1;
    if (index >= 0 && index < PANELS.length) return PANELS[index];
  }
  const byTitle = standardTitles.findIndex(
    (title) => title.trim().toLowerCase() === item.title.trim().toLowerCase(),
  );
  return byTitle >= 0 && byTitle < PANELS.length ? PANELS[byTitle] : null;
}

/** Months of the horizon the family performance panel looks at. */
export const NEAR_MONTHS = 6;

/** A family's state over the next months. */
export interface FamilyPerformance {
  id: string;
  name: string;
  shortage: number;
  belowSafetyStock: number;
  overstock: number;
  /** The most serious status of the window. */
  worst: FamilyStatus;
  revenue: number;
  margin: number;
  budgetGap: number;
}

const SEVERITY: Record<FamilyStatus, number> = {
  shortage: 3,
  belowSafetyStock: 2,
  overstock: 1,
  ok: 0,
};

/**
 * Each family over the first `months` months of the horizon: how many months in
 * shortage, below safety stock and in overstock, with revenue, margin and gap to
 * budget. Most troubled first (worst status, then months in it, then revenue).
 */
export function familyPerformance(
  result: Reconciliation,
  months = NEAR_MONTHS,
): { periods: Month[]; rows: FamilyPerformance[] } {
  const count = Math.min(months, result.periods.length);
  const rows = result.families.map((family) => {
    const row: FamilyPerformance = {
      id: family.id,
      name: family.name,
      shortage: 0,
      belowSafetyStock: 0,
      overstock: 0,
      worst: 'ok',
      revenue: 0,
      margin: 0,
      budgetGap: 0,
    };
    for (const period of family.rows.slice(0, count)) {
      if (period.status !== 'ok') row[period.status] += 1;
      if (SEVERITY[period.status] > SEVERITY[row.worst]) row.worst = period.status;
      row.revenue += period.revenue;
      row.margin += period.margin;
      row.budgetGap += period.budgetGap;
    }
    return row;
  });
  rows.sort(
    (a, b) =>
      SEVERITY[b.worst] - SEVERITY[a.worst] ||
      troubledMonths(b) - troubledMonths(a) ||
      b.revenue - a.revenue ||
      a.name.localeCompare(b.name),
  );
  return { periods: result.periods.slice(0, count), rows };
}

function troubledMonths(row: FamilyPerformance): number {
  return row.shortage + row.belowSafetyStock + row.overstock;
}

/** The plan in money over the horizon, against budget. */
export interface Financials {
  revenue: number;
  margin: number;
  budget: number;
  /** revenue - budget (negative: below budget). */
  gap: number;
  /** margin / revenue; null without revenue. */
  marginRatio: number | null;
  /** gap / budget; null without budget. */
  gapRatio: number | null;
  months: Month[];
  revenueByMonth: number[];
  budgetByMonth: number[];
  /** Months whose revenue is below a budget that is set, largest gap first. */
  belowBudget: { period: Month; gap: number }[];
}

/** Revenue and margin against budget: totals and the gap per month. */
export function financials(result: Reconciliation): Financials {
  let revenue = 0;
  let margin = 0;
  let budget = 0;
  const belowBudget: { period: Month; gap: number }[] = [];
  for (const total of result.totals) {
    revenue += total.revenue;
    margin += total.margin;
    budget += total.budget;
    if (total.budget > 0 && total.revenue < total.budget) {
      belowBudget.push({ period: total.period, gap: total.revenue - total.budget });
    }
  }
  belowBudget.sort((a, b) => a.gap - b.gap || monthOrdinal(a.period) - monthOrdinal(b.period));
  return {
    revenue,
    margin,
    budget,
    gap: revenue - budget,
    marginRatio: revenue > 0 ? margin / revenue : null,
    gapRatio: budget > 0 ? (revenue - budget) / budget : null,
    months: result.totals.map((total) => total.period),
    revenueByMonth: result.totals.map((total) => total.revenue),
    budgetByMonth: result.totals.map((total) => total.budget),
    belowBudget,
  };
}

/** Beyond this size the tracking signal raises an alarm (domain.md 4.7). */
export const TRACKING_ALARM = 4;

/** A family's forecast accuracy, named. */
export interface FamilyAccuracy extends Accuracy {
  id: string;
  name: string;
  isAlarm: boolean;
}

/**
 * Forecast accuracy pooled and per family, families with history only, least accurate
 * (highest WMAPE) first; and how many families' tracking signals are in alarm.
 */
export function accuracyReport(result: Reconciliation): {
  total: Accuracy;
  families: FamilyAccuracy[];
  alarms: number;
} {
  const families: FamilyAccuracy[] = [];
  for (const family of result.families) {
    const accuracy = result.accuracy.families[family.id];
    if (!accuracy || accuracy.points === 0) continue;
    families.push({
      ...accuracy,
      id: family.id,
      name: family.name,
      isAlarm: isTrackingAlarm(accuracy.trackingSignal),
    });
  }
  families.sort(
    (a, b) =>
      (b.wmape ?? -Infinity) - (a.wmape ?? -Infinity) ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : 1),
  );
  return {
    total: result.accuracy.total,
    families,
    alarms: families.filter((family) => family.isAlarm).length,
  };
}

/** True when a tracking signal is beyond the alarm limit. */
export function isTrackingAlarm(signal: number | null): boolean {
  return signal !== null && Math.abs(signal) > TRACKING_ALARM;
}

/** Gaps of some kinds, with the name of their family or resource. */
export interface NamedGap extends Gap {
  name: string;
}

/** The name of a gap's subject: its family's, or its resource's for an overload. */
export function nameGaps(result: Reconciliation, gaps: Gap[]): NamedGap[] {
  const families = new Map(result.families.map((family) => [family.id, family.name]));
  const resources = new Map(result.resources.map((resource) => [resource.id, resource.name]));
  return gaps.map((gap) => ({
    ...gap,
    name:
      (gap.kind === 'overload' ? resources.get(gap.subject) : families.get(gap.subject)) ??
      gap.subject,
  }));
}

/** What the critical constraints panel shows. */
export interface Constraints {
  /** Overloaded resource-months and shortages, in the gap list's order (value first). */
  gaps: NamedGap[];
  overloads: number;
  overloadHours: number;
  shortages: number;
  shortageUnits: number;
  /** Money at stake over both. */
  value: number;
}

/** Overloaded resources and shortages from the gap list. */
export function constraints(result: Reconciliation): Constraints {
  const critical = result.gaps.filter((gap) => gap.kind === 'overload' || gap.kind === 'shortage');
  let overloadHours = 0;
  let shortageUnits = 0;
  let value = 0;
  for (const gap of critical) {
    if (gap.kind === 'overload') overloadHours += gap.amount;
    else shortageUnits += gap.amount;
    value += gap.value;
  }
  return {
    gaps: nameGaps(result, critical),
    overloads: critical.filter((gap) => gap.kind === 'overload').length,
    overloadHours,
    shortages: critical.filter((gap) => gap.kind === 'shortage').length,
    shortageUnits,
    value,
  };
}

/** The far horizon starts at this month of the horizon (1-based) and ends at FAR_LAST. */
export const FAR_FIRST = 13;
/** The last month of the far horizon (1-based). */
export const FAR_LAST = 36;

/** Revenue against budget over some months. */
export interface BudgetSpan {
  from: Month;
  to: Month;
  months: number;
  revenue: number;
  budget: number;
  gap: number;
  /** gap / budget; null without budget. */
  gapRatio: number | null;
}

/** What the long-term plan panel shows. */
export interface FarHorizon {
  /** Months in the plan's horizon. */
  horizon: number;
  /** The far months (13..36), or null when the horizon is shorter than 13 months. */
  far: BudgetSpan | null;
  /** Months 1..12, for the trend. */
  near: BudgetSpan;
  /** Gaps in the far months, in the gap list's order. */
  gaps: NamedGap[];
  byKind: Record<GapKind, { count: number; value: number }>;
}

/** Gaps and the budget trend in months 13..36 of the horizon against months 1..12. */
export function farHorizon(result: Reconciliation): FarHorizon {
  const farPeriods = new Set(result.periods.slice(FAR_FIRST - 1, FAR_LAST));
  const gaps = result.gaps.filter((gap) => farPeriods.has(gap.period));
  const byKind = {
    shortage: { count: 0, value: 0 },
    belowSafetyStock: { count: 0, value: 0 },
    overload: { count: 0, value: 0 },
    belowBudget: { count: 0, value: 0 },
  };
  for (const gap of gaps) {
    byKind[gap.kind].count += 1;
    byKind[gap.kind].value += gap.value;
  }
  return {
    horizon: result.periods.length,
    far: farPeriods.size > 0 ? span(result, FAR_FIRST - 1, FAR_LAST) : null,
    near: span(result, 0, FAR_FIRST - 1),
    gaps: nameGaps(result, gaps),
    byKind,
  };
}

function span(result: Reconciliation, start: number, end: number): BudgetSpan {
  const totals = result.totals.slice(start, end);
  let revenue = 0;
  let budget = 0;
  for (const total of totals) {
    revenue += total.revenue;
    budget += total.budget;
  }
  return {
    from: totals[0]?.period ?? result.cycle,
    to: totals[totals.length - 1]?.period ?? result.cycle,
    months: totals.length,
    revenue,
    budget,
    gap: revenue - budget,
    gapRatio: budget > 0 ? (revenue - budget) / budget : null,
  };
}

/** Risks and opportunities not closed, highest score first, then money at stake. */
export function openRisks(risks: WithId<Risk>[]): WithId<Risk>[] {
  return risks
    .filter((risk) => risk.status !== 'closed')
    .sort(
      (a, b) =>
        riskScore(b) - riskScore(a) ||
        (b.impactValue ?? 0) - (a.impactValue ?? 0) ||
        a.title.localeCompare(b.title),
    );
}

/** Decisions still to take (proposed or deferred), soonest due first, undated last. */
export function openDecisions(decisions: WithId<Decision>[]): WithId<Decision>[] {
  return decisions
    .filter((decision) => decision.status === 'proposed' || decision.status === 'deferred')
    .sort(
      (a, b) =>
        (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.question.localeCompare(b.question),
    );
}

/** An NPI item with how late it runs. */
export interface NpiProgress extends WithId<NpiItem> {
  /** Months the forecast launch is after the planned one (0 when on plan or earlier). */
  lateBy: number;
  /** Planned launch before the cycle's month and not launched yet. */
  isOverdue: boolean;
}

/** NPI items, late or overdue first, then by planned launch. */
export function npiProgress(items: WithId<NpiItem>[], cycle: Month): NpiProgress[] {
  return items
    .map((item) => ({
      ...item,
      lateBy: item.forecastLaunch
        ? Math.max(0, monthOrdinal(item.forecastLaunch) - monthOrdinal(item.plannedLaunch))
        : 0,
      isOverdue:
        item.stage !== 'launched' && monthOrdinal(item.plannedLaunch) < monthOrdinal(cycle),
    }))
    .sort(
      (a, b) =>
        Number(b.lateBy > 0 || b.isOverdue) - Number(a.lateBy > 0 || a.isOverdue) ||
        b.lateBy - a.lateBy ||
        a.plannedLaunch.localeCompare(b.plannedLaunch) ||
        a.name.localeCompare(b.name),
    );
}

/** An open action with whether it is overdue and how many cycles it has been carried. */
export interface OpenAction extends WithId<Action> {
  isOverdue: boolean;
  /** Cycles since it was raised (0: raised this cycle). */
  carried: number;
}

/** Open actions, overdue first, then by due date. `today` is `YYYY-MM-DD`. */
export function openActions(actions: WithId<Action>[], today: string, cycle: Month): OpenAction[] {
  return actions
    .filter((action) => action.status === 'open')
    .map((action) => ({
      ...action,
      isOverdue: action.due < today,
      carried: Math.max(0, monthOrdinal(cycle) - monthOrdinal(action.raisedIn)),
    }))
    .sort(
      (a, b) =>
        Number(b.isOverdue) - Number(a.isOverdue) ||
        a.due.localeCompare(b.due) ||
        a.title.localeCompare(b.title),
    );
}

/** Risks raised in this cycle and actions closed (done or dropped): what moved this month. */
export function cycleChanges(
  risks: WithId<Risk>[],
  actions: WithId<Action>[],
  cycle: Month,
): { newRisks: WithId<Risk>[]; closedActions: WithId<Action>[] } {
  return {
    newRisks: risks
      .filter((risk) => risk.raisedIn === cycle)
      .sort((a, b) => riskScore(b) - riskScore(a) || a.title.localeCompare(b.title)),
    closedActions: actions
      .filter((action) => action.status !== 'open')
      .sort((a, b) => b.due.localeCompare(a.due) || a.title.localeCompare(b.title)),
  };
}

/** Today's date as `YYYY-MM-DD` in the person's time zone. */
export function localDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
