import { keptValue } from '../lib/kept-value.svelte.ts';
import { afterNextPaint } from '../lib/after-paint.ts';
import { untrack } from 'svelte';
import { visitorsByCell, type Visitor } from '../lib/cell-visitors.ts';
import { chartSeries, keepUnchangedSeries, type ChartSeries } from '../lib/chart-series.ts';
import { hasProblems } from '../lib/family-problems.ts';
import { createFormatters, type Formatters } from '../lib/format.ts';
import { measuresOf, type FamilyMeasure, type RowSetId } from '../lib/plan-cells.ts';
import { planHeadline, type PlanHeadline } from '../lib/plan-headline.ts';
import { keepSameList } from '../lib/same-list.ts';
import type { CycleSession, LivePlan } from './cycle-session.svelte.ts';
import {
  familySheetModel,
  resourceSheetModel,
  setupSheetModel,
} from './plan-grid-models.svelte.ts';
import { SheetController, type SheetColumn } from './plan-grid.svelte.ts';

/**
 * The charts and the summary strip follow the plan a moment behind the grid: once edits
 * pause for CHART_DELAY ms, or at the latest CHART_MAX_WAIT ms after the first one.
 * Redrawing three charts (about 100 ms of work) on every keystroke would slow the cells
 * people type into.
 */
const CHART_DELAY = 150;
const CHART_MAX_WAIT = 400;

/** Others' cursors by family or resource, then `grid|month`. */
type Visitors = ReadonlyMap<string, ReadonlyMap<string, Visitor[]>>;

/**
 * What the Plan view shows and how it follows the plan: the search, the problem filter,
 * the rows shown, the family in the charts, the three sheets' controllers, and the
 * charts and summary a moment behind the grid. Make it while the view's component is
 * set up (its effects live as long as the component).
 */
export class PlanViewState {
  readonly #session: () => CycleSession;
  #search = $state('');
  #problemsOnly = $state(false);
  #rowSet = $state<RowSetId>('all');
  #showCharts = $state(true);
  #chosenFamily = $state<string | null>(null);
  #chartVersion = $state(0);
  /** The version the charts draw: the summary's while they are on screen, kept while not. */
  #drawnChartVersion = $state(0);
  #chartsInView = $state(true);
  #showRest = $state(false);
  // Set by an effect, not derived: the cycle's info is read anew on every edit, and new
  // formatters on every edit would reach every cell. They change only with the currency.
  #format: Formatters;
  #formatCurrency: string;

  readonly #keepFamilies = keepSameList<string>();
  readonly #keepAll = keepSameList<string>();
  #lastChartData: ChartSeries | null = null;

  readonly familySheet: SheetController;
  readonly capacitySheet: SheetController;
  readonly setupSheet: SheetController;

