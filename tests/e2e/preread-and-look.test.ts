import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { prereadSummary } from '../../client/src/lib/preread-summary.ts';
import { addOverride, addScenario } from '../../shared/doc/scenario-commands.ts';
import { addDecision, readRecords, setGapNote, type CycleDoc } from '../../shared/doc/index.ts';
import { reconcile } from '../../shared/engine/index.ts';
import { GAP_KIND_WORDS } from '../../shared/vocabulary/index.ts';
import { cellIdentity, cellPattern } from '../helpers/plan-cells.ts';
import { destroyAllClients } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  openView,
  prepareCycle,
  SCREENSHOTS,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The pre-read's summary and the look of the workspace, in separate browser contexts
 * against the real server: Fiona, the facilitator, publishes the pre-read; Frank, an
 * editor, and Vera, a viewer, read its summary (the headline, the largest gaps of each
 * kind, the decisions waiting) on one screen and in print. Fiona's and Frank's avatars
 * read FI and FR in colours of their own; a cell's error on the grid's bottom row stays
 * inside the grid; a name cut short is read in full on keyboard focus.
 */

const FIONA = 'Fiona (Facilitator)';
const FRANK = 'Frank (Finance)';
const VERA = 'Vera Viewer';
const PROPOSED = 'Fund a second shift on the assembly line for the spring peak';
const DEFERRED = 'Raise the safety stock of garden hoses';
const LONG_QUESTION =
  'Move the launch of the cordless drill range to the second quarter so that the new assembly line has been qualified by both plants and the suppliers of the battery packs have confirmed their volumes';
const SCENARIO = 'Second shift from March';
const format = createFormatters('EUR', 'en-US');

let ws: TestWorkspace;
let browser: Browser;
let fiona: Participant;
let frank: Participant;
let vera: Participant;
let markedGap = '';

const prereadCard = (page: Page) => page.getByRole('region', { name: 'Pre-read', exact: true });
const prereadDialog = (page: Page) => page.getByRole('dialog', { name: /^As published on / });
const summaryOf = (page: Page) =>
  prereadDialog(page).getByRole('region', { name: 'Summary for the meeting' });

/** Decisions waiting, a draft scenario and a gap marked for a decision, before anyone opens the page. */
function prepare(doc: CycleDoc): void {
  addDecision(doc, { question: PROPOSED, status: 'proposed', madeIn: ws.cycle, owner: 'Sam' });
  addDecision(doc, { question: DEFERRED, status: 'deferred', madeIn: ws.cycle });
  addDecision(doc, { question: LONG_QUESTION, status: 'proposed', madeIn: ws.cycle });
  addDecision(doc, { question: 'Already agreed', status: 'agreed', madeIn: ws.cycle });
  const scenario = addScenario(doc, {
    name: SCENARIO,
    assumption: 'Two shifts on line 1 from March',
  });
  // A few percent more supply: revenue moves by a little, as real scenarios do.
  addOverride(doc, scenario, { measure: 'supply', targets: 'all', op: 'scale', value: 1.03 });
  markedGap = reconcile(ws.plan).gaps[0].id;
  setGapNote(doc, markedGap, { needsDecision: true });
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  await prepareCycle(ws, prepare, (doc) => readRecords(doc, 'decisions').records.length === 4);
  fiona = await join(browser, ws, 'facilitator', FIONA);
  frank = await join(browser, ws, 'editor', FRANK);
  vera = await join(browser, ws, 'viewer', VERA);
}, 90_000);

