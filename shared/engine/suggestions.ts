import { reconcile } from './reconcile.ts';
import { SCENARIO_FORMAT, SCENARIO_VERSION, type Override, type Scenario } from './scenario.ts';
import type { Plan } from './types.ts';

/** A draft scenario Fulcrum proposes to close gaps, with its reasons in words. */
export interface Suggestion {
  kind: 'buildAhead' | 'addCapacity' | 'reduceDemand';
  scenario: Scenario;
  /** One sentence per family or resource the scenario changes, and what it leaves open. */
  explanation: string[];
}

/** Units are whole: a suggestion never asks for a fraction of a product or an hour. */
const whole = (value: number) => Math.ceil(value - 1e-9);

/** A whole number with thousands separated by commas (`1,243`), the same on every device. */
const grouped = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Draft scenarios that close the plan's shortages and overloads, by a documented,
 * deterministic heuristic (no solver):
 * - **Build ahead**: for each family short of supply, month by month in order, the
 *   missing units are made in the latest months up to the short month whose loaded
 *   resources all have spare capacity (capacity − load, shrinking as units are placed),
 *   so inventory is held as briefly as possible and no resource goes over capacity.
 *   What cannot be placed is said.
 * - **Add capacity**: each overloaded resource-month gets the hours it is over (rounded up).
 * - **Reduce demand**: each family's demand is cut, month by month, to what its supply
 *   covers.
 * Families in plan order, months in order: the same plan always gets the same drafts.
 */
