import type { Page } from 'playwright-core';
import type { Plan } from '../../shared/engine/index.ts';
import { signInvite } from '../../server/auth/tokens.ts';
import { TEST_SECRET } from './relay.ts';
import { TEST_WORKSPACE, type TestWorkspace } from './workspace.ts';

/**
 * Reading and editing the plan grid the way a person does: cells by their accessible
 * name (`Demand, <family>, <YYYY-MM>`), values by their visible text.
 */

/** The accessible name of a grid cell. */
export function cellName(measure: string, subject: string, month: string): string {
  return `${measure}, ${subject}, ${month}`;
}

/**
 * What matches the accessible name of the cell `name` (`Demand, F3, 2027-03`): the name goes
 * on with what the cell shows and its status (`Demand, F3, 2027-03: 1,240`), except while it
 * is being edited.
 */
export function cellPattern(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(: |$)`);
}

/** Which cell an accessible name is of: the part before what the cell shows. */
export function cellIdentity(name: string): string {
  const at = name.lastIndexOf(': ');
  return at < 0 ? name : name.slice(0, at);
}

/** The plan grid's cell `name` (`Demand, F3, 2027-03`), whatever it shows. */
export function cell(page: Page, name: string) {
  return page.getByRole('gridcell', { name: cellPattern(name) });
}

/**
 * Scrolls the grid that holds a cell until the cell is rendered and on screen: the grid
 * renders only the rows and months near its scroll position, as a person's screen would
 * show them. It looks down each grid, then a screen to the right, and down again.
 */
export async function revealCell(page: Page, name: string): Promise<void> {
  const target = cell(page, name);
  for (let across = 0; across < 20; across++) {
    for (let step = 0; step < 200; step++) {
      if ((await target.count()) > 0) {
        await target.scrollIntoViewIfNeeded();
        return;
      }
      const moved = await page.evaluate(
        ({ first, across }) => {
          let moved = false;
          for (const scroller of gridScrollers()) {
            if (first) {
              moved ||= scroller.scrollTop > 0;
              scroller.scrollTop = 0;
              if (across) {
                const left = scroller.scrollLeft;
                scroller.scrollLeft += Math.max(100, scroller.clientWidth * 0.6);
                moved ||= scroller.scrollLeft !== left;
              } else {
                moved ||= scroller.scrollLeft > 0;
                scroller.scrollLeft = 0;
              }
            } else if (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
              scroller.scrollTop += Math.max(100, scroller.clientHeight * 0.8);
              moved = true;
            }
          }
          return moved || (first && !across);

          /** Each grid's scrolling area. */
          function gridScrollers(): HTMLElement[] {
            return [...document.querySelectorAll('[role="grid"]')]
              .map((grid) => {
                let element: HTMLElement | null = grid as HTMLElement;
                while (
                  element &&
                  element.scrollHeight <= element.clientHeight + 1 &&
                  element.scrollWidth <= element.clientWidth + 1
                ) {
                  element = element.parentElement;
                }
                return element;
              })
              .filter((element): element is HTMLElement => element !== null);
          }
        },
        { first: step === 0, across: across > 0 },
      );
      if (!moved) break;
      // Let the grid render the rows now in view before looking again.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
  }
  throw new Error(`No grid cell named "${name}" in any grid of the page`);
}

/**
 * The visible text of a grid cell, trimmed. A cell in a panel the browser skips drawing
 * while it is out of sight (content-visibility) is scrolled into view first, as a person
 * would look at it: its text is not laid out until then.
 */
export async function cellText(page: Page, name: string): Promise<string> {
  if ((await cell(page, name).count()) === 0) await revealCell(page, name);
  const target = cell(page, name);
  const drawn = await target.evaluate((node) =>
    node.checkVisibility({ contentVisibilityAuto: true }),
  );
  if (!drawn) await target.scrollIntoViewIfNeeded();
  return (await target.innerText()).trim();
}

/**
 * Types a value into a cell as a person does: select the cell, type, press Enter.
 * Waits until the cell is out of editing again.
 */
export async function typeIntoCell(page: Page, name: string, value: string): Promise<void> {
  await revealCell(page, name);
  await cell(page, name).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await page.getByRole('grid').locator('input').first().waitFor({ state: 'detached' });
}

/**
 * Every grid cell whose accessible name starts with one of `measures` (e.g. `Demand, `),
 * as the cell's name (without what it shows) -> visible text, read in one pass (the grid renders the families on screen).
 */
export function readCells(
  page: Page,
  measures: readonly string[],
): Promise<Record<string, string>> {
  return page.evaluate((prefixes) => {
    const cells: Record<string, string> = {};
    for (const element of document.querySelectorAll('[role="gridcell"][aria-label]')) {
      // The cell's name without what it shows after the last colon.
      const label = element.getAttribute('aria-label')!;
      const at = label.lastIndexOf(': ');
      const name = at < 0 ? label : label.slice(0, at);
      if (prefixes.some((prefix) => name.startsWith(`${prefix}, `))) {
        cells[name] = (element as HTMLElement).innerText.trim();
      }
    }
    return cells;
  }, measures);
}

/**
 * {@link readCells} over every month of the families on screen: the grids draw only the
 * months near their scroll position, so this reads, scrolls a screen to the right, and reads
 * again to the last month, then scrolls back to the first.
 */
export async function readCellsAcross(
  page: Page,
  measures: readonly string[],
): Promise<Record<string, string>> {
  const cells: Record<string, string> = {};
  for (let step = 0; step < 20; step++) {
    Object.assign(cells, await readCells(page, measures));
    const moved = await page.evaluate(() => {
      let moved = false;
      for (const grid of document.querySelectorAll('[role="grid"]')) {
        const scroller = grid.parentElement!;
        const left = scroller.scrollLeft;
        scroller.scrollLeft += Math.max(100, scroller.clientWidth * 0.6);
        moved ||= scroller.scrollLeft !== left;
      }
      return moved;
    });
    if (!moved) break;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }
  await page.evaluate(() => {
    for (const grid of document.querySelectorAll('[role="grid"]'))
      grid.parentElement!.scrollLeft = 0;
  });
  return cells;
}

/** The numbers a cell's text shows: `1,234` -> 1234, `−40` -> -40. */
export function numberOf(text: string): number {
  const cleaned = text.replace(/\u2212/g, '-').replace(/[^0-9.-]/g, '');
  return Number(cleaned);
}

/** An editor's token for the workspace, for the HTTP export. */
export function editorToken(): string {
  return signInvite(TEST_SECRET, {
    workspace: TEST_WORKSPACE,
    role: 'editor',
    name: 'Plan export',
    expiresAt: Date.now() + 60 * 60 * 1000,
  });
}

/** The cycle's plan as the server keeps it (`GET /api/rooms/<ws>/<cycle>/plan.json`). */
export async function serverPlan(ws: TestWorkspace): Promise<Plan> {
  const response = await fetch(`${ws.url}/api/rooms/${TEST_WORKSPACE}/${ws.cycle}/plan.json`, {
    headers: { authorization: `Bearer ${editorToken()}` },
  });
  if (!response.ok)
    throw new Error(`plan export: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Plan;
}

/** A demand value of the plan (0 when the cell is empty, as the engine counts it). */
export function demandOf(plan: Plan, family: string, month: string): number {
  return plan.demand[family]?.[month] ?? 0;
}

/**
 * A screenshot of the top of the page, tall enough to show the header (connection state)
 * and the first family of the plan together; the viewport is restored afterwards.
 */
export async function screenshotTop(page: Page, path: string, height = 1500): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: size.width, height });
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path });
  await page.setViewportSize(size);
}

/**
 * A screenshot of the whole page as a person scrolling down it sees it: panels the
 * browser skips drawing while out of sight (content-visibility) are drawn for it.
 */
export async function screenshotWholePage(page: Page, path: string): Promise<void> {
  const style = await page.addStyleTag({
    content: '* { content-visibility: visible !important; }',
  });
  await page.screenshot({ path, fullPage: true });
  await style.evaluate((node) => (node as Element).remove());
}
