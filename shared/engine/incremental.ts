import { compareGaps, GapBuffer, OVERLOAD } from './gaps.ts';
import { computeFamily } from './family-math.ts';
import { buildModel, resourcesByFamily, type PlanModel } from './plan-model.ts';
import { computeModel } from './reconcile.ts';
import { addOverloadGap, computeResourcePeriod } from './resource-math.ts';
import { ReconciliationView } from './result-view.ts';
import { computePeriodTotals } from './totals.ts';
import type { Columns } from './columns.ts';
import type { Gap, Month, Plan, Reconciliation } from './types.ts';

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
 * values changed, and the gaps of those subjects. After every `apply`, `result` is
 * identical to `reconcile()` of the edited plan: the same functions compute every
 * number, in the same summation order, and gaps keep one total order.
 */
export class IncrementalReconciler {
  readonly #model: PlanModel;
  readonly #columns: Columns;
  readonly #view: ReconciliationView;
  readonly #familyGaps: Gap[][];
  readonly #resourceGaps: Gap[][];
  readonly #familyResources: number[][];
  readonly #scratch = new GapBuffer();
  #gaps: Gap[];
  #spare: Gap[] = [];

  /** Starts from a validated plan; the plan is never modified. */
  constructor(plan: Plan) {
    const model = buildModel(plan);
    const computed = computeModel(model);
    this.#model = model;
    this.#columns = computed.columns;
    this.#familyResources = resourcesByFamily(model);
    this.#gaps = Array.from(computed.order, (at) => computed.gaps.gap(model, at));
    this.#familyGaps = model.families.map(() => []);
    this.#resourceGaps = model.resources.map(() => []);
    this.#gaps.forEach((gap, i) => {
      const at = computed.order[i];
      const subject = computed.gaps.subject[at];
      (computed.gaps.kind[at] === OVERLOAD ? this.#resourceGaps : this.#familyGaps)[subject].push(
        gap,
      );
    });
    this.#view = new ReconciliationView(model, this.#columns, () => this.#gaps);
  }

  /**
   * The current reconciliation, kept current in place by `apply`; read its arrays
   * again after each `apply` (the gap list array is reused).
   */
  get result(): Reconciliation {
    return this.#view;
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
    const families = new Set<number>();
    const resources = new Map<number, Set<number> | 'all'>();
    const dirtyPeriods = new Uint8Array(count);
    const markResource = (resource: number, t: number | 'all') => {
      const marked = resources.get(resource);
      if (marked === 'all') return;
      if (t === 'all') resources.set(resource, 'all');
      else if (marked) marked.add(t);
      else resources.set(resource, new Set([t]));
    };

    for (let i = 0; i < batch.length; i++) {
      const change = batch[i];
      const { item, t } = located[i];
      switch (change.kind) {
        case 'demand':
        case 'supply':
        case 'budget':
          model[change.kind][item * count + t] = change.value;
          families.add(item);
          dirtyPeriods[t] = 1;
          if (change.kind === 'supply') {
            for (const resource of this.#familyResources[item]) markResource(resource, t);
          }
          break;
        case 'capacity':
          model.capacity[item * count + t] = change.value;
          markResource(item, t);
          break;
        default:
          model[change.kind][item] = change.value;
          families.add(item);
          // Price and unit cost move money in every period.
          if (change.kind === 'price' || change.kind === 'unitCost') dirtyPeriods.fill(1);
          if (change.kind === 'price') {
            for (const resource of this.#familyResources[item]) markResource(resource, 'all');
          }
      }
    }

    const removed: Gap[] = [];
    for (const f of families) for (const gap of this.#familyGaps[f]) removed.push(gap);
    for (const r of resources.keys()) for (const gap of this.#resourceGaps[r]) removed.push(gap);
    for (const family of families) this.#refreshFamily(family, dirtyPeriods);
    for (const [resource, periods] of resources) {
      this.#refreshResource(resource, periods === 'all' ? null : periods);
    }
    let totalsChanged = false;
    for (let t = 0; t < count; t++) {
      if (dirtyPeriods[t]) {
        computePeriodTotals(model, this.#columns, t);
        totalsChanged = true;
      }
    }
    if (totalsChanged) this.#view.invalidateTotals();
    this.#refreshGaps(removed, families, new Set(resources.keys()));
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
    const count = this.#model.periods.length;
    const base = family * count;
    const shipments = this.#columns.shipments;
    const before = shipments.slice(base, base + count);
    this.#scratch.clear();
    computeFamily(this.#model, this.#columns, family, this.#scratch);
    // Totals move where demand, supply or budget changed (marked by the caller) or where
    // shipments did: every other summed value derives from those.
    for (let t = 0; t < count; t++) {
      if (!Object.is(before[t], shipments[base + t])) dirtyPeriods[t] = 1;
    }
    this.#familyGaps[family] = this.#scratchGaps();
    this.#view.invalidateFamily(family);
  }

  #refreshResource(resource: number, periods: Set<number> | null): void {
    const count = this.#model.periods.length;
    this.#scratch.clear();
    for (let t = 0; t < count; t++) {
      if (periods === null || periods.has(t)) {
        computeResourcePeriod(this.#model, this.#columns, resource, t, this.#scratch);
      } else {
        addOverloadGap(this.#model, this.#columns, resource, t, this.#scratch);
      }
    }
    this.#resourceGaps[resource] = this.#scratchGaps();
    this.#view.invalidateResource(resource);
  }

  #scratchGaps(): Gap[] {
    const gaps: Gap[] = [];
    for (let at = 0; at < this.#scratch.length; at++) gaps.push(this.#scratch.gap(this.#model, at));
    return gaps.sort(compareGaps);
  }

  #refreshGaps(removed: Gap[], families: Set<number>, resources: Set<number>): void {
    if (families.size === 0 && resources.size === 0) return;
    const fresh: Gap[] = [];
    for (const f of families) for (const gap of this.#familyGaps[f]) fresh.push(gap);
    for (const r of resources) for (const gap of this.#resourceGaps[r]) fresh.push(gap);
    if (families.size + resources.size > 1) fresh.sort(compareGaps);
    // The list is in one total order, so binary search finds where each old gap sits
    // and where each new one goes; then one copy, with no comparisons, builds the list.
    const old = this.#gaps;
    const removeAt = Int32Array.from(removed, (gap) => lowerBound(old, gap)).sort();
    const insertAt = Int32Array.from(fresh, (gap) => lowerBound(old, gap));
    // Two lists take turns: allocating a new one per edit would put a large array on
    // the heap every keystroke, which costs far more than copying into a kept one.
    const gaps = this.#spare;
    gaps.length = old.length - removed.length + fresh.length;
    let next = 0;
    let r = 0;
    let j = 0;
    for (let i = 0; i <= old.length; i++) {
      while (j < fresh.length && insertAt[j] === i) gaps[next++] = fresh[j++];
      if (i === old.length) break;
      if (r < removeAt.length && removeAt[r] === i) r++;
      else gaps[next++] = old[i];
    }
    this.#spare = old;
    this.#gaps = gaps;
    this.#view.replaceGaps(gaps);
  }
}

/** The first index whose gap does not come before `gap` in gap order. */
function lowerBound(gaps: readonly Gap[], gap: Gap): number {
  let low = 0;
  let high = gaps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareGaps(gaps[middle], gap) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