export function suggestScenarios(
  plan: Plan,
  label: (month: string) => string = (m) => m,
): Suggestion[] {
  const result = reconcile(plan);
  const periods = plan.periods;
  const count = periods.length;
  const monthOf = new Map(periods.map((month, t) => [month, t]));
  const familyName = new Map(plan.families.map((family) => [family.id, family.name]));
  const resourceName = new Map(plan.resources.map((resource) => [resource.id, resource.name]));
  const shortages = new Map<string, number[]>();
  const overloads: { resource: string; t: number; hours: number }[] = [];
  // The backlog of every month of each family in shortage (a gap gives only its peak).
  for (const family of result.families) {
    if (family.backlog.peak > 0)
      shortages.set(
        family.id,
        family.rows.map((row) => row.backlog),
      );
  }
  for (const gap of result.gaps) {
    const t = monthOf.get(gap.period);
    if (t !== undefined && gap.kind === 'overload') {
      overloads.push({ resource: gap.subject, t, hours: gap.amount });
    }
  }
  const suggestions: Suggestion[] = [];
  const draft = (name: string, assumption: string, overrides: Override[]): Scenario => ({
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    name,
    assumption,
    overrides,
  });

  if (shortages.size > 0) {
    // Spare hours per resource and month, shrinking as units are placed.
    const spare = new Map(
      result.resources.map((resource) => [
        resource.id,
        resource.rows.map((row) => Math.max(0, row.capacity - row.load)),
      ]),
    );
    const loadsOf = new Map<string, { resource: string; hours: number }[]>();
    for (const load of plan.loads) {
      if (load.hoursPerUnit <= 0) continue;
      const list = loadsOf.get(load.family) ?? [];
      list.push({ resource: load.resource, hours: load.hoursPerUnit });
      loadsOf.set(load.family, list);
    }
    const overrides: Override[] = [];
    const explanation: string[] = [];
    for (const family of plan.families) {
      const short = shortages.get(family.id);
      if (!short) continue;
      const loads = loadsOf.get(family.id) ?? [];
      const added = new Array<number>(count).fill(0);
      let firstShort = -1;
      // Units added up to a month lift the backlog of that month and every later one.
      const placedUpTo = (t: number) =>
        added.slice(0, t + 1).reduce((sum, units) => sum + units, 0);
      for (let t = 0; t < count; t++) {
        if (short[t] <= 0) continue;
        if (firstShort < 0) firstShort = t;
        let missing = whole(short[t] - placedUpTo(t));
        for (let at = t; at >= 0 && missing > 0; at--) {
          const room = Math.min(
            Infinity,
            ...loads.map(({ resource, hours }) =>
              Math.floor((spare.get(resource)?.[at] ?? 0) / hours),
            ),
          );
          const units = Math.min(missing, room);
          if (units <= 0) continue;
          added[at] += units;
          missing -= units;
          for (const { resource, hours } of loads) spare.get(resource)![at] -= units * hours;
        }
      }
      const unplaced = Math.max(0, ...short.map((units, t) => whole(units - placedUpTo(t))));
      const placed = added.flatMap((units, at) => (units > 0 ? [[at, units] as const] : []));
      for (const [at, units] of placed) {
        overrides.push({
          measure: 'supply',
          targets: [family.id],
          from: periods[at],
          to: periods[at],
          op: 'add',
          value: units,
        });
      }
      const name = familyName.get(family.id) ?? family.id;
      const where = placed
        .map(([at, units]) => `${grouped(units)} in ${label(periods[at])}`)
        .join(', ');
      const peak = Math.max(...short);
      if (placed.length > 0) {
        explanation.push(
          `${name}: make ${where}${loads.length ? ' (the resources it uses have room then)' : ''}, for a shortage of up to ${grouped(whole(peak))} from ${label(periods[firstShort])}${unplaced > 0 ? `; ${grouped(unplaced)} units stay short: no room on its resources early enough` : ''}.`,
        );
      } else {
        explanation.push(
          `${name}: short by up to ${grouped(whole(peak))} from ${label(periods[firstShort])}, and its resources have no room before then: add capacity or reduce demand.`,
        );
      }
    }
    if (overrides.length > 0) {
      suggestions.push({
        kind: 'buildAhead',
        scenario: draft(
          'Build ahead',
          'Make the missing units earlier, where the lines have spare capacity, and hold them in stock.',
          overrides,
        ),
        explanation,
      });
    }
  }

  if (overloads.length > 0) {
    // Resource by resource in plan order, each one's months in time order.
    const resourceAt = new Map(plan.resources.map((resource, at) => [resource.id, at]));
    overloads.sort(
      (a, b) => (resourceAt.get(a.resource) ?? 0) - (resourceAt.get(b.resource) ?? 0) || a.t - b.t,
    );
    const overrides: Override[] = overloads.map(({ resource, t, hours }) => ({
      measure: 'capacity',
      targets: [resource],
      from: periods[t],
      to: periods[t],
      op: 'add',
      // Rounded up without slack: a hair over a whole hour asks for the next one.
      value: Math.ceil(hours),
    }));
    const byResource = new Map<string, string[]>();
    for (const { resource, t, hours } of overloads) {
      const list = byResource.get(resource) ?? [];
      list.push(`${grouped(Math.ceil(hours))} h in ${label(periods[t])}`);
      byResource.set(resource, list);
    }
    suggestions.push({
      kind: 'addCapacity',
      scenario: draft(
        'Add capacity',
        'Overtime, an extra shift or outsourcing for the hours each overloaded resource is over.',
        overrides,
      ),
      explanation: [...byResource].map(
        ([resource, list]) => `${resourceName.get(resource) ?? resource}: add ${list.join(', ')}.`,
      ),
    });
  }

  if (shortages.size > 0) {
    const overrides: Override[] = [];
    const explanation: string[] = [];
    for (const family of plan.families) {
      const short = shortages.get(family.id);
      if (!short) continue;
      let cut = 0;
      const cuts: string[] = [];
      for (let t = 0; t < count; t++) {
        const missing = whole(short[t] - cut);
        if (missing <= 0) continue;
        const demand = plan.demand[family.id]?.[periods[t]] ?? 0;
        const units = Math.min(missing, Math.floor(demand));
        if (units <= 0) continue;
        cut += units;
        cuts.push(`${grouped(units)} fewer in ${label(periods[t])}`);
        overrides.push({
          measure: 'demand',
          targets: [family.id],
          from: periods[t],
          to: periods[t],
          op: 'add',
          value: -units,
        });
      }
      if (cuts.length > 0) {
        explanation.push(
          `${familyName.get(family.id) ?? family.id}: promise ${cuts.join(', ')}: what its supply cannot cover.`,
        );
      }
    }
    if (overrides.length > 0) {
      suggestions.push({
        kind: 'reduceDemand',
        scenario: draft(
          'Reduce demand to supply',
          'Tell customers now what cannot be delivered instead of carrying a backlog.',
          overrides,
        ),
        explanation,
      });
    }
  }
  return suggestions;
}