  /**
   * `session` and `item` (the family a link such as `/plan/<family id>` names) are read
   * anew each time, as a component's props are.
   */
  constructor(session: () => CycleSession, item: () => string | null) {
    this.#session = session;
    // The family lists change rarely, but are read from the plan, which changes with every
    // edit: held as state, so the rows reading them are told only of a real change.
    this.#allFamilyIds = keptValue(() =>
      this.#keepAll((this.#live.plan?.families ?? []).map((family) => family.id)),
    );
    this.#familyIds = keptValue(() => {
      const families = this.#live.result?.families ?? [];
      const needle = this.#search.trim().toLocaleLowerCase();
      if (!needle && !this.#problemsOnly) {
        return this.#keepFamilies(families.map((family) => family.id));
      }
      // Read only while filtering: every move of the cursor would otherwise recount the list.
      const pinned = this.familySheet.activeGroup;
      const shown: string[] = [];
      for (const family of families) {
        const matches =
          (!needle || family.name.toLocaleLowerCase().includes(needle)) &&
          (!this.#problemsOnly || hasProblems(family));
        if (matches || family.id === pinned) shown.push(family.id);
      }
      return this.#keepFamilies(shown);
    });
    this.#visitors = keptValue(
      () => {
        const others = this.#session().people.filter((person) => !person.isMe && person.focus);
        const signature = JSON.stringify(others.map((p) => [p.name, p.color, p.focus]));
        return { signature, map: visitorsByCell(others) };
      },
      (a, b) => a.signature === b.signature,
    );
    this.#formatCurrency = this.currency;
    this.#format = $state.raw(createFormatters(this.#formatCurrency));
    $effect.pre(() => {
      const currency = this.currency;
      if (currency === this.#formatCurrency) return;
      this.#formatCurrency = currency;
      this.#format = createFormatters(currency);
    });

    this.familySheet = new SheetController(
      familySheetModel({
        session,
        format: () => this.format,
        familyIds: () => this.familyIds,
        measures: () => this.measures,
      }),
    );
    this.capacitySheet = new SheetController(
      resourceSheetModel({ session, format: () => this.format }),
    );
    this.setupSheet = new SheetController(
      setupSheetModel({ session, familyIds: () => this.allFamilyIds }),
    );

    // A link to a family shows it in the grid and the chart.
    $effect(() => {
      const id = item();
      if (!id || !this.allFamilyIds.includes(id)) return;
      untrack(() => {
        this.#chosenFamily = id;
        this.familySheet.show({ group: id, row: 0, col: 0 });
      });
    });

    // The chart follows the family of my cursor in the plan.
    $effect(() => {
      const group = this.familySheet.activeGroup;
      if (group) untrack(() => (this.#chosenFamily = group));
    });

    this.#followChartsBehind();
    this.#drawRestAfterFirstFrame();
  }

  /** The formatters in the cycle's currency. */
  get format(): Formatters {
    return this.#format;
  }

  /** The cycle's currency (EUR until it says). */
  get currency(): string {
    return this.#session().info.currency || 'EUR';
  }

  /** The plan and its results as this view reads them (see `LivePlan`). */
  get live(): LivePlan {
    return this.#live;
  }

  // The live plan: a new value per plan version, so what derives from it follows edits.
  readonly #live = $derived.by(() => this.#session().live);
  // The result object alone: a new one only when the plan is read anew, so the columns
  // and the summary do not follow each keystroke (the charts' timer refreshes the summary).
  readonly #result = $derived(this.#live.result);

  /** The text typed in the family search. */
  get search(): string {
    return this.#search;
  }

  set search(value: string) {
    this.#search = value;
  }

  /** Whether the grid shows only families with a problem month. */
  get problemsOnly(): boolean {
    return this.#problemsOnly;
  }

  set problemsOnly(value: boolean) {
    this.#problemsOnly = value;
  }

  /** Which of each family's rows the grid shows. */
  get rowSet(): RowSetId {
    return this.#rowSet;
  }

  set rowSet(value: RowSetId) {
    this.#rowSet = value;
  }

  get showCharts(): boolean {
    return this.#showCharts;
  }

  /**
   * Whether the charts are on screen (or near it): while they are not, they are not
   * redrawn (about 8 ms an edit on a 500-family plan, which would hold up the next
   * keystroke); they catch up when they come back in view.
   */
  chartsShowing(inView: boolean): void {
    this.#chartsInView = inView;
  }

  /** Shows the charts, or hides them. */
  toggleCharts(): void {
    this.#showCharts = !this.#showCharts;
  }

  /**
   * Whether the charts, the capacity and the setup grids are drawn yet: a frame after the
   * family plan, so the grid people type into is the first thing ready.
   */
  get showRest(): boolean {
    return this.#showRest;
  }

  /** The family rows shown, in grid order. */
  get measures(): FamilyMeasure[] {
    return this.#measures;
  }

  readonly #measures = $derived(measuresOf(this.#rowSet));

  /** The summary strip's numbers, a moment behind the grid as the charts are. */
  get headline(): PlanHeadline | null {
    return this.#headline;
  }

  readonly #headline = $derived.by(() => {
    void this.#chartVersion;
    const current = this.#result;
    return current ? untrack(() => planHeadline(current)) : null;
  });

  /** A column per month of the horizon. */
  get columns(): SheetColumn[] {
    return this.#columns;
  }

  readonly #columns = $derived.by((): SheetColumn[] => {
    const months = this.#result?.periods ?? [];
    const format = this.format;
    return months.map((month) => {
      const [short] = format.month(month).split(' ');
      return {
        key: month,
        label: short,
        detail: month.slice(0, 4),
        title: format.monthLong(month),
      };
    });
  });

  /** Every family of the plan, in plan order. */
  get allFamilyIds(): string[] {
    return this.#allFamilyIds.current;
  }

  // Made in the constructor, once the session is there (see keptValue).
  readonly #allFamilyIds: { readonly current: string[] };

  /** The families the plan grid shows; the one with my cursor stays, so it never vanishes under me. */
  get familyIds(): string[] {
    return this.#familyIds.current;
  }

  readonly #familyIds: { readonly current: string[] };

  /** The family in the chart: the one chosen, or the first shown. */
  get selectedId(): string | null {
    return this.#chosenFamily ?? this.#familyIds.current[0] ?? null;
  }

  /** Shows a family in the chart. */
  select(id: string): void {
    this.#chosenFamily = id;
  }

  /** What the charts draw; parts that did not change keep their identity, so they are not redrawn. */
  get chartData(): ChartSeries | null {
    return this.#chartData;
  }

  readonly #chartData = $derived.by(() => {
    void this.#drawnChartVersion;
    const id = this.selectedId;
    return untrack(() => {
      const { plan, result } = this.#session().live;
      if (!result) return null;
      const safety = plan?.families.find((family) => family.id === id)?.safetyStock;
      this.#lastChartData = keepUnchangedSeries(
        this.#lastChartData,
        chartSeries(result, id, safety ?? null),
      );
      return this.#lastChartData;
    });
  });

  /**
   * Others' cursors by family or resource, then `grid|month`. The map is kept while
   * nobody else moved: my own moves change the people list too, and a new map would
   * redraw every cell. Held as state (see keptValue), so my moves do not even ask the
   * cells again.
   */
  get visitors(): Visitors {
    return this.#visitors.current.map;
  }

  // Made in the constructor, once the session is there (see keptValue).
  readonly #visitors: { readonly current: { signature: string; map: Visitors } };

  /** Moves the charts and the summary to the plan's version once edits pause (see CHART_DELAY). */
  #followChartsBehind(): void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let pendingSince: number | null = null;
    $effect(() => {
      const { version } = this.#live;
      const now = performance.now();
      pendingSince ??= now;
      if (timer !== null) clearTimeout(timer);
      const wait = Math.max(0, Math.min(CHART_DELAY, pendingSince + CHART_MAX_WAIT - now));
      timer = setTimeout(() => {
        timer = null;
        pendingSince = null;
        this.#chartVersion = version;
      }, wait);
    });
    $effect(() => () => {
      if (timer !== null) clearTimeout(timer);
    });
    $effect(() => {
      const version = this.#chartVersion;
      if (this.#chartsInView) this.#drawnChartVersion = version;
    });
  }

  /**
   * The charts and the capacity and setup grids are drawn a frame after the family plan:
   * a visit shows the plan people type into sooner, and the rest follows at once.
   */
  #drawRestAfterFirstFrame(): void {
    $effect(() => {
      if (!this.#result || this.#showRest) return;
      return afterNextPaint(() => (this.#showRest = true));
    });
  }
}
