import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import type { Block } from '../../../../client/src/lib/paste.ts';
import { visitorsByCell, visitorsIn } from '../../../../client/src/lib/cell-visitors.ts';
import { chartSeries, keepUnchangedSeries } from '../../../../client/src/lib/chart-series.ts';
import {
  familyProblems,
  hasProblems,
  worstProblem,
} from '../../../../client/src/lib/family-problems.ts';
import { familyCell, measuresOf, resourceCell } from '../../../../client/src/lib/plan-cells.ts';
import { planHeadline } from '../../../../client/src/lib/plan-headline.ts';
import {
  SheetController,
  type SheetAddress,
  type SheetModel,
} from '../../../../client/src/state/plan-grid.svelte.ts';

/** A sheet of 3 groups x 2 rows x 4 columns of numbers; row 1 is derived (not editable). */
function sheet(options: { readOnly?: boolean; refuse?: string } = {}) {
  const values = new Map<string, number | null>();
  const key = (at: SheetAddress) => `${at.group}:${at.row}:${at.col}`;
  const writes: { at: SheetAddress; value: number | null }[] = [];
  const blocks: { at: SheetAddress; block: Block }[] = [];
  const focus: (SheetAddress | null)[] = [];
  const undos: string[] = [];
  const model: SheetModel = {
    groups: () => ['a', 'b', 'c'],
    rowsPerGroup: () => 2,
    columns: () => 4,
    cell: (at) => ({
      measure: at.row === 0 ? 'Demand' : 'Projected inventory',
      editable: at.row === 0 && !options.readOnly,
      value: values.get(key(at)) ?? (at.row === 0 ? 10 : 5),
      text: at.row === 0 ? undefined : 'OK',
    }),
    write(at, value) {
      if (options.refuse) return options.refuse;
      writes.push({ at, value });
      values.set(key(at), value);
      return null;
    },
    writeBlock(at, block) {
      blocks.push({ at, block });
      return null;
    },
    focus: (at) => focus.push(at),
    undo: () => undos.push('undo'),
    redo: () => undos.push('redo'),
  };
  return { controller: new SheetController(model), writes, blocks, focus, undos };
}

