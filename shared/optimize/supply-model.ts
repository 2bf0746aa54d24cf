import { holdingRateOf, planSettings } from '../engine/settings.ts';
import type { Plan } from '../engine/types.ts';

/**
 * The constrained supply plan as a linear program (domain.md 4.13). Per family f and
 * month t the plan makes `x = s + up − down` (s: the supply typed in, so moving away from
 * it is what costs), ends with inventory I ≥ 0 or a backlog B ≥ 0 and may fall S below
 * safety stock; per resource r and month t it may work overtime O, up to a share of its
 * capacity:
 *
 * - balance: `I[t] − B[t] = I[t−1] − B[t−1] + x[t] − D[t]` (opening inventory at t = 0,
 *   negative: a backlog owed);
 * - capacity: `Σ_f hoursPerUnit[f,r] · x[f,t] ≤ capacity[r,t] + O[r,t]`;
 * - safety: `I[t] − B[t] + S[t] ≥ safetyStock` (the stock position's distance below its
 *   target: a month owing units is below it by the safety stock and the backlog; counting
 *   the position, not the stock, keeps the program from holding and owing at once);
 * - bounds: `minSupply ≤ x ≤ maxSupply`, `0 ≤ down ≤ s`, `0 ≤ O ≤ overtimeShare × capacity`.
 *
 * It minimises holding (unit cost × holding rate × I) + backlog (penalty rate × price ×
 * B, per month late) + unshipped demand (price × B at the horizon's last month: revenue
 * still owed when the horizon ends, which the plan cannot see past) + overtime (extra-hour cost × O) + safety shortfall (penalty × unit
 * cost × S) + plan change (penalty × unit cost × (up + down)). Pure and deterministic:
 * the same plan gives the same text, which HiGHS and GLPK both read.
 */

/** One row of the program, named for what it holds. */
export interface ModelRow {
  name: string;
  kind: 'balance' | 'capacity' | 'safety' | 'minimum' | 'maximum';
  /** The family or resource, and the month. */
  id: string;
  month: string;
}

/** The program as CPLEX LP text, with what each column and row stands for. */
export interface SupplyModel {
  lp: string;
  rows: ModelRow[];
  /** Column names by what they hold: `I`, `B`, `S`, `up`, `down` per family-month, `O` per resource-month. */
  columns: number;
  /** What the families' and resources' indexes in the names are. */
  families: string[];
  resources: string[];
  periods: string[];
}

/** Column name of a family-month variable: `I_3_7` (family 3, month 7). */
export function familyColumn(kind: 'I' | 'B' | 'S' | 'up' | 'down', f: number, t: number): string {
  return `${kind}_${f}_${t}`;
}

/** Column name of a resource-month's overtime: `O_2_7`. */
export function overtimeColumn(r: number, t: number): string {
  return `O_${r}_${t}`;
}

