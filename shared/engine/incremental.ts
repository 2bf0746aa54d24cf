import { computeFamily } from './family-math.ts';
import { compareGaps, mergeGaps } from './gaps.ts';
import { buildModel, type PlanModel } from './plan-model.ts';
import { reconcileModel } from './reconcile.ts';
import { computeResourcePeriod, overloadGap } from './resource-math.ts';
import { computePeriodTotals } from './totals.ts';
import type { FamilyRow, Gap, Month, Plan, Reconciliation } from './types.ts';

/** A change to one input cell of the plan. */
export type CellChange =
  | { kind: 'demand' | 'supply' | 'budget'; family: string; period: Month; value: number }
  | { kind: 'capacity'; resource: string; period: Month; value: number }
  | {
      kind: 'price' | 'unitCost' | 'openingInventory' | 'safetyStock';
      family: string;
      value: number;
    };

/**
 * Keeps a reconciliation current under cell edits, refreshing only what depends on
 * them: the family's rows, the resources it loads, the totals of the periods whose
 * rows changed, and the gaps of those subjects. After every `apply`, `result` is
 * identical to `reconcile()` of the edited plan (same functions, same summation order).
 */
export class IncrementalReconciler {
  readonly #plan: Plan;
  readonly #model: PlanModel;
  readonly #result: Reconciliation;
  readonly #familyGaps: Gap[][];
  readonly #resourceGaps: Gap[][];
  /** Money of the supply loading each resource-period, `resource * T + t`: overload gaps' base. */
  readonly #supplyValue: Float64Array;

  /** Starts from a validated plan; the plan is copied, never modified. */
  constructor(plan: Plan) {
    this.#plan = { ...plan, families: plan.families.map((family) => ({ ...family })) };
    this.#model = buildModel(this.#plan);
    this.#result = reconcileModel(this.#plan, this.#model);
    this.#familyGaps = this.#model.families.map(() => []);
    this.#resourceGaps = this.#model.resources.map(() => []);
    const count = this.#model.periods.length;
    this.#supplyValue = new Float64Array(this.#model.resources.length * count);
    for (let r = 0; r < this.#model.resources.length; r++) {
      for (let t = 0; t < count; t++) {
        this.#supplyValue[r * count + t] = computeResourcePeriod(this.#model, r, t).supplyValue;
      }
    }
    for (const gap of this.#result.gaps) {
      if (gap.kind === 'overload') {
        this.#resourceGaps[this.#model.resourceIndex.get(gap.subject)!].push(gap);
      } else {
        this.#familyGaps[this.#model.familyIndex.get(gap.subject)!].push(gap);
      }
    }
  }

  /** The current reconciliation. It is updated in place by `apply`. */
  get result(): Reconciliation {
    return this.#result;
  }

