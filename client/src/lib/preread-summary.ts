import {
  GAP_KINDS,
  type GapKind,
  type Month,
  type Plan,
  type Reconciliation,
} from '../../../shared/engine/index.ts';
import { performance } from '../../../shared/engine/performance.ts';
import type { WithId } from '../../../shared/doc/index.ts';
import type { Decision, GapNote, ScenarioRecord } from '../../../shared/schema/records.ts';
import { nameGaps, type NamedGap } from './meeting-panels/named-gaps.ts';
import { planHeadline } from './plan-headline.ts';

/**
 * The pre-read's summary: the headline numbers, the largest gaps of each kind and the
 * decisions the meeting must take, on one screen. Every number reads the engine's result
 * of the published plan as the meeting's panels do (domain.md 4.4, 4.6, 4.8): revenue is
 * compared with budget over the budgeted family-months only, backlog is valued at its
 * peak month (never summed over months), and gaps are counted and valued per kind (never
 * one sum across kinds).
 */
export interface PrereadSummary {
  /** Revenue against budget over the family-months that have a budget; null with no budget. */
  budget: { revenue: number; budget: number; gap: number; unbudgetedRevenue: number } | null;
  /**
   * Service in the month just ended, from the plan's actuals: `measures` is null when no
   * actuals are recorded for it (nothing to show, rather than a made-up 100%).
   */
  service: {
    month: Month;
    measures: {
      unitFillRate: number | null;
      valueFillRate: number | null;
      otif: number | null;
    } | null;
  };
  /** The month with the largest backlog value (Σ backlog × price of that month). */
  peakBacklog: { value: number; month: Month | null; familiesShort: number };
  /** Resource-months loaded beyond capacity, of all resource-months. */
  overloads: { count: number; resourceMonths: number };
  /** Per kind that has gaps, in the gap list's kind order: its count, value and largest. */
  topGaps: KindGaps[];
  /** What the meeting must decide: open decisions, draft scenarios, gaps marked for one. */
  decisions: PendingDecision[];
}

/** The gaps of one kind: how many, what they put at stake together, and the largest. */
export interface KindGaps {
  kind: GapKind;
  count: number;
  /** Σ value of this kind's gaps: one kind, one unit of value, so they add up. */
  value: number;
  /** The largest by value, as the gap list orders them. */
  largest: NamedGap[];
}

/** One decision the meeting must take. */
export interface PendingDecision {
  id: string;
  kind: 'decision' | 'scenario' | 'gap';
  /** The question, the scenario's name, or the gap in words. */
  title: string;
  /** `Proposed`, `Deferred`, `Draft scenario`, `Gap marked for a decision`. */
  state: 'proposed' | 'deferred' | 'draft' | 'gap';
  owner: string | null;
  /** A decision's due day, when it has one. */
  due: string | null;
  /** A scenario's assumption or a decision's options. */
  detail: string | null;
  /** A gap marked for a decision, as the published plan has it; null otherwise (or gone). */
  gap: NamedGap | null;
}

/** What the summary reads of the cycle's work: its live decisions, scenarios, gap notes. */
export interface PrereadWork {
  decisions: readonly WithId<Decision>[];
  scenarios: readonly WithId<ScenarioRecord>[];
  gapNotes: readonly WithId<GapNote>[];
}

/** How many gaps of each kind the summary names: two, so five kinds fit one screen. */
export const GAPS_PER_KIND = 2;

const STATE_ORDER: Record<PendingDecision['state'], number> = {
  proposed: 0,
  deferred: 1,
  draft: 2,
  gap: 3,
};

/** The summary of a published plan and its reconciliation, with the decisions waiting now. */
export function prereadSummary(
  plan: Plan,
  result: Reconciliation,
  work: PrereadWork,
): PrereadSummary {
  const headline = planHeadline(result);
  const measured = performance(plan);
  const total = measured.total;
  const hasService =
    total.unitFillRate !== null || total.valueFillRate !== null || total.otif !== null;
  const topGaps: KindGaps[] = [];
  for (const kind of GAP_KINDS) {
    const count = headline.gapsByKind[kind];
    if (count === 0) continue;
    // result.gaps is ordered by value, largest first (domain.md 4.6).
    const largest = result.gaps.filter((gap) => gap.kind === kind).slice(0, GAPS_PER_KIND);
    topGaps.push({
      kind,
      count,
      value: headline.gapValueByKind[kind],
      largest: nameGaps(result, largest),
    });
  }
  return {
    budget:
      headline.budget > 0
        ? {
            revenue: headline.budgetedRevenue,
            budget: headline.budget,
            gap: headline.budgetGap,
            unbudgetedRevenue: headline.unbudgetedRevenue,
          }
        : null,
    service: {
      month: measured.endedMonth,
      measures: hasService
        ? { unitFillRate: total.unitFillRate, valueFillRate: total.valueFillRate, otif: total.otif }
        : null,
    },
    peakBacklog: {
      value: headline.peakBacklogValue,
      month: headline.peakBacklogPeriod,
      familiesShort: headline.familiesShort,
    },
    overloads: {
      count: headline.overloadedResourceMonths,
      resourceMonths: headline.resourceMonths,
    },
    topGaps,
    decisions: pendingDecisions(result, work),
  };
}

/**
 * Open decisions first (proposed, then deferred), then draft scenarios, then marked gaps;
 * within each, the earliest due first, then by title.
 */
export function pendingDecisions(result: Reconciliation, work: PrereadWork): PendingDecision[] {
  const pending: PendingDecision[] = [];
  for (const decision of work.decisions) {
    if (decision.archived) continue;
    if (decision.status !== 'proposed' && decision.status !== 'deferred') continue;
    pending.push({
      id: decision.id,
      kind: 'decision',
      title: decision.question,
      state: decision.status,
      owner: decision.owner || null,
      due: decision.due ?? null,
      detail: decision.options || null,
      gap: null,
    });
  }
  for (const scenario of work.scenarios) {
    if (scenario.status !== 'draft') continue;
    pending.push({
      id: scenario.id,
      kind: 'scenario',
      title: scenario.name,
      state: 'draft',
      owner: scenario.owner || null,
      due: null,
      detail: scenario.assumption || null,
      gap: null,
    });
  }
  const gaps = new Map(nameGaps(result, result.gaps).map((gap) => [gap.id, gap]));
  for (const note of work.gapNotes) {
    if (!note.needsDecision) continue;
    const gap = gaps.get(note.id);
    pending.push({
      id: note.id,
      kind: 'gap',
      title: gap
        ? `${gap.name}, ${gap.period}${gap.last !== gap.period ? ` to ${gap.last}` : ''}`
        : note.id,
      state: 'gap',
      owner: note.owner || null,
      due: null,
      detail: null,
      gap: gap ?? null,
    });
  }
  return pending
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        STATE_ORDER[a.item.state] - STATE_ORDER[b.item.state] ||
        (a.item.due ?? '9999').localeCompare(b.item.due ?? '9999') ||
        a.item.title.localeCompare(b.item.title) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
}
