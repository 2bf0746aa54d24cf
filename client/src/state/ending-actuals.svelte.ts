import { untrack } from 'svelte';
import {
  clearCell,
  readEndingActuals,
  rollOverPlan,
  setCell,
  setCellBlock,
  type BlockCellWrite,
} from '../../../shared/doc/index.ts';
import { performance as ended, type Performance } from '../../../shared/engine/performance.ts';
import { checkPlanNumber } from '../../../shared/engine/plausibility.ts';
import type { ActualMonth, Plan } from '../../../shared/engine/types.ts';
import { actualsGrid, type ActualField } from '../../../shared/schema/grids.ts';
import type { CycleSession, LivePlan } from './cycle-session.svelte.ts';
import type { SheetModel } from './plan-grid.svelte.ts';
import { keptValue } from '../lib/kept-value.svelte.ts';
import { sameEntries, sameList } from '../lib/same-list.ts';

/** What a field of the actuals counts: units, a count of orders, or money in the plan's currency. */
export type ActualsUnit = 'units' | 'count' | 'money';

/** The actuals grid's columns, in the plan file's order, with the words people read. */
export const ACTUALS_COLUMNS: readonly { field: ActualField; label: string; unit: ActualsUnit }[] =
  [
    { field: 'ordered', label: 'Ordered', unit: 'units' },
    { field: 'shipped', label: 'Shipped', unit: 'units' },
    { field: 'shippedOnTime', label: 'Shipped on time', unit: 'units' },
    { field: 'orders', label: 'Orders', unit: 'count' },
    { field: 'ordersOnTimeInFull', label: 'Orders on time and in full', unit: 'count' },
    { field: 'produced', label: 'Produced', unit: 'units' },
    { field: 'onHand', label: 'On hand', unit: 'units' },
    { field: 'backorders', label: 'Backorders', unit: 'units' },
    { field: 'revenueBudget', label: 'Revenue budget', unit: 'money' },
    { field: 'marginBudget', label: 'Margin budget', unit: 'money' },
  ];

/** A column's header in words with its unit: `Ordered (units)`, `Revenue budget (EUR)`. */
export function actualsHeader(column: (typeof ACTUALS_COLUMNS)[number], currency: string): string {
  return `${column.label} (${column.unit === 'money' ? currency : column.unit})`;
}

/** Where a family's opening stock of the next cycle comes from. */
export type OpeningSource = 'facts' | 'projected';

/** What the roll-over will open one family's next cycle with. */
export interface FamilyOpening {
  id: string;
  name: string;
  /** Units on hand less backorders, or the projected inventory; negative: owed. */
  opening: number;
  /** `facts` when on hand and backorders are both recorded, else `projected`. */
  source: OpeningSource;
}

/** What the facts typed for the month that is ending give, as the roll-over will read them. */
export interface EndingOutlook {
  /** The month that is ending: the horizon's first. */
  month: string;
  openings: FamilyOpening[];
  /** The ended month's performance (fill rate, OTIF, plan attainment...) once rolled over. */
  performance: Performance;
  /** How many families have at least one fact recorded. */
  recorded: number;
}

/**
 * What the facts of the month that is ending give, read by the engine as the roll-over
 * will: the plan rolled over with them (`rollOverPlan`), its families' opening stock
 * (on hand less backorders where both are recorded, else the inventory projected), and
 * the performance of the month that then has ended. Pure.
 */
export function endingOutlook(plan: Plan, facts: Record<string, ActualMonth>): EndingOutlook {
  const next = rollOverPlan(plan, facts);
  return {
    month: plan.periods[0],
    openings: next.families.map((family) => {
      const fact = facts[family.id];
      return {
        id: family.id,
        name: family.name,
        opening: family.openingInventory,
        source: fact?.onHand !== undefined && fact.backorders !== undefined ? 'facts' : 'projected',
      };
    }),
    performance: ended(next),
    recorded: Object.values(facts).filter((entry) => Object.keys(entry).length > 0).length,
  };
}

/** The outlook follows the typing a moment behind, once edits pause (as the charts do). */
const OUTLOOK_DELAY = 200;

/**
 * The facts of the month that is ending (the horizon's first), per family: the grid's
 * values, read straight from the cycle on every change, its sheet model (typed, cleared
 * and pasted through the cell commands, one undo step per block), and what they give
 * once rolled over, a moment behind. Make it while a component is set up.
 */
export class EndingActuals {
  readonly #session: () => CycleSession;
  readonly #live: () => LivePlan;
  #outlookVersion = $state(0);
  #inView = $state(true);
  readonly model: SheetModel;

