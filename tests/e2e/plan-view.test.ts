import { mkdir } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { ROOT_DIR } from '../../server/config.ts';
import { reconcile, type GapKind, type Plan } from '../../shared/engine/index.ts';
import {
  cell,
  cellIdentity,
  cellName,
  cellText,
  revealCell,
  screenshotWholePage,
  serverPlan,
} from '../helpers/plan-cells.ts';
import {
  join,
  launchBrowser,
  startWorkspace,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

const SCREENSHOTS = joinPath(ROOT_DIR, 'screenshots');

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
let ben: Participant;
/** The plan as it should be now: every edit the test makes is applied here too. */
let plan: Plan;
const format = createFormatters('EUR', 'en-US');

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  ws = await startWorkspace({ clientDir: inject('clientDir') });
  plan = structuredClone(ws.plan);
  browser = await launchBrowser();
  ana = await join(browser, ws, 'editor', 'Ana Sales');
  ben = await join(browser, ws, 'editor', 'Ben Supply');
  for (const { page } of [ana, ben]) await familyGrid(page).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await ws?.close();
});

const familyGrid = (page: Page) => page.getByRole('grid', { name: 'Plan by family and month' });
const family = (index: number) => plan.families[index];
const month = (index: number) => plan.periods[index];
const name = (measure: string, index: number, period: number) =>
  cellName(measure, family(index).name, month(period));
const value = (grid: 'demand' | 'supply', index: number, period: number) =>
  plan[grid][family(index).id]?.[month(period)] ?? 0;
const setValue = (grid: 'demand' | 'supply', index: number, period: number, units: number) => {
  (plan[grid][family(index).id] ??= {})[month(period)] = units;
};

/** Waits until a cell shows a text. */
async function shows(page: Page, cellName: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, cellName), { timeout: 10_000 }).toBe(text);
}

/** Scrolls a cell into view and clicks it, as a person selects a cell. */
async function select(page: Page, cellName: string): Promise<void> {
  await revealCell(page, cellName);
  await cell(page, cellName).click();
}

/** Which cell has the focus (its name without what it shows): where the keyboard is. */
async function focused(page: Page): Promise<string | null> {
  const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
  return label ? cellIdentity(label) : null;
}

/** Pastes text at the focused cell as a spreadsheet's copy would. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((clip) => {
    const data = new DataTransfer();
    data.setData('text/plain', clip);
    document.activeElement!.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

/** The gap count and the count of each kind, as the summary strip shows them. */
async function gapSummary(page: Page): Promise<string[]> {
  const group = page.getByRole('group', { name: 'Gaps' });
  const total = await group.locator('.value').textContent();
  const kinds = await group.getByRole('listitem').allTextContents();
  return [total ?? '', ...kinds].map((text) => text.replace(/\s+/g, ' ').trim());
}

/** What the summary strip should say of the gaps for the plan as it is now. */
function expectedGapSummary(): string[] {
  const result = reconcile(plan);
  const gaps = result.gaps;
  // Each kind with its count and its own value: never one sum across kinds.
  const kind = (key: GapKind, label: string) => {
    const { count, value } = result.gapSummary[key];
    return count > 0 ? `${label} ${count} ${format.moneyCompact(value)}` : `${label} 0`;
  };
  return [
    `${format.quantity(gaps.length)} ${gaps.length === 0 ? 'None' : 'To resolve'}`,
    kind('shortage', 'Shortage'),
    kind('belowSafetyStock', 'Below safety stock'),
    kind('overload', 'Overload'),
    kind('belowBudget', 'Below budget'),
    kind('excessInventory', 'Excess stock'),
  ];
}

