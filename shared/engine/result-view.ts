import { computeAccuracy } from './accuracy.ts';
import {
  MEASURE_COUNT,
  nullable,
  overloadOf,
  readTotals,
  shipmentsAt,
  STATUS_BY_CODE,
  utilizationOf,
  type Columns,
} from './columns.ts';
import { familyCovers, familyStockTargets } from './family-math.ts';
import type { PlanModel } from './plan-model.ts';
import {
  GAP_KINDS,
  type BacklogTotals,
  type FamilyBacklog,
  type FamilyResult,
  type FamilyRow,
  type Gap,
  type GapKind,
  type GapKindSummary,
  type MoneyTotals,
  type PeriodTotals,
  type Reconciliation,
  type ResourceResult,
  type ResourceRow,
} from './types.ts';

/**
 * A reconciliation read from its columns. The numbers are all computed before this
 * view exists; the objects of the JSON shape (rows, totals, gaps) are made the first
 * time they are read and kept, so a screen that shows 20 families of 2000 pays for
 * 20. `JSON.stringify` gives the full documented shape.
 */
export class ReconciliationView implements Reconciliation {
  readonly cycle: string;
  readonly currency: string;
  readonly periods: string[];
  readonly #model: PlanModel;
  readonly #columns: Columns;
  #readGaps: () => Gap[];
  #families: FamilyView[] | undefined;
  #resources: ResourceView[] | undefined;
  #totals: PeriodTotals[] | undefined;
  #horizon: MoneyTotals | undefined;
  #backlog: BacklogTotals | undefined;
  #gaps: Gap[] | undefined;
  #gapSummary: Record<GapKind, GapKindSummary> | undefined;
  #accuracy: Reconciliation['accuracy'] | undefined;

  /** Wraps computed columns; `readGaps` gives the gap list in order when first read. */
  constructor(model: PlanModel, columns: Columns, readGaps: () => Gap[]) {
    this.cycle = model.cycle;
    this.currency = model.currency;
    this.periods = model.periods;
    this.#model = model;
    this.#columns = columns;
    this.#readGaps = readGaps;
  }

  /** Families in input order. */
  get families(): FamilyView[] {
    return (this.#families ??= this.#model.families.map(
      (_, f) => new FamilyView(this.#model, this.#columns, f),
    ));
  }

  /** Resources in input order. */
  get resources(): ResourceResult[] {
    return (this.#resources ??= this.#model.resources.map(
      (_, r) => new ResourceView(this.#model, this.#columns, r),
    ));
  }