  /**
   * `live` is where the plan is read from: the session's live plan by default, or one
   * a frame behind for a grid away from where people type (`CycleSession.liveBehind`).
   */
  constructor(session: () => CycleSession, live: () => LivePlan = () => session().live) {
    this.#session = session;
    this.#live = live;
    this.#month = keptValue(() => live().plan?.periods[0] ?? null);
    this.#familyIds = keptValue(
      () => (live().plan?.families ?? []).map((family) => family.id),
      sameList,
    );
    this.#names = keptValue(
      // A new map each time, never changed: compared with the last, kept when alike.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      () => new Map((live().plan?.families ?? []).map((family) => [family.id, family.name])),
      sameEntries,
    );
    this.model = this.#sheetModel();
    let timer: ReturnType<typeof setTimeout> | null = null;
    $effect(() => {
      const { version } = this.#live();
      const inView = this.#inView;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      // Off screen it waits: rolling the whole plan over takes tens of milliseconds on a
      // 500-family plan, which would hold up the next keystroke or someone else's edit.
      if (!inView || version === untrack(() => this.#outlookVersion)) return;
      timer = setTimeout(() => {
        timer = null;
        this.#outlookVersion = version;
      }, OUTLOOK_DELAY);
    });
    $effect(() => () => {
      if (timer !== null) clearTimeout(timer);
    });
  }

  /**
   * Whether the outlook is on screen (or near it): while it is not, it is not worked out
   * again; it is, a moment after it comes back in view.
   */
  showing(inView: boolean): void {
    this.#inView = inView;
  }

  /** The month that is ending; null while there is no plan. */
  get month(): string | null {
    return this.#month.current;
  }

  // Kept as state that changes only when they do (made in the constructor): read by every
  // row and cell of the grid, which an edit of any number of the plan would otherwise ask
  // again.
  readonly #month: { readonly current: string | null };

  /** Every family id, in plan order. */
  get familyIds(): string[] {
    return this.#familyIds.current;
  }

  readonly #familyIds: { readonly current: string[] };

  /** Every family's name by id. */
  get names(): ReadonlyMap<string, string> {
    return this.#names.current;
  }

  readonly #names: { readonly current: ReadonlyMap<string, string> };

  /**
   * The facts recorded so far for one family (an empty entry: nothing recorded), read
   * anew after each change of the plan, and only for the families asked about: the grid
   * asks for the rows it shows, so a keystroke elsewhere reads a few families, not all.
   * An entry that reads as before is the same object as before.
   */
  entryOf(id: string): ActualMonth {
    const session = this.#session();
    const { version, plan } = this.#live();
    const month = plan?.periods[0];
    if (!month) return {};
    if (this.#readAt.get(id) === version) return this.#entries.get(id) ?? {};
    const next = readEndingActuals(session.doc, [id], month)[id] ?? {};
    const previous = this.#entries.get(id);
    const entry = previous && sameFacts(previous, next) ? previous : next;
    this.#entries.set(id, entry);
    this.#readAt.set(id, version);
    return entry;
  }

  // Not state: what is read is tracked through the live plan's version above.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #entries = new Map<string, ActualMonth>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- as above
  readonly #readAt = new Map<string, number>();

  /** The facts recorded so far, for every family (see {@link entryOf}). */
  get entries(): Record<string, ActualMonth> {
    return Object.fromEntries(this.familyIds.map((id) => [id, this.entryOf(id)]));
  }

  /** What the facts give once rolled over, a moment behind the typing; null with no plan. */
  get outlook(): EndingOutlook | null {
    return this.#outlook;
  }

  readonly #outlook = $derived.by(() => {
    void this.#outlookVersion;
    return untrack(() => {
      const plan = this.#live().plan;
      return plan && plan.periods.length > 0 ? endingOutlook(plan, this.entries) : null;
    });
  });

  #sheetModel(): SheetModel {
    const session = () => this.#session();
    const nameOf = (id: string) => this.names.get(id) ?? id;
    return {
      groups: () => this.familyIds,
      rowsPerGroup: () => 1,
      columns: () => ACTUALS_COLUMNS.length,
      cell: (at) => {
        const column = ACTUALS_COLUMNS[at.col];
        if (!column || !this.familyIds.includes(at.group)) return null;
        return {
          measure: column.label,
          editable: !session().isReadOnly,
          value: this.entryOf(at.group)[column.field] ?? null,
        };
      },
      write: (at, value) => {
        const column = ACTUALS_COLUMNS[at.col];
        const month = this.month;
        if (!column || !month) return 'There is no such column.';
        const verdict = checkPlanNumber(value, column.label);
        if (!verdict.ok) return verdict.message;
        const grid = actualsGrid(column.field);
        const result = session().act((doc) =>
          value === null
            ? clearCell(doc, grid, at.group, month)
            : setCell(doc, grid, at.group, month, value),
        );
        return result.ok ? null : result.error;
      },
      writeBlock: (at, block) => {
        const month = this.month;
        const ids = this.familyIds;
        const first = ids.indexOf(at.group);
        const width = block[0]?.length ?? 0;
        if (!month || first < 0) return 'Nothing was pasted: the plan is not ready.';
        if (at.col + width > ACTUALS_COLUMNS.length) {
          return `The block is ${width} columns wide, but only ${ACTUALS_COLUMNS.length - at.col} are left from ${ACTUALS_COLUMNS[at.col].label}. Nothing was pasted.`;
        }
        if (first + block.length > ids.length) {
          const left = ids.length - first;
          return `The block has ${block.length} rows, one per family, but only ${left} ${left === 1 ? 'family is' : 'families are'} left from here. Nothing was pasted.`;
        }
        const writes: BlockCellWrite[] = [];
        for (let i = 0; i < block.length; i++) {
          for (let j = 0; j < width; j++) {
            const column = ACTUALS_COLUMNS[at.col + j];
            const value = block[i][j];
            const verdict = checkPlanNumber(value, column.label);
            if (!verdict.ok) {
              return `${column.label} of ${nameOf(ids[first + i])}: ${verdict.message} Nothing was pasted.`;
            }
            writes.push({ grid: actualsGrid(column.field), id: ids[first + i], month, value });
          }
        }
        const result = session().act((doc) => setCellBlock(doc, writes));
        return result.ok ? null : result.error;
      },
      focus: () => session().setFocus(null),
      undo: () => session().undo(),
      redo: () => session().redo(),
    };
  }
}

/** Whether two families' facts hold the same fields with the same numbers. */
export function sameFacts(a: ActualMonth, b: ActualMonth): boolean {
  const fields = Object.keys(a) as (keyof ActualMonth)[];
  return fields.length === Object.keys(b).length && fields.every((field) => a[field] === b[field]);
}