describe('the plan grid, co-edited', () => {
  it('shows A’s typed demand to B with the projected inventory and gaps the engine computes', async () => {
    const a = ana.page;
    const b = ben.page;
    await expect.poll(() => gapSummary(b)).toEqual(expectedGapSummary());

    // Demand far above supply: the family runs short from this month on.
    const target = name('Demand', 0, 2);
    await select(a, target);
    await a.keyboard.type('25000');
    expect(await a.getByRole('textbox', { name: target }).inputValue()).toBe('25000');
    await a.keyboard.press('Enter');
    setValue('demand', 0, 2, 25_000);
    // Enter saves and moves down, as in a spreadsheet.
    expect(await focused(a)).toBe(name('Supply', 0, 2));

    const result = reconcile(plan);
    const inventory = result.families[0].rows[2].projectedInventory;
    expect(inventory).toBeLessThan(0);
    await shows(b, target, '25,000');
    // The name says which cell it is, then its value.
    expect(await cell(b, target).getAttribute('aria-label')).toBe(`${target}: 25,000`);
    await shows(b, name('Projected inventory', 0, 2), format.quantity(inventory));
    await shows(b, name('Status', 0, 2), 'Short');
    await shows(
      b,
      name('Projected inventory', 0, 5),
      format.quantity(result.families[0].rows[5].projectedInventory),
    );
    await expect.poll(() => gapSummary(b)).toEqual(expectedGapSummary());
    await expect.poll(() => gapSummary(a)).toEqual(expectedGapSummary());
    // Status is in words too, beside its colour; backlog at its peak month, never summed.
    const backlog = await b.getByRole('group', { name: 'Backlog' }).innerText();
    expect(backlog).toContain('Short');
    expect(backlog).toContain(format.moneyCompact(result.backlog.peakValue));
    expect(backlog).toContain(format.month(result.backlog.peakPeriod!));

    // B's cursor shows in A's grid, in B's colour and with B's name.
    await cell(b, name('Supply', 0, 3)).click();
    await expect
      .poll(() => cell(a, name('Supply', 0, 3)).getAttribute('data-visitors'))
      .toBe('Ben Supply');
    expect(await cellText(a, name('Supply', 0, 3))).toBe(format.quantity(value('supply', 0, 3)));
  });

  it('moves by arrow keys and Tab, cancels with Escape, clears with Delete', async () => {
    const a = ana.page;
    await cell(a, name('Demand', 1, 0)).click();
    await a.keyboard.press('ArrowRight');
    await a.keyboard.press('ArrowDown');
    expect(await focused(a)).toBe(name('Supply', 1, 1));
    await a.keyboard.press('ArrowUp');
    await a.keyboard.press('ArrowUp');
    // Up from a family's first row goes to the last row of the family above.
    expect(await focused(a)).toBe(name('Budget gap', 0, 1));
    await a.keyboard.press('ArrowDown');

    // Escape leaves the value as it was.
    const before = await cellText(a, name('Demand', 1, 1));
    await a.keyboard.type('7');
    await a.keyboard.press('Escape');
    expect(await cellText(a, name('Demand', 1, 1))).toBe(before);
    expect(await focused(a)).toBe(name('Demand', 1, 1));

    // F2 edits the current value; Tab saves and moves right, Shift+Tab saves and moves left.
    await a.keyboard.press('F2');
    expect(await a.getByRole('textbox', { name: name('Demand', 1, 1) }).inputValue()).toBe(
      String(value('demand', 1, 1)),
    );
    await a.keyboard.press('Backspace');
    await a.keyboard.type('1');
    await a.keyboard.press('Tab');
    const edited = Math.floor(value('demand', 1, 1) / 10) * 10 + 1;
    setValue('demand', 1, 1, edited);
    expect(await focused(a)).toBe(name('Demand', 1, 2));
    await shows(ben.page, name('Demand', 1, 1), format.quantity(edited));
    await a.keyboard.type('640');
    await a.keyboard.press('Shift+Tab');
    setValue('demand', 1, 2, 640);
    expect(await focused(a)).toBe(name('Demand', 1, 1));
    await shows(ben.page, name('Demand', 1, 2), '640');

    // Delete clears the cell: it then counts as 0.
    await a.keyboard.press('Delete');
    setValue('demand', 1, 1, 0);
    await shows(ben.page, name('Demand', 1, 1), '0');
    await expect.poll(() => gapSummary(ben.page)).toEqual(expectedGapSummary());

    // Derived cells take the keyboard too, but not typing.
    await cell(a, name('Revenue', 1, 0)).click();
    await a.keyboard.type('5');
    expect(await familyGrid(a).locator('input').count()).toBe(0);
  });

  it('keeps the focused cell while the grid scrolls it out of view', async () => {
    const a = ana.page;
    await cell(a, name('Demand', 0, 0)).click();
    await familyGrid(a).evaluate((grid) => {
      const scroller = grid.parentElement!;
      scroller.scrollTop = scroller.scrollHeight;
    });
    await a.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(await focused(a)).toBe(name('Demand', 0, 0));
    await a.keyboard.press('ArrowRight');
    expect(await focused(a)).toBe(name('Demand', 0, 1));
  });

  it('draws the months near the view only, and the keyboard still reaches every month', async () => {
    const a = ana.page;
    const last = plan.periods.length - 1;
    const drawnMonths = () =>
      familyGrid(a)
        .getByRole('gridcell', { name: new RegExp(`^Demand, ${family(0).name}, `) })
        .count();
    await familyGrid(a).evaluate((grid) => (grid.parentElement!.scrollLeft = 0));
    await cell(a, name('Demand', 0, 0)).click();
    // 1280 px shows about nine months: the last ones of 18 are not drawn yet.
    expect(await drawnMonths()).toBeLessThan(plan.periods.length);
    expect(await cell(a, name('Demand', 0, last)).count()).toBe(0);

    await a.keyboard.press('End');
    await expect.poll(() => focused(a)).toBe(name('Demand', 0, last));
    // Assistive technology hears where it is among all the columns (two sticky ones first).
    const lastCell = cell(a, name('Demand', 0, last));
    expect(await lastCell.getAttribute('aria-colindex')).toBe(String(last + 3));
    await expect.poll(() => lastCell.isVisible()).toBe(true);
    await expect.poll(() => cell(a, name('Demand', 0, 0)).count()).toBe(0);

    await a.keyboard.press('Home');
    await expect.poll(() => focused(a)).toBe(name('Demand', 0, 0));
    await a.keyboard.press('ArrowRight');
    expect(await focused(a)).toBe(name('Demand', 0, 1));

    // A month drawn only once the grid scrolls to it follows edits like the others: its
    // own number and those it derives. The rightmost month drawn (out of sight) is
    // scrolled to, which draws the months beyond it.
    const drawnNow = await familyGrid(a)
      .getByRole('gridcell', { name: new RegExp(`^Demand, ${family(0).name}, `) })
      .count();
    for (const at of [drawnNow - 1, drawnNow + 1]) {
      const target = name('Demand', 0, at);
      await select(a, target);
      const units = value('demand', 0, at) + 321;
      await a.keyboard.type(String(units));
      await a.keyboard.press('Enter');
      setValue('demand', 0, at, units);
      const row = reconcile(plan).families[0].rows[at];
      await shows(a, target, format.quantity(units));
      await shows(a, name('Projected inventory', 0, at), format.quantity(row.projectedInventory));
    }
  });

  it('pastes a 3 x 4 block in one step, and one Ctrl+Z takes it all back', async () => {
    const a = ana.page;
    const b = ben.page;
    // One row per family: three families' demand rows lie one under the other.
    for (const page of [a, b]) await page.getByLabel('Rows').selectOption('demand');
    const block = [
      [1100, 1200, 1300, 1400],
      [2100, 2200, 2300, 2400],
      [3100, 3200, 3300, 3400],
    ];
    const before = block.map((row, i) => row.map((_, j) => value('demand', 2 + i, 4 + j)));
    const text = block.map((row) => row.map((n) => format.quantity(n)).join('\t')).join('\r\n');

    await cell(a, name('Demand', 2, 4)).click();
    await paste(a, `${text}\r\n`);
    for (const page of [a, b]) {
      for (const [i, row] of block.entries()) {
        for (const [j, units] of row.entries()) {
          await shows(page, name('Demand', 2 + i, 4 + j), format.quantity(units));
        }
      }
    }
    block.forEach((row, i) => row.forEach((units, j) => setValue('demand', 2 + i, 4 + j, units)));
    await expect.poll(() => gapSummary(b)).toEqual(expectedGapSummary());

    await a.keyboard.press('Control+z');
    for (const page of [a, b]) {
      for (const [i, row] of before.entries()) {
        for (const [j, units] of row.entries()) {
          await shows(page, name('Demand', 2 + i, 4 + j), format.quantity(units));
        }
      }
    }
    before.forEach((row, i) => row.forEach((units, j) => setValue('demand', 2 + i, 4 + j, units)));
    await expect.poll(() => gapSummary(b)).toEqual(expectedGapSummary());
    const kept = await serverPlan(ws);
    expect(kept.demand[family(2).id][month(4)]).toBe(before[0][0]);
    expect(kept.demand[family(4).id][month(7)]).toBe(before[2][3]);
    for (const page of [a, b]) await page.getByLabel('Rows').selectOption('all');
  });

  it('pastes demand, supply and budget rows of one family as one step', async () => {
    const a = ana.page;
    await cell(a, name('Demand', 1, 8)).click();
    await paste(a, '410\t420\n510\t520\n6,100\t6,200\n');
    await shows(ben.page, name('Demand', 1, 8), '410');
    await shows(ben.page, name('Supply', 1, 9), '520');
    await shows(ben.page, name('Budget', 1, 9), '€6,200');
    await a.keyboard.press('Control+z');
    await shows(ben.page, name('Demand', 1, 8), format.quantity(value('demand', 1, 8)));
    await shows(ben.page, name('Supply', 1, 9), format.quantity(value('supply', 1, 9)));
    // A block that would land on a computed row writes nothing and says why.
    await cell(a, name('Supply', 1, 8)).click();
    await paste(a, '1\n2\n3\n');
    await a
      .getByRole('alert')
      .filter({ hasText: 'Row 3 of the block would land on Projected inventory' })
      .waitFor();
    expect(await cellText(a, name('Supply', 1, 8))).toBe(format.quantity(value('supply', 1, 8)));
    await a.getByRole('button', { name: 'Dismiss' }).first().click();
  });

  it('undoes only my own edit: B’s edit stays for both', async () => {
    const a = ana.page;
    const b = ben.page;
    const mine = name('Supply', 3, 6);
    const theirs = name('Demand', 3, 7);
    const original = value('supply', 3, 6);

    await select(a, mine);
    await a.keyboard.type('4321');
    await a.keyboard.press('Enter');
    await shows(b, mine, '4,321');

    await select(b, theirs);
    await b.keyboard.type('2468');
    await b.keyboard.press('Enter');
    setValue('demand', 3, 7, 2468);
    await shows(a, theirs, '2,468');

    await select(a, mine);
    await a.keyboard.press('Control+z');
    for (const page of [a, b]) {
      await shows(page, mine, format.quantity(original));
      await shows(page, theirs, '2,468');
    }
    // Redo brings mine back; the toolbar's Undo takes it away again.
    await a.keyboard.press('Control+y');
    await shows(b, mine, '4,321');
    await a.getByRole('button', { name: 'Undo' }).click();
    await shows(b, mine, format.quantity(original));
    await shows(b, theirs, '2,468');
    await expect.poll(() => gapSummary(a)).toEqual(expectedGapSummary());
  });

  it('refuses invalid input, names the problem, keeps the text and writes nothing', async () => {
    const a = ana.page;
    const target = name('Demand', 5, 3);
    const original = format.quantity(value('demand', 5, 3));
    await select(a, target);

    await a.keyboard.type('abc');
    await a.keyboard.press('Enter');
    await a.getByRole('alert').filter({ hasText: '“abc” is not a number' }).waitFor();
    const editor = a.getByRole('textbox', { name: target });
    expect(await editor.inputValue()).toBe('abc');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    expect(await focused(a)).toBe(target);

    await editor.fill('-3');
    await a.keyboard.press('Enter');
    await a.getByRole('alert').filter({ hasText: 'Demand cannot be negative: “-3”' }).waitFor();
    expect(await editor.inputValue()).toBe('-3');
    await screenshotGrid(a, 'plan-invalid.png');

    await a.keyboard.press('Escape');
    expect(await cellText(a, target)).toBe(original);
    // Something A writes afterwards reaches B; the refused value never did.
    const later = name('Demand', 5, 4);
    await select(a, later);
    await a.keyboard.type('333');
    await a.keyboard.press('Enter');
    setValue('demand', 5, 4, 333);
    await shows(ben.page, later, '333');
    expect(await cellText(ben.page, target)).toBe(original);
    expect((await serverPlan(ws)).demand[family(5).id][month(3)]).toBe(value('demand', 5, 3));
  });

  it('finds families by name and shows only those with problems', async () => {
    const a = ana.page;
    await a.getByRole('searchbox', { name: 'Find a family' }).fill(family(6).name);
    await cell(a, name('Demand', 6, 0)).waitFor();
    expect(await cell(a, name('Demand', 0, 0)).count()).toBe(0);
    await a.getByRole('searchbox', { name: 'Find a family' }).fill('');

    await a.getByRole('checkbox', { name: 'Only families with problems' }).check();
    // Families with a month short, below safety stock, overstocked or below budget; and the
    // family my cursor is in, which stays so that it never vanishes under me.
    const result = reconcile(plan);
    const shown = result.families.filter(
      (f) =>
        f.id === family(5).id ||
        f.rows.some(
          (row) => row.status !== 'ok' || (row.budget !== null && row.revenue < row.budget * 0.98),
        ),
    );
    const total = result.families.length;
    await a
      .getByText(
        shown.length === total ? `${total} families` : `${shown.length} of ${total} families`,
      )
      .waitFor();
    for (const f of result.families) {
      if (!shown.includes(f)) {
        expect(await cell(a, cellName('Demand', f.name, month(0))).count()).toBe(0);
      }
    }
    await a.getByRole('checkbox', { name: 'Only families with problems' }).uncheck();
  });

  it('edits capacity and the family setup, with utilization in colour and words', async () => {
    const a = ana.page;
    const b = ben.page;
    const resource = plan.resources[0];
    const capacity = cellName('Capacity', resource.name, month(0));
    await select(a, capacity);
    await a.keyboard.type('10');
    await a.keyboard.press('Enter');
    (plan.capacity[resource.id] ??= {})[month(0)] = 10;
    const row = reconcile(plan).resources[0].rows[0];
    expect(row.utilization).toBeGreaterThan(1);
    const utilization = cellName('Utilization', resource.name, month(0));
    const percent = row.utilization! > 9.99 ? '>999%' : format.percent(row.utilization!, 0);
    await shows(b, utilization, `${percent} over`);
    await shows(b, cellName('Load', resource.name, month(0)), format.quantity(row.load));

    const price = `Price, ${family(0).name}`;
    await select(a, price);
    await a.keyboard.type('20');
    await a.keyboard.press('Enter');
    plan.families[0].price = 20;
    await shows(b, price, '€20.00');
    await shows(
      b,
      name('Revenue', 0, 0),
      format.money(reconcile(plan).families[0].rows[0].revenue),
    );
  });

  it('lets a viewer see the same grid, but no cell takes input', async () => {
    const viewer = await join(browser, ws, 'viewer', 'Vera Exec');
    const page = viewer.page;
    await familyGrid(page).waitFor();
    const target = name('Demand', 1, 0);
    const original = await cellText(page, target);
    expect(await cell(page, target).getAttribute('aria-readonly')).toBe('true');
    expect(await familyGrid(page).getAttribute('aria-readonly')).toBe('true');
    await page
      .getByRole('note')
      .filter({ hasText: 'You joined as a viewer: you can read everything' })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);

    await select(page, target);
    for (const key of ['5', 'F2', 'Delete', 'Backspace']) await page.keyboard.press(key);
    await paste(page, '1\t2\n3\t4');
    expect(await page.locator('[role="grid"] input').count()).toBe(0);
    expect(await cellText(page, target)).toBe(original);
    // The keyboard still moves, to read the plan.
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe(name('Demand', 1, 1));
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(name('Supply', 1, 1));
    expect(viewer.problems).toEqual([]);
    await viewer.context.close();
  });

  it('redraws the charts for an edit made while they were off screen once they are back', async () => {
    const a = ana.page;
    const b = ben.page;
    // The whole plan again (earlier tests narrowed it), so the page is long enough to
    // scroll the charts away.
    await a.reload();
    await familyGrid(a).waitFor();
    const money = a.locator('#plan-charts figure').filter({
      has: a.getByRole('img', { name: /^Revenue/ }),
    });
    await money.getByRole('button', { name: 'Show as table' }).click();
    const firstMonth = money
      .getByRole('table')
      .getByRole('row', { name: new RegExp(`^${format.month(month(0))} `) });
    const revenue = () => reconcile(plan).families.reduce((sum, f) => sum + f.rows[0].revenue, 0);
    await firstMonth.getByText(format.money(revenue()), { exact: true }).waitFor();
    const before = revenue();

    // Ana scrolls to the bottom of the page; Ben sells more of the first family.
    await a.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const box = await money.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(-200);
    const target = name('Demand', 0, 0);
    await select(b, target);
    await b.keyboard.type(String(value('demand', 0, 0) + 40));
    await b.keyboard.press('Enter');
    setValue('demand', 0, 0, value('demand', 0, 0) + 40);
    expect(revenue()).not.toBe(before);
    await shows(a, target, format.input(value('demand', 0, 0)));
    // Off screen, the chart waits (its redraw would hold up the next keystroke)...
    await a.waitForTimeout(600);
    expect(await firstMonth.textContent()).toContain(format.money(before));

    // ...and catches up when it is back in view.
    await money.scrollIntoViewIfNeeded();
    await firstMonth.getByText(format.money(revenue()), { exact: true }).waitFor();
    await money.getByRole('button', { name: 'Hide table' }).click();
  });

  it('saves screenshots of the plan at 1280 x 800 and at tablet width', async () => {
    const a = ana.page;
    await a.evaluate(() => scrollTo({ top: 0, behavior: 'instant' }));
    await a.screenshot({ path: joinPath(SCREENSHOTS, 'plan.png') });
    await screenshotGrid(a, 'plan-grid.png');
    await screenshotWholePage(a, joinPath(SCREENSHOTS, 'plan-full.png'));
    const tablet = await join(browser, ws, 'editor', 'Tess Tablet', { width: 800, height: 1100 });
    await familyGrid(tablet.page).waitFor();
    await tablet.page.screenshot({ path: joinPath(SCREENSHOTS, 'plan-tablet.png') });
    await screenshotGrid(tablet.page, 'plan-tablet-grid.png');
    expect(tablet.problems).toEqual([]);
    await tablet.context.close();
  });

  it('shows no errors in anyone’s console', () => {
    expect([...ana.problems, ...ben.problems]).toEqual([]);
  });
});

/** A screenshot with the family grid at the top of the window. */
async function screenshotGrid(page: Page, file: string): Promise<void> {
  await page.getByRole('heading', { name: 'Families by month' }).evaluate((heading) => {
    heading.closest('section')!.scrollIntoView({ block: 'start', behavior: 'instant' });
  });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  await page.screenshot({ path: joinPath(SCREENSHOTS, file) });
}