describe('SheetController: a spreadsheet’s keys without the page', () => {
  it('starts at the first cell and moves across groups, clamped at the edges', () => {
    const { controller, focus } = sheet();
    expect(controller.active).toEqual({ group: 'a', row: 0, col: 0 });
    controller.move(1, 0);
    controller.move(1, 0);
    expect(controller.active).toEqual({ group: 'b', row: 0, col: 0 });
    controller.move(-5, 9);
    expect(controller.active).toEqual({ group: 'a', row: 0, col: 3 });
    controller.moveToCorner('last');
    expect(controller.active).toEqual({ group: 'c', row: 1, col: 3 });
    controller.moveToColumn('first');
    expect(controller.active).toEqual({ group: 'c', row: 1, col: 0 });
    expect(controller.activeIndex).toBe(2);
    // Each move tells the others where I am.
    expect(focus.at(-1)).toEqual({ group: 'c', row: 1, col: 0 });
    controller.blur();
    expect(focus.at(-1)).toBeNull();
  });

  it('edits with the typed character, commits, and moves as asked', () => {
    const { controller, writes } = sheet();
    expect(controller.startEdit('4')).toBe(true);
    expect(controller.edit).toMatchObject({ group: 'a', row: 0, col: 0, draft: '4', typed: true });
    controller.type('4,250');
    expect(controller.commit(0, 1)).toBe(true);
    expect(writes).toEqual([
      { at: { group: 'a', row: 0, col: 0, draft: '4,250', error: null, typed: true }, value: 4250 },
    ]);
    expect(controller.edit).toBeNull();
    expect(controller.active).toEqual({ group: 'a', row: 0, col: 1 });
  });

  it('starts an edit with the value for Enter or F2, and writes nothing unchanged', () => {
    const { controller, writes } = sheet();
    controller.startEdit();
    expect(controller.edit?.draft).toBe('10');
    expect(controller.edit?.typed).toBe(false);
    controller.commit(1, 0);
    expect(writes).toEqual([]);
    expect(controller.active).toEqual({ group: 'a', row: 1, col: 0 });
  });

  it('refuses invalid text with the problem named, keeping the text', () => {
    const { controller, writes } = sheet();
    controller.startEdit('a');
    controller.type('abc');
    expect(controller.commit(1, 0)).toBe(false);
    expect(controller.edit).toMatchObject({
      draft: 'abc',
      error: '“abc” is not a number. Type a number such as 1250 or 1,250.',
    });
    controller.type('-3');
    expect(controller.commit()).toBe(false);
    expect(controller.edit?.error).toBe('Demand cannot be negative: “-3”.');
    expect(writes).toEqual([]);
    expect(controller.active).toEqual({ group: 'a', row: 0, col: 0 });
    // Moving elsewhere is refused while the text is wrong: nothing typed is lost.
    controller.activate({ group: 'b', row: 0, col: 2 });
    expect(controller.active).toEqual({ group: 'a', row: 0, col: 0 });
    controller.cancel();
    expect(controller.edit).toBeNull();
  });

  it('shows a refused write in the editor and keeps the text', () => {
    const { controller } = sheet({ refuse: 'You joined as a viewer.' });
    controller.startEdit('7');
    expect(controller.commit()).toBe(false);
    expect(controller.edit).toMatchObject({ draft: '7', error: 'You joined as a viewer.' });
  });

  it('empty text clears the cell', () => {
    const { controller, writes } = sheet();
    controller.startEdit();
    controller.type('  ');
    controller.commit();
    expect(writes.at(-1)?.value).toBeNull();
  });

  it('never edits a derived cell or a read-only sheet', () => {
    const derived = sheet();
    derived.controller.move(1, 0);
    expect(derived.controller.startEdit('5')).toBe(false);
    derived.controller.clear();
    expect(derived.writes).toEqual([]);
    const viewer = sheet({ readOnly: true });
    expect(viewer.controller.startEdit('5')).toBe(false);
    viewer.controller.paste('5');
    expect(viewer.writes).toEqual([]);
  });

  it('clears with Delete, pastes one value or a block, and says what is wrong', () => {
    const { controller, writes, blocks } = sheet();
    controller.clear();
    expect(writes.at(-1)).toMatchObject({ value: null });
    controller.paste('1,234\n');
    expect(writes.at(-1)).toMatchObject({ value: 1234 });
    controller.paste('1\t2\r\n3\t\r\n');
    expect(blocks).toEqual([
      {
        at: { group: 'a', row: 0, col: 0 },
        block: [
          [1, 2],
          [3, null],
        ],
      },
    ]);
    controller.paste('1\tx\n');
    expect(controller.message).toBe('Nothing was pasted: row 1, column 2: “x” is not a number.');
    controller.dismissMessage();
    controller.move(1, 0);
    controller.paste('5');
    expect(controller.message).toBe(
      'Projected inventory is computed by the plan: paste onto an input row.',
    );
  });

  it('copies a number, or the words of a derived cell', () => {
    const { controller } = sheet();
    expect(controller.copyText()).toBe('10');
    controller.move(1, 0);
    expect(controller.copyText()).toBe('5');
  });

  it('passes undo and redo to the session (my own edits only)', () => {
    const { controller, undos } = sheet();
    controller.undo();
    controller.redo();
    expect(undos).toEqual(['undo', 'redo']);
  });
});

