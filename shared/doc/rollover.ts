import {
  addMonths,
  reconcile,
  snapshotOf,
  SNAPSHOTS_KEPT,
  streamsWithin,
  type Plan,
} from '../engine/index.ts';
import { matchGapWork } from '../engine/gap-episodes.ts';
import type { ActualMonth } from '../engine/types.ts';
import { exportCycle } from './cycle-file.ts';
import { collection, metaMap, previousMap, transact } from './layout.ts';
import { importPlan, record } from './plan-commands.ts';
import { readPlan } from './plan-projection.ts';
import { hasPlan } from './reading.ts';
import { addStandardAgenda } from './agenda-commands.ts';
import { commandError } from '../schema/command-error.ts';
import { freezePlan } from './frozen-plan.ts';
import { currentFields } from './revision-commands.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** What carried into the next cycle, by kind, for the person who started it. */
export interface NextCycleSummary {
  cycle: string;
  title: string;
  /** The month that ended and moved into history. */
  endedMonth: string;
  carried: { risks: number; actions: number; decisions: number; npi: number; gapNotes: number };
}

/** The id of the cycle after `cycle` (`2026-12` → `2027-01`). */
export function nextCycleId(cycle: string): string {
  return addMonths(cycle, 1);
}

/**
 * The plan of the next cycle (domain.md 4.11: the horizon rolls forward one month):
 * settings, families, resources, loads and prices carry over; demand, supply, capacity,
 * budget and margin budget carry for the months both horizons cover; the actuals stay.
 * The month that ended moves into history with its actual (when entered) and what this
 * plan had for it: its demand as `forecast`, its supply as `plannedSupply` and the
 * shipments it projected as `plannedShipments`. `ended` is what happened in that month
 * per family (recorded as it ended, see `PlanReading.endingActuals`); it joins the
 * actuals. Each family opens the new horizon with what it had at the end of the month
 * that ended: on hand less open backorders when the actuals record both, else the
 * inventory this plan projected. Either may be negative: a family ending 442 units
 * short opens owing them.
 */
export function rollOverPlan(plan: Plan, ended: Record<string, ActualMonth> = {}): Plan {
  const facts = mergedActuals(plan, ended);
  const endedMonth = plan.periods[0];
  const endedRows = new Map(
    reconcile(plan).families.map((family) => [family.id, family.rows[0]] as const),
  );
  const periods = [...plan.periods.slice(1), addMonths(plan.periods[plan.periods.length - 1], 1)];
  const keep = new Set(periods);
  const within = (rows: Record<string, Record<string, number>>) =>
    Object.fromEntries(
      Object.entries(rows).map(([id, months]) => [
        id,
        Object.fromEntries(Object.entries(months).filter(([month]) => keep.has(month))),
      ]),
    );
  const history: Plan['history'] = structuredClone(plan.history);
  for (const family of plan.families) {
    const point = { ...(history[family.id]?.[endedMonth] ?? {}) };
    point.forecast = plan.demand[family.id]?.[endedMonth] ?? 0;
    point.plannedSupply = plan.supply[family.id]?.[endedMonth] ?? 0;
    point.plannedShipments = endedRows.get(family.id)?.shipments ?? 0;
    (history[family.id] ??= {})[endedMonth] = point;
  }
  const next: Plan = {
    ...structuredClone(plan),
    families: plan.families.map((family) => ({
      ...family,
      openingInventory: openingOf(
        facts?.[family.id]?.[endedMonth],
        endedRows.get(family.id)?.projectedInventory ?? family.openingInventory,
      ),
    })),
    cycle: nextCycleId(plan.cycle),
    periods,
    demand: within(plan.demand),
    supply: within(plan.supply),
    capacity: within(plan.capacity),
    budget: within(plan.budget),
    history,
  };
  if (plan.marginBudget) next.marginBudget = within(plan.marginBudget);
  if (facts) next.actuals = facts;
  // Adjustments carry with the demand they adjust; the forecast as it stands is frozen
  // as this cycle's snapshot, judged later at each family's lag (domain.md 4.12).
  if (plan.demandStreams) next.demandStreams = streamsWithin(plan.demandStreams, keep);
  next.forecastSnapshots = [...(plan.forecastSnapshots ?? []), snapshotOf(plan)].slice(
    -SNAPSHOTS_KEPT,
  );
  return next;
}

/** The plan's actuals with what happened in its first month added; undefined when none. */
function mergedActuals(
  plan: Plan,
  ended: Record<string, ActualMonth>,
): Plan['actuals'] | undefined {
  const month = plan.periods[0];
  const facts = structuredClone(plan.actuals ?? {});
  for (const [family, entry] of Object.entries(ended)) {
    if (Object.keys(entry).length > 0) (facts[family] ??= {})[month] = { ...entry };
  }
  return Object.keys(facts).length > 0 ? facts : undefined;
}