  /**
   * Applies one change or a batch and refreshes what depends on it. Throws on an
   * unknown family, resource or period or an invalid value, and then changes nothing.
   */
  apply(changes: CellChange | readonly CellChange[]): void {
    const batch: readonly CellChange[] = Array.isArray(changes) ? changes : [changes];
    const model = this.#model;
    const count = model.periods.length;
    const located = batch.map((change) => this.#locate(change));
    const dirtyFamilies = new Set<number>();
    const dirtyResourcePeriods = new Map<number, Set<number> | 'all'>();
    const markResource = (resource: number, t: number | 'all') => {
      const marked = dirtyResourcePeriods.get(resource);
      if (marked === 'all') return;
      if (t === 'all') dirtyResourcePeriods.set(resource, 'all');
      else if (marked) marked.add(t);
      else dirtyResourcePeriods.set(resource, new Set([t]));
    };

    for (let i = 0; i < batch.length; i++) {
      const change = batch[i];
      const { item, t } = located[i];
      switch (change.kind) {
        case 'demand':
        case 'supply':
        case 'budget':
          model[change.kind][item * count + t] = change.value;
          dirtyFamilies.add(item);
          if (change.kind === 'supply') {
            for (const resource of model.familyResources[item]) markResource(resource, t);
          }
          break;
        case 'capacity':
          model.capacity[item * count + t] = change.value;
          markResource(item, t);
          break;
        default:
          model.families[item][change.kind] = change.value;
          dirtyFamilies.add(item);
          if (change.kind === 'price') {
            for (const resource of model.familyResources[item]) markResource(resource, 'all');
          }
      }
    }

    const dirtyPeriods = new Uint8Array(count);
    for (const family of dirtyFamilies) this.#refreshFamily(family, dirtyPeriods);
    for (const [resource, periods] of dirtyResourcePeriods) {
      this.#refreshResource(resource, periods === 'all' ? null : periods);
    }
    for (let t = 0; t < count; t++) {
      if (dirtyPeriods[t]) {
        this.#result.totals[t] = computePeriodTotals(this.#result.families, t, model.periods[t]);
      }
    }
    this.#refreshGaps(dirtyFamilies, new Set(dirtyResourcePeriods.keys()));
  }

  #locate(change: CellChange): { item: number; t: number } {
    if (!(typeof change.value === 'number' && Number.isFinite(change.value) && change.value >= 0)) {
      throw new Error(`${change.kind} must be a finite number >= 0, got ${String(change.value)}`);
    }
    const isResource = change.kind === 'capacity';
    const id = isResource ? change.resource : change.family;
    const item = (isResource ? this.#model.resourceIndex : this.#model.familyIndex).get(id);
    if (item === undefined) {
      throw new Error(`unknown ${isResource ? 'resource' : 'family'} "${id}"`);
    }
    if (!('period' in change)) return { item, t: -1 };
    const t = this.#model.periodIndex.get(change.period);
    if (t === undefined) throw new Error(`"${change.period}" is not one of the plan's periods`);
    return { item, t };
  }

  #refreshFamily(family: number, dirtyPeriods: Uint8Array): void {
    const before = this.#result.families[family].rows;
    const { result, gaps } = computeFamily(this.#model, family);
    this.#result.families[family] = result;
    this.#familyGaps[family] = gaps;
    for (let t = 0; t < before.length; t++) {
      if (rowTotalsDiffer(before[t], result.rows[t])) dirtyPeriods[t] = 1;
    }
  }

  #refreshResource(resource: number, periods: Set<number> | null): void {
    const rows = this.#result.resources[resource].rows;
    const id = this.#model.resources[resource].id;
    const base = resource * rows.length;
    const gaps: Gap[] = [];
    for (let t = 0; t < rows.length; t++) {
      if (periods === null || periods.has(t)) {
        const computed = computeResourcePeriod(this.#model, resource, t);
        rows[t] = computed.row;
        this.#supplyValue[base + t] = computed.supplyValue;
      }
      const gap = overloadGap(id, rows[t], this.#supplyValue[base + t]);
      if (gap !== null) gaps.push(gap);
    }
    this.#resourceGaps[resource] = gaps;
  }

  #refreshGaps(families: Set<number>, resources: Set<number>): void {
    if (families.size === 0 && resources.size === 0) return;
    const model = this.#model;
    const familyIds = new Set([...families].map((f) => model.families[f].id));
    const resourceIds = new Set([...resources].map((r) => model.resources[r].id));
    const kept = this.#result.gaps.filter((gap) =>
      gap.kind === 'overload' ? !resourceIds.has(gap.subject) : !familyIds.has(gap.subject),
    );
    const fresh: Gap[] = [];
    for (const f of families) fresh.push(...this.#familyGaps[f]);
    for (const r of resources) fresh.push(...this.#resourceGaps[r]);
    fresh.sort(compareGaps);
    this.#result.gaps = mergeGaps(kept, fresh);
  }
}

function rowTotalsDiffer(a: FamilyRow, b: FamilyRow): boolean {
  return (
    a.demand !== b.demand ||
    a.supply !== b.supply ||
    a.shipments !== b.shipments ||
    a.revenue !== b.revenue ||
    a.cost !== b.cost ||
    a.margin !== b.margin ||
    a.budget !== b.budget ||
    a.budgetGap !== b.budgetGap ||
    a.demandValue !== b.demandValue
  );
}