describe('plan measures: what each cell and the summary say', () => {
  const plan = generateDemoPlan({ families: 6, periods: 12, resources: 3, seed: 9 });
  const result = reconcile(plan);
  const f = createFormatters('EUR', 'en-US');

  it('shows status in words and colour, and backlog as a negative inventory', () => {
    const row = {
      ...result.families[0].rows[0],
      projectedInventory: -40,
      status: 'shortage' as const,
    };
    expect(familyCell('status', row, f)).toMatchObject({
      text: 'Short',
      tone: 'shortage',
      chip: true,
    });
    expect(familyCell('projectedInventory', row, f)).toMatchObject({
      text: '−40',
      tone: 'shortage',
      title: 'Backlog of 40 units',
    });
    expect(familyCell('cover', { ...row, cover: null }, f).text).toBe('Beyond');
    expect(familyCell('budgetGap', { ...row, budget: null, budgetGap: null }, f)).toMatchObject({
      text: '—',
      value: null,
      title: 'No budget this month',
    });
    expect(familyCell('budgetGap', { ...row, budget: 100, budgetGap: -20 }, f)).toMatchObject({
      text: '−€20',
      tone: 'belowBudget',
    });
  });

  it('shows utilization with its band in words', () => {
    const base = { period: '2027-01', load: 112, capacity: 100, utilization: 1.12, overload: 12 };
    expect(resourceCell('utilization', base, f)).toMatchObject({
      text: '112% over',
      tone: 'overload',
    });
    expect(resourceCell('utilization', { ...base, utilization: 0.95, overload: 0 }, f).text).toBe(
      '95% tight',
    );
    expect(resourceCell('utilization', { ...base, utilization: 0.5, overload: 0 }, f).text).toBe(
      '50%',
    );
    expect(
      resourceCell('utilization', { ...base, capacity: 0, utilization: null }, f),
    ).toMatchObject({ text: 'No capacity', tone: 'overload' });
    expect(resourceCell('load', base, f)).toMatchObject({ text: '112', tone: 'overload' });
    expect(
      resourceCell('utilization', { ...base, utilization: 15.2, overload: 1420 }, f).text,
    ).toBe('>999% over');
  });

  it('sums the headline from the totals and the gap list', () => {
    const headline = planHeadline(result);
    const budgeted = result.totals.reduce((sum, t) => sum + t.budgetedRevenue, 0);
    expect(headline.budgetedRevenue).toBeCloseTo(budgeted, 6);
    expect(headline.gapCount).toBe(result.gaps.length);
    expect(headline.familiesShort).toBe(
      result.families.filter((x) => x.rows.some((row) => row.status === 'shortage')).length,
    );
    expect(headline.peakBacklogValue).toBe(result.backlog.peakValue);
    expect(headline.overloadedResourceMonths).toBe(
      result.resources.flatMap((x) => x.rows).filter((row) => row.overload > 0).length,
    );
    expect(headline.resourceMonths).toBe(3 * 12);
  });

  it('finds the families with problems and their worst one', () => {
    for (const family of result.families) {
      const problems = familyProblems(family);
      const any = Object.values(problems).some((n) => n > 0);
      expect(hasProblems(family)).toBe(any);
      expect(worstProblem(problems) === null).toBe(!any);
    }
  });

  it('lists the rows of each row set in grid order', () => {
    expect(measuresOf('all').map((m) => m.label)).toEqual([
      'Demand',
      'Supply',
      'Budget',
      'Projected inventory',
      'Cover',
      'Status',
      'Shipments',
      'Revenue',
      'Margin',
      'Budget gap',
    ]);
    expect(measuresOf('demand').map((m) => m.grid)).toEqual(['demand']);
  });

  it('places others’ cursors by cell, and leaves mine out', () => {
    const map = visitorsByCell([
      {
        name: 'Me',
        color: '#000',
        isMe: true,
        focus: { grid: 'demand', id: 'A', month: '2027-01' },
      },
      {
        name: 'Ana',
        color: '#111',
        isMe: false,
        focus: { grid: 'demand', id: 'A', month: '2027-01' },
      },
      {
        name: 'Ben',
        color: '#222',
        isMe: false,
        focus: { grid: 'supply', id: 'A', month: '2027-02' },
      },
      { name: 'Cy', color: '#333', isMe: false, focus: null },
    ]);
    expect(map.get('A')?.get('demand|2027-01')).toEqual([{ name: 'Ana', color: '#111' }]);
    expect(visitorsIn(map.get('A')).map((v) => v.name)).toEqual(['Ana', 'Ben']);
  });

  it('gives the charts plain series of the chosen family and the totals', () => {
    const family = result.families[2];
    const series = chartSeries(result, family.id, 40);
    expect(series.family?.name).toBe(family.name);
    expect(series.family?.inventory).toEqual(family.rows.map((r) => r.projectedInventory));
    expect(series.family?.safetyStock).toBe(40);
    expect(series.revenue).toEqual(result.totals.map((t) => t.revenue));
    expect(series.resources).toHaveLength(3);
    expect(chartSeries(result, null, null).family).toBeNull();
  });

  it('keeps the chart parts a demand edit did not move, so their charts are not redrawn', () => {
    const family = result.families[0];
    const before = chartSeries(result, family.id, null);
    const same = keepUnchangedSeries(before, chartSeries(result, family.id, null));
    expect(same).toEqual(before);
    for (const part of ['months', 'family', 'revenue', 'budget', 'resources'] as const) {
      expect(same[part]).toBe(before[part]);
    }

    const edited = structuredClone(plan);
    const month = edited.periods[1];
    (edited.demand[family.id] ??= {})[month] = (edited.demand[family.id]?.[month] ?? 0) + 500;
    const after = keepUnchangedSeries(before, chartSeries(reconcile(edited), family.id, null));
    expect(after.family).not.toBe(before.family);
    expect(after.family?.demand[1]).toBe(before.family!.demand[1] + 500);
    // Load comes from supply: the heat map's data stays the very same object.
    expect(after.resources).toBe(before.resources);
    expect(after.months).toBe(before.months);

    const moreSupply = structuredClone(plan);
    (moreSupply.supply[family.id] ??= {})[month] =
      (moreSupply.supply[family.id]?.[month] ?? 0) + 500;
    const supplied = keepUnchangedSeries(
      after,
      chartSeries(reconcile(moreSupply), family.id, null),
    );
    expect(supplied.resources).not.toBe(before.resources);
    expect(keepUnchangedSeries(before, chartSeries(result, null, null)).family).toBeNull();
  });
});