/**
 * What a family opens the next cycle with: the ended month's on hand less its open
 * backorders when the actuals record both, else the inventory the plan projected for
 * the month's end.
 */
function openingOf(fact: ActualMonth | undefined, projected: number): number {
  if (fact?.onHand !== undefined && fact.backorders !== undefined) {
    return fact.onHand - fact.backorders;
  }
  return projected;
}

/**
 * True for an agreed decision with a review date and no review yet: the next cycle's
 * first agenda item checks whether it delivered, so it carries over (as it reads, with
 * its expected impact) until it is reviewed.
 */
export function isDueAReview(fields: Record<string, unknown>): boolean {
  return (
    fields.status === 'agreed' &&
    typeof fields.reviewDate === 'string' &&
    fields.review === undefined &&
    fields.archived === undefined
  );
}

/**
 * Writes the next cycle into an empty document `to`, from the closed cycle `from`:
 * the rolled-over plan (see {@link rollOverPlan}); open risks and opportunities, open
 * actions, proposed and deferred decisions, agreed decisions still to be reviewed
 * ({@link isDueAReview}), product development items and open gap
 * notes whose gap the next plan still has (its episode, however its first month moved), with their ids, their origin cycle (so their
 * age shows) and their comments; a fresh standard agenda, stages and meeting; and the
 * closed cycle's plan and hash, for plan over plan. One transaction.
 */
export function startNextCycle(
  from: CycleDoc,
  to: CycleDoc,
  previousHash: string,
): NextCycleSummary {
  const reading = readPlan(from);
  if (reading.problem) throw commandError('startNextCycle', reading.problem);
  if (hasPlan(to)) {
    throw commandError('startNextCycle', 'the next cycle already exists');
  }
  const plan = reading.plan;
  const next = rollOverPlan(plan, reading.endingActuals);
  const oldTitle = String(metaMap(from).get('title') ?? '');
  const title = oldTitle.includes(plan.cycle)
    ? oldTitle.replace(plan.cycle, next.cycle)
    : `S&OP cycle ${next.cycle}`;
  const file = exportCycle(from);
  // An open gap note goes with its episode when the next plan still has it, even when
  // the episode's first month is the one that ended (domain.md 4.6).
  const stillAGap = matchGapWork(
    reconcile(next).gaps,
    Object.keys(file.work.gapNotes ?? {}),
    next.periods[0],
  );
  const carriedIds = new Set<string>();
  const carry: Record<string, (fields: Record<string, unknown>, id: string) => boolean> = {
    risks: (f) => f.status !== 'closed',
    actions: (f) => f.status === 'open',
    decisions: (f) => f.status === 'proposed' || f.status === 'deferred' || isDueAReview(f),
    npi: () => true,
    gapNotes: (f, id) => (f.status === 'open' || f.status === 'inProgress') && stillAGap.has(id),
  };
  const summary: NextCycleSummary = {
    cycle: next.cycle,
    title,
    endedMonth: plan.periods[0],
    carried: { risks: 0, actions: 0, decisions: 0, npi: 0, gapNotes: 0 },
  };
  transact(to, 'startNextCycle', () => {
    importPlan(to, next, title);
    for (const [name, keep] of Object.entries(carry)) {
      const target = collection(to, name as 'risks');
      for (const [id, kept] of Object.entries(file.work[name] ?? {})) {
        // An agreed decision goes as it reads now, its revisions applied.
        const fields =
          name === 'decisions' && kept.status === 'agreed'
            ? currentFields(from, 'decisions', id, 'startNextCycle')
            : kept;
        if (!keep(fields, id)) continue;
        target.set(id, record(fields));
        carriedIds.add(id);
        summary.carried[name as keyof NextCycleSummary['carried']]++;
      }
    }
    // Comments go with what they are about: carried items and the plan's records.
    for (const [id, fields] of Object.entries(file.work.comments ?? {})) {
      const kind = fields.anchorKind;
      const anchor = String(fields.anchor ?? '');
      if (kind === 'family' || kind === 'cell' || carriedIds.has(anchor)) {
        collection(to, 'comments').set(id, record(fields));
      }
    }
    addStandardAgenda(to);
    const previous = previousMap(to);
    previous.set('cycle', plan.cycle);
    previous.set('hash', previousHash);
    previous.set('plan', freezePlan(plan));
    // The meeting's threshold for asking reasons carries over, as a setting of the team.
    const threshold = previousMap(from).get('threshold');
    if (typeof threshold === 'number') previous.set('threshold', threshold);
  });
  return summary;
}
