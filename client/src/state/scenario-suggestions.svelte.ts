import { addScenarioFromFile } from '../../../shared/doc/scenario-commands.ts';
// Straight from its module, not the engine's index: the heuristic then travels in the
// Scenarios view's lazy chunk rather than in the page's first download.
import { suggestScenarios } from '../../../shared/engine/suggestions.ts';
import {
  type GapKind,
  type GapKindTotal,
  type Plan,
  type Scenario,
  type Suggestion,
} from '../../../shared/engine/index.ts';
import { summarizeScenarios } from '../../../shared/engine/scenario.ts';
import { horizonTotals } from '../../../shared/scenarios/compare-scenarios.ts';
import type { ActResult, CycleSession } from './cycle-session.svelte.ts';

/** How a kind of suggestion is titled on the page. */
export const SUGGESTION_TITLE: Record<Suggestion['kind'], string> = {
  buildAhead: 'Build ahead',
  addCapacity: 'Add capacity',
  reduceDemand: 'Reduce demand',
};

/** One kind of gap before and after a suggested draft. */
export interface GapChange {
  kind: GapKind;
  before: GapKindTotal;
  after: GapKindTotal;
}

/** A suggested draft with what it would do to the plan's gaps. */
export interface SuggestionCard {
  kind: Suggestion['kind'];
  title: string;
  scenario: Scenario;
  explanation: string[];
  /** Shortages and overloads (what the drafts set out to close), before and after. */
  targetedBefore: number;
  targetedAfter: number;
  /** Each kind of gap the plan has before or after: shortages and overloads first. */
  changes: GapChange[];
  /** Horizon revenue after minus before. */
  revenueDelta: number;
  /** Margin after holding cost and extra hours' cost, after minus before (domain.md 4.4). */
  marginAfterCostsDelta: number;
}

/** Suggestions worked out from the plan as it was at one moment. */
export interface SuggestionRun {
  /** The plan version they were worked out from (see `LivePlan.version`). */
  version: number;
  /** Shortages and overloads of the plan then: what the drafts set out to close. */
  baseline: Record<GapKind, GapKindTotal>;
  cards: SuggestionCard[];
}

/** The kinds of gap the drafts close come first, then what they may move elsewhere. */
const KIND_ORDER: readonly GapKind[] = [
  'shortage',
  'overload',
  'belowSafetyStock',
  'belowBudget',
  'excessInventory',
];

const targeted = (byKind: Record<GapKind, GapKindTotal>) =>
  byKind.shortage.count + byKind.overload.count;

/**
 * The drafts Fulcrum suggests for a plan, each with the gaps it leaves: the baseline and
 * the drafts are reconciled together (the plan laid out once).
 */
export function suggestionRun(
  plan: Plan,
  version: number,
  label: (month: string) => string,
): SuggestionRun {
  const suggestions = suggestScenarios(plan, label);
  const [base, ...outcomes] = summarizeScenarios(plan, [
    { overrides: [] },
    ...suggestions.map((suggestion) => suggestion.scenario),
  ]);
  const baseTotals = horizonTotals(base);
  const cards = suggestions.map((suggestion, at): SuggestionCard => {
    const outcome = outcomes[at];
    return {
      kind: suggestion.kind,
      title: SUGGESTION_TITLE[suggestion.kind],
      scenario: suggestion.scenario,
      explanation: suggestion.explanation,
      targetedBefore: targeted(base.gaps.byKind),
      targetedAfter: targeted(outcome.gaps.byKind),
      changes: KIND_ORDER.filter(
        (kind) => base.gaps.byKind[kind].count > 0 || outcome.gaps.byKind[kind].count > 0,
      ).map((kind) => ({
        kind,
        before: base.gaps.byKind[kind],
        after: outcome.gaps.byKind[kind],
      })),
      revenueDelta: horizonTotals(outcome).revenue - baseTotals.revenue,
      marginAfterCostsDelta: horizonTotals(outcome).marginAfterCosts - baseTotals.marginAfterCosts,
    };
  });
  return { version, baseline: base.gaps.byKind, cards };
}

/** The name a created draft gets: `Build ahead (suggested)`, numbered if that is taken. */
export function suggestedName(title: string, taken: readonly string[]): string {
  const first = `${title} (suggested)`;
  if (!taken.includes(first)) return first;
  for (let n = 2; ; n++) {
    const name = `${title} (suggested ${n})`;
    if (!taken.includes(name)) return name;
  }
}

/**
 * Suggested ways to close the plan's gaps, worked out when asked (not on every edit: on a
 * large plan it takes a moment), marked stale once the plan changes, and turned into
 * scenarios of the cycle on request.
 */
export class ScenarioSuggestions {
  #session: () => CycleSession;
  #run = $state<SuggestionRun | null>(null);
  /** The scenario created from each kind of draft of the current run. */
  #created = $state<Partial<Record<Suggestion['kind'], string>>>({});

  constructor(session: () => CycleSession) {
    this.#session = session;
  }

  /** The last suggestions worked out, or null before the first. */
  get run(): SuggestionRun | null {
    return this.#run;
  }

  /** Whether the plan changed since the suggestions were worked out. */
  get isStale(): boolean {
    const run = this.#run;
    return run !== null && run.version !== this.#session().live.version;
  }

  /** Works the suggestions out from the plan as it is now; false without a plan. */
  suggest(label: (month: string) => string): boolean {
    const { plan, version } = this.#session().live;
    if (!plan) return false;
    this.#run = suggestionRun(plan, version, label);
    this.#created = {};
    return true;
  }

  /** The id of the scenario created from a draft of this run, if any. */
  createdFrom(kind: Suggestion['kind']): string | undefined {
    return this.#created[kind];
  }

  /**
   * Adds a draft to the cycle's scenarios (one command, one undo step), named for its
   * kind and marked as suggested, owned by `owner`.
   */
  create(card: SuggestionCard, owner: string): ActResult<string> {
    const session = this.#session();
    const taken = session.records('scenarios').records.map((record) => record.name);
    const scenario = { ...card.scenario, name: suggestedName(card.title, taken) };
    const result = session.act((doc) =>
      addScenarioFromFile(doc, scenario, owner.trim() ? { owner: owner.trim() } : {}),
    );
    if (result.ok) this.#created = { ...this.#created, [card.kind]: result.value };
    return result;
  }
}