afterAll(async () => {
  for (const person of [fiona, frank, vera]) expect(person?.problems ?? []).toEqual([]);
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

describe('the pre-read summary', () => {
  it('shows the headline, the top gaps per kind and the decisions, on one screen', async () => {
    await openView(ws, fiona, 'stages');
    await prereadCard(fiona.page).getByRole('button', { name: 'Publish the pre-read' }).click();
    await prereadCard(fiona.page)
      .getByText(new RegExp(`^Pre-read of .* by ${FIONA.replace(/[()]/g, '\\$&')}$`))
      .waitFor();

    const expected = prereadSummary(ws.plan, reconcile(ws.plan), {
      decisions: [],
      scenarios: [],
      gapNotes: [],
    });
    for (const person of [frank, vera]) {
      await openView(ws, person, 'stages');
      await prereadCard(person.page).getByRole('button', { name: 'Open the pre-read' }).click();
      const summary = summaryOf(person.page);
      await summary.waitFor();

      // The headline, as the engine computes it for the published plan.
      const headline = summary.getByRole('definition');
      const texts = (await headline.allInnerTexts()).join(' | ');
      if (expected.budget) {
        expect(texts).toContain(format.moneyCompact(expected.budget.revenue));
        expect(texts).toContain(`of ${format.moneyCompact(expected.budget.budget)} budget`);
        expect(texts).toContain('Over the budgeted months only');
      }
      expect(texts).toContain(format.moneyCompact(expected.peakBacklog.value));
      expect(texts).toContain(format.month(expected.peakBacklog.month!));
      expect(texts).toContain(
        `of ${format.quantity(expected.overloads.resourceMonths)} resource-months`,
      );
      await summary.getByText(`Service in ${format.monthLong(expected.service.month)}`).waitFor();

      // The largest gaps of each kind, each kind apart.
      const gaps = summary.getByRole('region', { name: 'Top gaps by value' });
      for (const kind of expected.topGaps) {
        await gaps
          .getByText(
            `${format.quantity(kind.count)} ${kind.count === 1 ? 'gap' : 'gaps'} · ${format.moneyCompact(kind.value)} ${GAP_KIND_WORDS[kind.kind].valueIs}`,
          )
          .waitFor();
        for (const gap of kind.largest) {
          expect(await gaps.getByText(gap.name, { exact: true }).count()).toBeGreaterThan(0);
        }
      }

      // The decisions waiting: proposed, deferred, the draft scenario, the marked gap.
      const decisions = summary.getByRole('region', { name: /^Decisions to take/ });
      const items = await decisions.getByRole('listitem').allInnerTexts();
      expect(items).toHaveLength(5);
      expect(items[0]).toMatch(new RegExp(`^Proposed\\s+${PROPOSED}`));
      expect(items[0]).toContain('Owner Sam');
      expect(items[1]).toMatch(/^Proposed\s+Move the launch/);
      expect(items[2]).toMatch(new RegExp(`^Deferred\\s+${DEFERRED}`));
      expect(items[3]).toMatch(new RegExp(`^Draft scenario\\s+${SCENARIO}`));
      expect(items[4]).toMatch(/^Gap to decide\s+/);
      expect(items.join(' ')).not.toContain('Already agreed');

      await person.page.screenshot({ path: joinPath(SCREENSHOTS, 'preread-summary.png') });
      // One screen: the whole summary is in view as the pre-read opens.
      const area = await box(summary);
      expect(area.y).toBeGreaterThanOrEqual(0);
      expect(area.y + area.height).toBeLessThanOrEqual(800);
    }
  }, 90_000);

  it('prints the pre-read, its summary first, without the workspace around it', async () => {
    const page = frank.page;
    const summary = summaryOf(page);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await summary.isVisible()).toBe(true);
      // Nothing of the workspace prints: its navigation and header are left out.
      const nav = page.getByRole('navigation', { name: 'Views of the cycle' });
      expect(await nav.isVisible()).toBe(false);
      expect(await prereadDialog(page).getByRole('button', { name: 'Print' }).isVisible()).toBe(
        false,
      );
      // The printed pre-read starts at the top of the sheet, the summary first.
      const area = await box(summary);
      expect(area.y).toBeLessThan(120);
      await page.screenshot({
        path: joinPath(SCREENSHOTS, 'preread-print.png'),
        fullPage: true,
      });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  }, 60_000);

  it('shows a decision cut short in full on keyboard focus', async () => {
    const page = frank.page;
    const decisions = summaryOf(page).getByRole('region', { name: /^Decisions to take/ });
    const title = decisions.getByText(LONG_QUESTION, { exact: true });
    expect(
      await title.evaluate((node) => node.scrollWidth > node.clientWidth),
      'the question is cut short on screen',
    ).toBe(true);
    // Reachable with Tab while it is cut, and shown whole when it has focus.
    expect(await title.getAttribute('tabindex')).toBe('0');
    await decisions.getByText(PROPOSED, { exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await title.evaluate((node) => node === document.activeElement)).toBe(true);
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toBe(LONG_QUESTION);
    // On top of the modal dialog: the tooltip is in the top layer, opened after it.
    expect(await tooltip.evaluate((node) => node.matches(':popover-open'))).toBe(true);
    const tip = await box(tooltip);
    expect(tip.x).toBeGreaterThanOrEqual(0);
    expect(tip.x + tip.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'look-full-text.png') });
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'hidden' });
    await prereadDialog(page).getByRole('button', { name: 'Close' }).click();
  }, 60_000);
});

