import { computeAccuracy } from './accuracy.ts';
import { nullable, readTotals, STATUS_BY_CODE, type Columns } from './columns.ts';
import type { PlanModel } from './plan-model.ts';
import type {
  FamilyResult,
  FamilyRow,
  Gap,
  MoneyTotals,
  PeriodTotals,
  Reconciliation,
  ResourceResult,
  ResourceRow,
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
  #gaps: Gap[] | undefined;
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
  get families(): FamilyResult[] {
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

  /** The gap list in the order of domain.md 4.6. */
  get gaps(): Gap[] {
    return (this.#gaps ??= this.#readGaps());
  }

  /** Forecast accuracy per family and pooled (computed when first read). */
  get accuracy(): Reconciliation['accuracy'] {
    return (this.#accuracy ??= computeAccuracy(this.#model.families, this.#model.history));
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
      gaps: this.gaps,
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

  /** Drops the period totals after they changed (incremental path). */
  invalidateTotals(): void {
    this.#totals = undefined;
  }

  /** Drops the gap list read so far; `readGaps` gives the new one (incremental path). */
  replaceGaps(readGaps: () => Gap[]): void {
    this.#readGaps = readGaps;
    this.#gaps = undefined;
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
function familyRow(model: PlanModel, columns: Columns, family: number, t: number): FamilyRow {
  const at = family * model.periods.length + t;
  const price = model.price[family];
  const inventory = columns.inventory[at];
  const shipments = columns.shipments[at];
  const demand = model.demand[at];
  const budget = model.budget[at];
  const revenue = shipments * price;
  const cost = shipments * model.unitCost[family];
  return {
    period: model.periods[t],
    demand,
    supply: model.supply[at],
    projectedInventory: inventory,
    shipments,
    backlog: inventory < 0 ? -inventory : 0,
    cover: nullable(columns.cover[at]),
    status: STATUS_BY_CODE[columns.status[at]],
    revenue,
    cost,
    margin: revenue - cost,
    budget,
    budgetGap: revenue - budget,
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

  constructor(model: PlanModel, columns: Columns, family: number) {
    this.id = model.families[family].id;
    this.name = model.families[family].name;
    this.#model = model;
    this.#columns = columns;
    this.#family = family;
  }

  get rows(): FamilyRow[] {
    return (this.#rows ??= this.#model.periods.map((_, t) =>
      familyRow(this.#model, this.#columns, this.#family, t),
    ));
  }

  get totals(): MoneyTotals {
    return (this.#totals ??= readTotals(this.#columns.familyTotals, this.#family));
  }

  toJSON(): FamilyResult {
    return { id: this.id, name: this.name, rows: this.rows, totals: this.totals };
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
        utilization: nullable(c.utilization[at]),
        overload: c.overload[at],
      };
    }));
  }

  toJSON(): ResourceResult {
    return { id: this.id, name: this.name, rows: this.rows };
  }
}
