import { shipped, type Columns } from './columns.ts';
import { computeFamily } from './family-math.ts';
import { GapList } from './gap-list.ts';
import { GapBuffer, OVERLOAD } from './gaps.ts';
import { buildModel, resourcesByFamily, setGridCell, type PlanModel } from './plan-model.ts';
import { computeModel } from './reconcile.ts';
import { computeResourcePeriod, finishResourcePeriod } from './resource-math.ts';
import { ReconciliationView } from './result-view.ts';
import { computePeriodTotals } from './totals.ts';
import type { Gap, Month, Plan, Reconciliation } from './types.ts';

/**
 * A change to one input cell of the plan. A budget of null is no budget (not 0); an
 * opening inventory may be negative (a backlog owed); every other value is >= 0.
 */
export type CellChange =
  | { kind: 'demand' | 'supply'; family: string; period: Month; value: number }
  | { kind: 'budget'; family: string; period: Month; value: number | null }
  | { kind: 'capacity'; resource: string; period: Month; value: number }
  | {
      kind: 'price' | 'unitCost' | 'openingInventory' | 'safetyStock';
      family: string;
      value: number;
    };

/**
 * Keeps a reconciliation current under cell edits, refreshing only what depends on
 * them: the family's rows, the resource-months it loads, the totals of the periods
 * whose values changed, and the gaps of those subjects. After every `apply`, `result`
 * is identical to `reconcile()` of the edited plan: the same functions compute every
 * number, in the same summation order, and gaps keep one total order.
 */
export class IncrementalReconciler {
  readonly #model: PlanModel;
  readonly #columns: Columns;
  readonly #view: ReconciliationView;
  readonly #familyResources: number[][];
  /** Each family's and each resource's current gaps. */
  readonly #familyGaps: Gap[][];
  readonly #resourceGaps: Gap[][];
  readonly #list: GapList;
  readonly #scratch = new GapBuffer();

  /** Starts from a validated plan; the plan is never modified. */
  constructor(plan: Plan) {
    const model = buildModel(plan);
    const computed = computeModel(model);
    this.#model = model;
    this.#columns = computed.columns;
    this.#familyResources = resourcesByFamily(model);
    this.#familyGaps = model.families.map(() => []);
    this.#resourceGaps = model.resources.map(() => []);
    const gaps = Array.from(computed.order, (at) => {
      const gap = computed.gaps.gap(model, at);
      const owners = computed.gaps.kind[at] === OVERLOAD ? this.#resourceGaps : this.#familyGaps;
      owners[computed.gaps.subject[at]].push(gap);
      return gap;
    });
    this.#list = new GapList(gaps);
    this.#view = new ReconciliationView(model, this.#columns, () => this.#list.toArray());
  }

  /** The current reconciliation, kept current in place by `apply`; read it again after each. */
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
          // NaN in the model: no budget.
          setGridCell(model, change.kind, item * count + t, change.value ?? NaN);
          families.add(item);
          dirtyPeriods[t] = 1;
          if (change.kind === 'supply') {
            for (const resource of this.#familyResources[item]) markResource(resource, t);
          }
          break;
        case 'capacity':
          setGridCell(model, 'capacity', item * count + t, change.value);
          markResource(item, t);
          break;
        default:
          model[change.kind][item] = change.value;
          families.add(item);
          // Price and unit cost move money in every period; the opening stock moves the
          // first month's shipments (later months show it through their inventory).
          if (change.kind === 'price' || change.kind === 'unitCost') dirtyPeriods.fill(1);
          if (change.kind === 'openingInventory') dirtyPeriods[0] = 1;
          if (change.kind === 'price') {
            for (const resource of this.#familyResources[item]) markResource(resource, 'all');
          }
      }
    }

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
  }

  #locate(change: CellChange): { item: number; t: number } {
    const { kind, value } = change;
    const signed = kind === 'openingInventory';
    const valid =
      (kind === 'budget' && value === null) ||
      (typeof value === 'number' && Number.isFinite(value) && (signed || value >= 0));
    if (!valid) {
      const bound = signed ? 'a finite number' : 'a finite number >= 0';
      throw new Error(`${kind} must be ${bound}, got ${String(value)}`);
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
    const inventory = this.#columns.inventory;
    const before = inventory.slice(base, base + count);
    this.#scratch.clear();
    computeFamily(this.#model, this.#columns, family, this.#scratch);
    // Totals move where demand, supply or budget changed (marked by the caller) or where
    // shipments did: every other summed value derives from those. A month's shipments
    // come from its supply and the inventory before and after it; where its supply did
    // not change, the old inventory with today's supply gives the old shipments exactly.
    const opening = this.#model.openingInventory[family];
    const supply = this.#model.supply;
    for (let t = 0; t < count; t++) {
      const old = shipped(t === 0 ? opening : before[t - 1], supply[base + t], before[t]);
      const now = shipped(
        t === 0 ? opening : inventory[base + t - 1],
        supply[base + t],
        inventory[base + t],
      );
      if (!Object.is(old, now)) dirtyPeriods[t] = 1;
    }
    this.#familyGaps[family] = this.#replaceGaps(this.#familyGaps[family]);
    this.#view.invalidateFamily(family);
    this.#view.invalidateBacklog();
  }

  #refreshResource(resource: number, periods: Set<number> | null): void {
    const count = this.#model.periods.length;
    this.#scratch.clear();
    for (let t = 0; t < count; t++) {
      if (periods === null || periods.has(t)) {
        computeResourcePeriod(this.#model, this.#columns, resource, t, this.#scratch);
      } else {
        finishResourcePeriod(this.#model, this.#columns, resource, t, this.#scratch);
      }
    }
    this.#resourceGaps[resource] = this.#replaceGaps(this.#resourceGaps[resource]);
    this.#view.invalidateResource(resource);
  }

  /**
   * Puts a subject's freshly found gaps (in the scratch buffer) in the ordered list in
   * place of its old ones and returns them. A gap none of whose fields changed keeps
   * its place, so an edit moves only what it changed.
   */
  #replaceGaps(before: readonly Gap[]): Gap[] {
    const previous = new Map<string, Gap>();
    for (const gap of before) previous.set(gap.id, gap);
    const after: Gap[] = [];
    const added: Gap[] = [];
    for (let at = 0; at < this.#scratch.length; at++) {
      const gap = this.#scratch.gap(this.#model, at);
      const old = previous.get(gap.id);
      if (old !== undefined && sameGap(old, gap)) {
        previous.delete(gap.id);
        after.push(old);
      } else {
        added.push(gap);
        after.push(gap);
      }
    }
    // Remove first: an old gap and its replacement may sit at the same place in the order.
    for (const gap of previous.values()) this.#list.remove(gap);
    for (const gap of added) this.#list.insert(gap);
    if (previous.size > 0 || added.length > 0) {
      this.#view.replaceGaps(() => this.#list.toArray());
    }
    return after;
  }
}

/** True when two gaps with one id say the same (months, amount, value, year variance). */
function sameGap(a: Gap, b: Gap): boolean {
  return (
    a.amount === b.amount &&
    a.value === b.value &&
    a.last === b.last &&
    a.peak === b.peak &&
    Object.is(a.yearVariance, b.yearVariance)
  );
}