describe('the look', () => {
  it('gives Fiona and Frank their own initials and colours', async () => {
    await openView(ws, fiona, 'plan');
    const avatars = fiona.page.getByRole('list', { name: /here$/ });
    const fionas = avatars.locator(`li[title="${FIONA} (you), Facilitator"]`);
    const franks = avatars.locator(`li[title="${FRANK}, Editor"]`);
    await fionas.waitFor();
    await franks.waitFor();
    const initials = (avatar: Locator) => avatar.locator('[aria-hidden="true"]').innerText();
    expect(await initials(fionas)).toBe('FI');
    expect(await initials(franks)).toBe('FR');
    const colour = (avatar: Locator) =>
      avatar.evaluate((node) => getComputedStyle(node).backgroundColor);
    expect(await colour(fionas)).not.toBe(await colour(franks));
    // Every person here has a colour of their own.
    const colours = await avatars
      .getByRole('listitem')
      .evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).backgroundColor));
    expect(new Set(colours).size).toBe(colours.length);
    // Frank sees the same colours.
    await openView(ws, frank, 'plan');
    const franksView = frank.page.getByRole('list', { name: /here$/ });
    await franksView.locator(`li[title="${FIONA}, Facilitator"]`).waitFor();
    expect(await colour(franksView.locator(`li[title="${FIONA}, Facilitator"]`))).toBe(
      await colour(fionas),
    );
    const header = await box(avatars);
    await fiona.page.screenshot({
      path: joinPath(SCREENSHOTS, 'look-avatars.png'),
      clip: {
        x: Math.max(0, header.x - 200),
        y: 0,
        width: 480,
        height: header.y + header.height + 12,
      },
    });
  }, 60_000);

  it('starts a scenario bar chart near the data, and says so in words', async () => {
    const page = vera.page;
    await openView(ws, vera, 'scenarios');
    const chart = page.getByRole('img', { name: /^Revenue by plan: Baseline / });
    await chart.waitFor();
    const label = (await chart.getAttribute('aria-label')) ?? '';
    expect(label).toContain(`; ${SCENARIO} `);
    const said = label.match(
      /The axis starts at (\S+), not at zero: the bars show the differences\.$/,
    );
    expect(said, label).not.toBeNull();
    // The same words under the chart, for everyone.
    await page
      .getByText(`The axis starts at ${said![1]}, not at zero: the bars show the differences.`)
      .first()
      .waitFor();
    // Rounded, never a long figure.
    expect(said![1]).toMatch(/^€\d+(\.\d)?[KMB]$/);
    // Against budget, zero is the mark: that axis keeps it.
    const gapChart = page.getByRole('img', { name: /^Revenue vs budget by plan: / });
    expect(await gapChart.getAttribute('aria-label')).not.toContain('The axis starts at');
    const charts = page.locator('.charts');
    await charts.scrollIntoViewIfNeeded();
    // Both charts drawn: their placeholders are gone.
    await expect.poll(() => charts.locator('.placeholder').count()).toBe(0);
    await charts.screenshot({ path: joinPath(SCREENSHOTS, 'look-scenario-chart.png') });
  }, 60_000);

  it('keeps a cell’s error inside the grid on its bottom row', async () => {
    const page = fiona.page;
    const grid = page.getByRole('grid').first();
    await grid.waitFor();
    // The input cell lowest in the grid's view, brought to its very bottom edge.
    // Down the grid a little first, so there is room to bring a cell down to its edge.
    await grid.evaluate((table) => {
      table.parentElement!.scrollTop = 400;
    });
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const label = await page.evaluate(() => {
      const table = document.querySelector('[role="grid"]')!;
      const scroller = table.parentElement!;
      const view = scroller.getBoundingClientRect();
      const bottom = view.top + scroller.clientHeight;
      const inputs = [...table.querySelectorAll<HTMLElement>('td.input[aria-label]')].filter(
        (cell) => {
          const rect = cell.getBoundingClientRect();
          return rect.top >= view.top + 48 && rect.bottom <= bottom && rect.left > view.left + 200;
        },
      );
      const lowest = inputs.sort(
        (a, b) => b.getBoundingClientRect().bottom - a.getBoundingClientRect().bottom,
      )[0];
      scroller.scrollTop += lowest.getBoundingClientRect().bottom - bottom;
      return lowest.getAttribute('aria-label')!;
    });
    const cell = page.getByRole('gridcell', { name: cellPattern(cellIdentity(label)) });
    await cell.click();
    await page.keyboard.type('lots');
    await page.keyboard.press('Enter');
    const error = cell.getByRole('alert');
    await error.waitFor();
    const scroller = await box(grid.locator('xpath=..'));
    const bubble = await box(error);
    const cellBox = await box(cell);
    // The cell sits on the grid's bottom edge; its message shows above it, inside the grid.
    expect(cellBox.y + cellBox.height).toBeGreaterThan(scroller.y + scroller.height - 40);
    expect(bubble.y).toBeGreaterThanOrEqual(scroller.y);
    expect(bubble.y + bubble.height).toBeLessThanOrEqual(scroller.y + scroller.height);
    expect(bubble.x).toBeGreaterThanOrEqual(scroller.x);
    expect(bubble.x + bubble.width).toBeLessThanOrEqual(scroller.x + scroller.width);
    expect(bubble.y + bubble.height).toBeLessThanOrEqual(cellBox.y);
    await page.screenshot({
      path: joinPath(SCREENSHOTS, 'look-cell-error.png'),
      clip: {
        x: scroller.x,
        y: Math.max(0, bubble.y - 80),
        width: Math.min(scroller.width, 1280 - scroller.x),
        height: cellBox.y + cellBox.height - bubble.y + 120,
      },
    });
    await page.keyboard.press('Escape');
    await error.waitFor({ state: 'detached' });
  }, 60_000);
});