  /** Totals over all families, per period. */
  get totals(): PeriodTotals[] {
    return (this.#totals ??= this.periods.map((period, t) => ({
      period,
      ...readTotals(this.#columns.periodTotals, t),
    })));
  }

  /**
   * Totals over the whole horizon and every family: the sums of the period totals, in
   * period order (budget like with like, domain.md 4.4).
   */
  get horizon(): MoneyTotals {
    if (this.#horizon) return this.#horizon;
    const column = this.#columns.periodTotals;
    const sums = new Float64Array(MEASURE_COUNT);
    for (let t = 0; t < this.periods.length; t++) {
      for (let m = 0; m < MEASURE_COUNT; m++) sums[m] += column[t * MEASURE_COUNT + m];
    }
    return (this.#horizon = readTotals(sums, 0));
  }

  /**
   * Backlog in money over all families (domain.md 4.1): the largest month's value and
   * the revenue still owed at the horizon's end. Never a sum over months.
   */
  get backlog(): BacklogTotals {
    if (this.#backlog) return this.#backlog;
    const { periods, price } = this.#model;
    const count = periods.length;
    const inventory = this.#columns.inventory;
    let peakValue = 0;
    let peakPeriod: string | null = null;
    let unshippedDemand = 0;
    for (let t = 0; t < count; t++) {
      let value = 0;
      for (let f = 0, at = t; f < price.length; f++, at += count) {
        if (inventory[at] < 0) value += -inventory[at] * price[f];
      }
      if (value > peakValue) {
        peakValue = value;
        peakPeriod = periods[t];
      }
      if (t === count - 1) unshippedDemand = value;
    }
    return (this.#backlog = { peakValue, peakPeriod, unshippedDemand });
  }

  /** The gap list in the order of domain.md 4.6. */
  get gaps(): Gap[] {
    return (this.#gaps ??= this.#readGaps());
  }

  /** Count and value of the gaps per kind: kinds are never added together. */
  get gapSummary(): Record<GapKind, GapKindSummary> {
    if (this.#gapSummary) return this.#gapSummary;
    const summary = Object.fromEntries(
      GAP_KINDS.map((kind) => [kind, { count: 0, value: 0 }]),
    ) as Record<GapKind, GapKindSummary>;
    for (const gap of this.gaps) {
      summary[gap.kind].count++;
      summary[gap.kind].value += gap.value;
    }
    return (this.#gapSummary = summary);
  }

  /** Forecast accuracy per family and pooled (computed when first read). */
  get accuracy(): Reconciliation['accuracy'] {
    const model = this.#model;
    return (this.#accuracy ??= computeAccuracy(
      model.families,
      model.history,
      model.actuals,
      model.settings,
      model.snapshots,
    ));
  }

  /** The documented JSON shape. */
  toJSON(): Reconciliation {
    return {
      cycle: this.cycle,
      currency: this.currency,
      periods: this.periods,
      families: this.families,
      resources: this.resources,
      totals: this.totals,
      horizon: this.horizon,
      backlog: this.backlog,
      gaps: this.gaps,
      gapSummary: this.gapSummary,
      accuracy: this.accuracy,
    };
  }

  /** Drops what was read of a family after its columns changed (incremental path). */
  invalidateFamily(family: number): void {
    if (this.#families) this.#families[family] = new FamilyView(this.#model, this.#columns, family);
  }

  /** Drops what was read of a resource after its columns changed (incremental path). */
  invalidateResource(resource: number): void {
    if (this.#resources) {
      this.#resources[resource] = new ResourceView(this.#model, this.#columns, resource);
    }
  }

  /** Drops the period totals (and what derives from them) after they changed (incremental path). */
  invalidateTotals(): void {
    this.#totals = undefined;
    this.#horizon = undefined;
    this.#backlog = undefined;
  }

  /** Drops the backlog totals after a family's inventory changed (incremental path). */
  invalidateBacklog(): void {
    this.#backlog = undefined;
  }

  /** Drops the gap list read so far; `readGaps` gives the new one (incremental path). */
  replaceGaps(readGaps: () => Gap[]): void {
    this.#readGaps = readGaps;
    this.#gaps = undefined;
    this.#gapSummary = undefined;
  }

  /** Keeps an accuracy already computed (it depends on history only). */
  shareAccuracy(accuracy: Reconciliation['accuracy'] | undefined): void {
    this.#accuracy ??= accuracy;
  }
}

/**
 * One family-period as a row object. Derived money uses the same expressions as
 * `computeFamily`, so the numbers are bit-identical to the totals it summed.
 */
function familyRow(
  model: PlanModel,
  columns: Columns,
  family: number,
  t: number,
  targets: Float64Array,
  covers: Float64Array,
): FamilyRow {
  const at = family * model.periods.length + t;
  const price = model.price[family];
  const inventory = columns.inventory[at];
  const shipments = shipmentsAt(model, columns.inventory, family, t, at);
  const demand = model.demand[at];
  const budget = nullable(model.budget[at]);
  const revenue = shipments * price;
  const cost = shipments * model.unitCost[family];
  return {
    period: model.periods[t],
    demand,
    supply: model.supply[at],
    projectedInventory: inventory,
    shipments,
    backlog: inventory < 0 ? -inventory : 0,
    cover: nullable(covers[t]),
    stockTarget: nullable(targets[t]),
    status: STATUS_BY_CODE[columns.status[at]],
    revenue,
    cost,
    margin: revenue - cost,
    budget,
    budgetGap: budget === null ? null : revenue - budget,
    demandValue: demand * price,
  };
}

/** One family of a reconciliation, read from the columns. */
class FamilyView implements FamilyResult {
  readonly id: string;
  readonly name: string;
  readonly #model: PlanModel;
  readonly #columns: Columns;
  readonly #family: number;
  #rows: FamilyRow[] | undefined;
  #totals: MoneyTotals | undefined;
  #backlog: FamilyBacklog | undefined;

  constructor(model: PlanModel, columns: Columns, family: number) {
    this.id = model.families[family].id;
    this.name = model.families[family].name;
    this.#model = model;
    this.#columns = columns;
    this.#family = family;
  }

  get rows(): FamilyRow[] {
    if (this.#rows) return this.#rows;
    const targets = familyStockTargets(this.#model, this.#family);
    const covers = familyCovers(this.#model, this.#columns.inventory, this.#family);
    return (this.#rows = this.#model.periods.map((_, t) =>
      familyRow(this.#model, this.#columns, this.#family, t, targets, covers),
    ));
  }

  get totals(): MoneyTotals {
    return (this.#totals ??= readTotals(this.#columns.familyTotals, this.#family));
  }

  /** Peak backlog and backlog at the horizon's end: a stock, never summed over months. */
  get backlog(): FamilyBacklog {
    if (this.#backlog) return this.#backlog;
    const { periods } = this.#model;
    const count = periods.length;
    const base = this.#family * count;
    const inventory = this.#columns.inventory;
    let peak = 0;
    let peakPeriod: string | null = null;
    for (let t = 0; t < count; t++) {
      if (-inventory[base + t] > peak) {
        peak = -inventory[base + t];
        peakPeriod = periods[t];
      }
    }
    const last = inventory[base + count - 1];
    return (this.#backlog = { peak, peakPeriod, end: count > 0 && last < 0 ? -last : 0 });
  }

  toJSON(): FamilyResult {
    return {
      id: this.id,
      name: this.name,
      rows: this.rows,
      totals: this.totals,
      backlog: this.backlog,
    };
  }
}

/** One resource of a reconciliation, read from the columns. */
class ResourceView implements ResourceResult {
  readonly id: string;
  readonly name: string;
  readonly #model: PlanModel;
  readonly #columns: Columns;
  readonly #resource: number;
  #rows: ResourceRow[] | undefined;

  constructor(model: PlanModel, columns: Columns, resource: number) {
    this.id = model.resources[resource].id;
    this.name = model.resources[resource].name;
    this.#model = model;
    this.#columns = columns;
    this.#resource = resource;
  }

  get rows(): ResourceRow[] {
    if (this.#rows) return this.#rows;
    const { periods, capacity } = this.#model;
    const c = this.#columns;
    const base = this.#resource * periods.length;
    return (this.#rows = periods.map((period, t) => {
      const at = base + t;
      return {
        period,
        load: c.load[at],
        capacity: capacity[at],
        utilization: nullable(utilizationOf(c.load[at], capacity[at])),
        overload: overloadOf(c.load[at], capacity[at]),
      };
    }));
  }

  toJSON(): ResourceResult {
    return { id: this.id, name: this.name, rows: this.rows };
  }
}