/** A coefficient as the LP text writes it: shortest round-trip form, no `-0`. */
function num(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/** Terms `+ 2 x_1 - 0.5 y_3`, one per line so no line grows long. */
function terms(pairs: readonly (readonly [number, string])[]): string {
  const parts: string[] = [];
  for (const [coefficient, column] of pairs) {
    if (coefficient === 0) continue;
    const sign = coefficient < 0 ? '-' : '+';
    parts.push(`   ${sign} ${num(Math.abs(coefficient))} ${column}`);
  }
  return parts.length > 0 ? parts.join('\n') : '   0 I_0_0';
}

/** Builds the constrained supply program of a plan (see the module comment). */
export function buildSupplyModel(plan: Plan): SupplyModel {
  const settings = planSettings(plan);
  const periods = plan.periods;
  const families = plan.families.map((family) => family.id);
  const resources = plan.resources.map((resource) => resource.id);
  const objective: [number, string][] = [];
  const constraints: string[] = [];
  const bounds: string[] = [];
  const rows: ModelRow[] = [];
  let columns = 0;
  const row = (entry: ModelRow, body: string, sense: string, rhs: number) => {
    rows.push(entry);
    constraints.push(` ${entry.name}:\n${body}\n   ${sense} ${num(rhs)}`);
  };
  // What each family-month makes: the supply typed in, moved up or down.
  const production = (f: number, t: number): [number, string][] => [
    [1, familyColumn('up', f, t)],
    [-1, familyColumn('down', f, t)],
  ];
  plan.families.forEach((family, f) => {
    const holding = family.unitCost * holdingRateOf(family, settings);
    const backlog = family.price * settings.backlogPenaltyRate;
    const shortfall = family.unitCost * settings.safetyShortfallPenalty;
    const change = family.unitCost * settings.planChangePenalty;
    const safety = family.safetyStock ?? 0;
    periods.forEach((month, t) => {
      const supply = plan.supply[family.id]?.[month] ?? 0;
      const demand = plan.demand[family.id]?.[month] ?? 0;
      const I = familyColumn('I', f, t);
      const B = familyColumn('B', f, t);
      // What is still owed when the horizon ends is revenue the horizon never earns.
      const owedAtEnd = t === periods.length - 1 ? family.price : 0;
      objective.push([holding, I], [backlog + owedAtEnd, B], [change, familyColumn('up', f, t)]);
      objective.push([change, familyColumn('down', f, t)]);
      columns += 4;
      // I[t] − B[t] − I[t−1] + B[t−1] − up + down = supply − demand (+ opening at t = 0).
      const body: [number, string][] = [
        [1, I],
        [-1, B],
        ...production(f, t).map(([c, n]) => [-c, n] as [number, string]),
      ];
      if (t > 0) body.push([-1, familyColumn('I', f, t - 1)], [1, familyColumn('B', f, t - 1)]);
      const opening = t === 0 ? family.openingInventory : 0;
      row(
        { name: `bal_${f}_${t}`, kind: 'balance', id: family.id, month },
        terms(body),
        '=',
        opening + supply - demand,
      );
      bounds.push(` 0 <= ${familyColumn('down', f, t)} <= ${num(supply)}`);
      if (safety > 0) {
        const S = familyColumn('S', f, t);
        objective.push([shortfall, S]);
        columns++;
        row(
          { name: `saf_${f}_${t}`, kind: 'safety', id: family.id, month },
          terms([
            [1, I],
            [-1, B],
            [1, S],
          ]),
          '>=',
          safety,
        );
      }
      if (family.minSupply !== undefined && family.minSupply > 0) {
        row(
          { name: `min_${f}_${t}`, kind: 'minimum', id: family.id, month },
          terms(production(f, t)),
          '>=',
          family.minSupply - supply,
        );
      }
      if (family.maxSupply !== undefined) {
        row(
          { name: `max_${f}_${t}`, kind: 'maximum', id: family.id, month },
          terms(production(f, t)),
          '<=',
          family.maxSupply - supply,
        );
      }
    });
  });
  const familyIndex = new Map(families.map((id, f) => [id, f]));
  plan.resources.forEach((resource, r) => {
    const loads = plan.loads.filter(
      (load) => load.resource === resource.id && load.hoursPerUnit > 0,
    );
    periods.forEach((month, t) => {
      const capacity = plan.capacity[resource.id]?.[month] ?? 0;
      const O = overtimeColumn(r, t);
      const overtime = capacity * settings.overtimeShare;
      objective.push([resource.extraHourCost ?? 0, O]);
      columns++;
      bounds.push(` 0 <= ${O} <= ${num(overtime)}`);
      if (loads.length === 0) return;
      // Σ h · (up − down) − O ≤ capacity − Σ h · supply.
      const body: [number, string][] = [];
      let typed = 0;
      for (const load of loads) {
        const f = familyIndex.get(load.family);
        if (f === undefined) continue;
        typed += load.hoursPerUnit * (plan.supply[load.family]?.[month] ?? 0);
        for (const [c, n] of production(f, t)) body.push([c * load.hoursPerUnit, n]);
      }
      body.push([-1, O]);
      row(
        { name: `cap_${r}_${t}`, kind: 'capacity', id: resource.id, month },
        terms(body),
        '<=',
        capacity - typed,
      );
    });
  });
  const lp = [
    'Minimize',
    ` cost:\n${terms(objective)}`,
    'Subject To',
    ...constraints,
    'Bounds',
    ...bounds,
    'End',
    '',
  ].join('\n');
  return { lp, rows, columns, families, resources, periods };
}
