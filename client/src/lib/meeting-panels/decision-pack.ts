import type { WithId } from '../../../../shared/doc/index.ts';
import type { Gap } from '../../../../shared/engine/index.ts';
import type {
  Decision,
  ExpectedImpact,
  GapNote,
  ScenarioRecord,
} from '../../../../shared/schema/records.ts';
import type {
  ComparedMeasure,
  HorizonTotals,
  ScenarioComparison,
} from '../../../../shared/scenarios/compare-scenarios.ts';

/**
 * The decision pack of agenda item 6: every decision waiting for the meeting, each with
 * what it chooses between. Waiting are decisions proposed or deferred, scenarios still
 * draft (neither adopted nor kept out by a decision) and gaps marked "needs a decision".
 * Plain functions of the records and the scenario comparison, so every peer lists the
 * same pack.
 */

/** One waiting decision of the pack. */
export type PackItem =
  | { kind: 'decision'; id: string; title: string; decision: WithId<Decision> }
  | {
      kind: 'scenario';
      id: string;
      title: string;
      scenario: WithId<ScenarioRecord>;
      /** Its numbers beside the current plan; null when it cannot be compared (its problem). */
      comparison: ScenarioComparison | null;
    }
  | {
      kind: 'gap';
      id: string;
      title: string;
      note: WithId<GapNote>;
      /** The gap in the current plan; undefined when an edit closed it. */
      gap: Gap | undefined;
    };

/** The measures the pack shows for a scenario beside the current plan, in order. */
export const PACK_MEASURES: readonly ComparedMeasure[] = [
  'marginAfterCosts',
  'revenue',
  'unshippedDemand',
  'endInventory',
  'peakBacklogValue',
  'overloadHours',
  'gapCount',
];

/** The measures a scenario's expected impact is carried from, in order (at most five). */
export const IMPACT_MEASURES: readonly ComparedMeasure[] = [
  'marginAfterCosts',
  'revenue',
  'unshippedDemand',
  'endInventory',
  'peakBacklogValue',
  'overloadHours',
  'gapCount',
];

/** The unit of a compared measure that is not money. */
const NON_MONEY_UNIT: Partial<Record<ComparedMeasure, string>> = {
  overloadHours: 'h',
  gapCount: 'gaps',
};

/**
 * Every waiting decision: scenarios first (in their list order), then proposed and
 * deferred decisions (soonest due first, undated last), then gaps marked "needs a
 * decision" (in the gap list's order, a gap the plan no longer has last).
 */
export function decisionPack(input: {
  decisions: readonly WithId<Decision>[];
  scenarios: readonly WithId<ScenarioRecord>[];
  comparisons: readonly ScenarioComparison[];
  gapNotes: readonly WithId<GapNote>[];
  gaps: readonly Gap[];
  /** How a gap is named: its subject and months. */
  gapTitle: (gapId: string, gap: Gap | undefined) => string;
}): PackItem[] {
  const scenarios: PackItem[] = input.scenarios
    .filter((scenario) => scenario.status === 'draft')
    .sort((a, b) => a.order - b.order || compareIds(a.id, b.id))
    .map((scenario) => ({
      kind: 'scenario',
      id: scenario.id,
      title: scenario.name,
      scenario,
      comparison: input.comparisons.find((entry) => entry.id === scenario.id) ?? null,
    }));
  const decisions: PackItem[] = input.decisions
    .filter(
      (decision) =>
        (decision.status === 'proposed' || decision.status === 'deferred') && !decision.archived,
    )
    .sort(
      (a, b) =>
        (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.question.localeCompare(b.question),
    )
    .map((decision) => ({ kind: 'decision', id: decision.id, title: decision.question, decision }));
  const rank = new Map(input.gaps.map((gap, index) => [gap.id, index]));
  const gaps: PackItem[] = input.gapNotes
    .filter((note) => note.needsDecision === true)
    .sort(
      (a, b) =>
        (rank.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.id) ?? Number.MAX_SAFE_INTEGER) ||
        compareIds(a.id, b.id),
    )
    .map((note) => {
      const gap = input.gaps.find((candidate) => candidate.id === note.id);
      return { kind: 'gap', id: note.id, title: input.gapTitle(note.id, gap), note, gap };
    });
  return [...scenarios, ...decisions, ...gaps];
}

/**
 * A scenario's expected impact as the comparison gives it: each measure of
 * {@link IMPACT_MEASURES} the scenario changes (rounded to whole units: money in the
 * plan's currency, overload in hours, gaps counted), at most five; margin after costs
 * alone, at 0, when it changes none of them. The meeting edits them before deciding.
 */
export function impactFromComparison(
  comparison: ScenarioComparison,
  currency: string,
  label: (measure: ComparedMeasure) => string,
): ExpectedImpact[] {
  const impact = (measure: ComparedMeasure): ExpectedImpact => ({
    measure: label(measure),
    value: Math.round(comparison.difference[measure].delta),
    unit: NON_MONEY_UNIT[measure] ?? currency,
    key: measure,
  });
  const changed = IMPACT_MEASURES.map(impact).filter((entry) => entry.value !== 0);
  return changed.length > 0 ? changed.slice(0, 5) : [impact('marginAfterCosts')];
}

/** The expected impact of keeping the plan instead: each measure's change is 0 by choice. */
export function impactOfKeeping(impact: readonly ExpectedImpact[]): ExpectedImpact[] {
  return impact.map((entry) => ({ ...entry, value: 0 }));
}

/** The current plan's totals and a scenario's, measure by measure, for the side-by-side table. */
export function sideBySide(
  baseline: HorizonTotals,
  comparison: ScenarioComparison,
): { measure: ComparedMeasure; plan: number; scenario: number; delta: number }[] {
  return PACK_MEASURES.map((measure) => ({
    measure,
    plan: baseline[measure],
    scenario: comparison.totals[measure],
    delta: comparison.difference[measure].delta,
  }));
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
