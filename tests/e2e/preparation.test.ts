import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import {
  addAction,
  addAttendance,
  readRecords,
  STANDARD_AGENDA,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { addMonths, reconcile, type Plan } from '../../shared/engine/index.ts';
import { cellName, cellText, typeIntoCell } from '../helpers/plan-cells.ts';
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
 * Preparation before the meeting, in two browser contexts against the real server: an
 * editor reports Supply chain's inputs as submitted and the facilitator sees who and
 * when; the facilitator publishes the pre-read, the editor opens it, edits the live plan
 * and the pre-read keeps the numbers it was published with; the editor marks it read
 * and the facilitator sees it; publishing again clears the reads. An action raised three
 * cycles ago is flagged on the meeting's item 10 and in its owner's Actions view.
 */

const FRAN = 'Fran Diaz';
const BEN = 'Ben Okafor';
const DANA = 'Dana Schultz';
const OLD_ACTION = 'Agree the safety stock policy for garden hoses';
const format = createFormatters('EUR', 'en-US');

let ws: TestWorkspace;
let browser: Browser;
/** The facilitator. */
let fran: Participant;
/** An editor for supply chain (their invite names it), who owns the old action. */
let ben: Participant;

const preread = (page: Page) => page.getByRole('region', { name: 'Pre-read', exact: true });
const navLink = (page: Page, view: string) =>
  page.getByRole('navigation', { name: 'Views of the cycle' }).getByRole('link', {
    name: view,
    exact: true,
  });
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const prereadDialog = (page: Page) => page.getByRole('dialog', { name: /^As published on / });

/** A family's total demand as a row of the open pre-read shows it. */
async function prereadDemand(page: Page, family: string): Promise<string> {
  const row = prereadDialog(page)
    .getByRole('table', { name: "Each family's totals in the pre-read" })
    .getByRole('row', { name: new RegExp(`^${escaped(family)} `) });
  return (await row.getByRole('cell').first().innerText()).trim();
}

function totalDemand(plan: Plan, family: string): number {
  return plan.periods.reduce((sum, month) => sum + (plan.demand[family]?.[month] ?? 0), 0);
}

/** Before anyone opens the page: an old action and someone expected at the meeting. */
function prepare(doc: CycleDoc): void {
  addAction(doc, {
    title: OLD_ACTION,
    owner: BEN,
    due: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
    status: 'open',
    raisedIn: addMonths(ws.cycle, -3),
  });
  addAttendance(doc, { name: DANA, function: 'finance', present: false });
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  await prepareCycle(ws, prepare, (doc) => readRecords(doc, 'attendance').records.length === 1);
  fran = await join(browser, ws, 'facilitator', FRAN);
  ben = await join(browser, ws, 'editor', BEN, undefined, ['supplyChain']);
}, 60_000);

afterAll(async () => {
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

describe('preparing the meeting', () => {
  it('shows each function’s input status, who set it and when, to everyone', async () => {
    await openView(ws, fran, 'stages');
    await openView(ws, ben, 'stages');
    await fran.page.getByRole('heading', { name: 'Preparation', level: 2 }).waitFor();
    await fran.page.getByText('0 of 5 functions submitted their inputs').waitFor();

    // Ben reports for his own function only.
    expect(await ben.page.getByRole('combobox', { name: 'Input status of Sales' }).count()).toBe(0);
    await ben.page.getByText('You can only do this for your own function.').first().waitFor();
    const status = ben.page.getByRole('combobox', { name: 'Input status of Supply chain' });
    await status.selectOption({ label: 'Submitted' });
    const note = ben.page.getByRole('textbox', { name: 'Note on the supply chain inputs' });
    await note.fill('Capacity for Q1 confirmed with both plants');
    await note.press('Enter');

    const seen = fran.page.getByRole('combobox', { name: 'Input status of Supply chain' });
    await expect.poll(() => seen.inputValue()).toBe('submitted');
    const line = fran.page.locator('#input-line-supplyChain');
    await expect.poll(() => line.innerText()).toMatch(/^Submitted by Ben Okafor, /);
    await expect
      .poll(() =>
        fran.page.getByRole('textbox', { name: 'Note on the supply chain inputs' }).inputValue(),
      )
      .toBe('Capacity for Q1 confirmed with both plants');
    await fran.page.getByText('1 of 5 functions submitted their inputs').waitFor();
    // The others have not reported: they read so, in words.
    expect(await fran.page.locator('#input-line-finance').innerText()).toBe('Not reported yet');
  }, 60_000);

  it('the facilitator publishes the pre-read; it keeps its numbers while the live plan moves', async () => {
    const family = ws.plan.families[0];
    const before = format.quantity(totalDemand(ws.plan, family.id));
    const gapsBefore = reconcile(ws.plan).gaps.length;

    await preread(ben.page)
      .getByText('No pre-read has been published for this cycle yet.')
      .waitFor();
    // Publishing is the facilitator's: the editor's button is disabled and says why.
    const editors = preread(ben.page).getByRole('button', { name: 'Publish the pre-read' });
    expect(await editors.isDisabled()).toBe(true);
    await preread(ben.page)
      .getByText('Only the facilitator publishes the pre-read. You joined as editor.')
      .waitFor();
    await preread(fran.page)
      .getByText(/frozen copy of the plan and its gaps as of now/)
      .waitFor();
    await preread(fran.page).getByRole('button', { name: 'Publish the pre-read' }).click();
    await preread(fran.page)
      .getByText(/^Pre-read of .* by Fran Diaz$/)
      .waitFor();

    await preread(ben.page)
      .getByText(/^Pre-read of .* by Fran Diaz$/)
      .waitFor();
    await preread(ben.page).getByRole('button', { name: 'Open the pre-read' }).click();
    const dialog = prereadDialog(ben.page);
    await dialog.waitFor();
    await dialog
      .getByText('later edits of the live plan do not change it', { exact: false })
      .waitFor();
    expect(await prereadDemand(ben.page, family.name)).toBe(before);
    await dialog
      .getByRole('heading', { name: new RegExp(`^Gaps ${format.quantity(gapsBefore)},`) })
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The live plan moves: far more demand for the first family in its third month.
    await navLink(ben.page, 'Plan').click();
    const target = cellName('Demand', family.name, ws.plan.periods[2]);
    await typeIntoCell(ben.page, target, '25000');
    await expect.poll(() => cellText(ben.page, target)).toBe('25,000');
    const live = structuredClone(ws.plan);
    (live.demand[family.id] ??= {})[ws.plan.periods[2]] = 25_000;
    expect(format.quantity(totalDemand(live, family.id))).not.toBe(before);
    expect(reconcile(live).gaps.length).not.toBe(gapsBefore);

    await navLink(ben.page, 'Stages').click();
    await preread(ben.page).getByRole('button', { name: 'Open the pre-read' }).click();
    await dialog.waitFor();
    expect(await prereadDemand(ben.page, family.name)).toBe(before);
    await dialog
      .getByRole('heading', { name: new RegExp(`^Gaps ${format.quantity(gapsBefore)},`) })
      .waitFor();
    await ben.page.screenshot({ path: joinPath(SCREENSHOTS, 'preread.png') });
  }, 90_000);

  it('the editor marks it read, and the facilitator sees who has read it and who has not', async () => {
    const dialog = prereadDialog(ben.page);
    await dialog.getByRole('button', { name: 'Mark as read' }).click();
    await dialog.getByText(/^You read it /).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await preread(ben.page)
      .getByText(/^You read it /)
      .waitFor();

    const readers = preread(fran.page).getByRole('list', { name: /^Read by/ });
    await preread(fran.page).getByText('Read by 1 of 3').waitFor();
    await expect
      .poll(() => readers.getByRole('listitem').allInnerTexts())
      .toEqual([
        expect.stringMatching(/^Dana Schultz\s+Not read yet$/),
        expect.stringMatching(/^Fran Diaz \(you\)\s+Not read yet$/),
        expect.stringMatching(/^Ben Okafor\s+Read /),
      ]);
    await fran.page.getByText(/pre-read published .*, read by 1 of 3/).waitFor();
    await fran.page.evaluate(() => window.scrollTo(0, 0));
    await fran.page.screenshot({ path: joinPath(SCREENSHOTS, 'preparation.png') });
  }, 60_000);

  it('publishing again replaces the pre-read and clears the reads, and says so', async () => {
    const card = preread(fran.page);
    await card.getByRole('button', { name: 'Publish again…' }).click();
    const confirm = card.getByRole('group', { name: 'Publish the pre-read again?' });
    await confirm.getByText(/clears the 1 read so far: everyone reads the new one/).waitFor();
    // Keep is focused: Enter never republishes by accident.
    await fran.page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await card.getByText('Read by 1 of 3').waitFor();

    await card.getByRole('button', { name: 'Publish again…' }).click();
    await confirm.getByRole('button', { name: 'Publish the new pre-read' }).click();
    await card
      .getByRole('status')
      .getByText(
        'Published again. 1 read of the earlier pre-read was cleared: everyone reads the new one.',
      )
      .waitFor();
    await card.getByText('Read by 0 of 3').waitFor();
    await preread(ben.page).getByRole('button', { name: 'Mark as read' }).waitFor();
    // The new pre-read holds the plan as it is now.
    await preread(ben.page).getByRole('button', { name: 'Open the pre-read' }).click();
    const family = ws.plan.families[0];
    const live = structuredClone(ws.plan);
    (live.demand[family.id] ??= {})[ws.plan.periods[2]] = 25_000;
    expect(await prereadDemand(ben.page, family.name)).toBe(
      format.quantity(totalDemand(live, family.id)),
    );
    await prereadDialog(ben.page).getByRole('button', { name: 'Close' }).click();
  }, 60_000);

  it('fits a tablet: the preparation stacks with nothing cut off', async () => {
    await fran.page.setViewportSize({ width: 800, height: 1000 });
    await fran.page.evaluate(() => window.scrollTo(0, 0));
    const width = await fran.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(800);
    await fran.page.screenshot({ path: joinPath(SCREENSHOTS, 'preparation-tablet.png') });
    await fran.page.setViewportSize({ width: 1280, height: 800 });
  }, 30_000);
});

describe('actions left open', () => {
  const title = STANDARD_AGENDA[9].title;

  it('flags an action raised three cycles ago on the meeting’s item 10', async () => {
    await openView(ws, fran, 'meeting');
    await fran.page.locator('#agenda-items').getByRole('button', { name: title }).click();
    const panel = fran.page.getByRole('region', { name: /^Live data/ });
    await panel.getByRole('heading', { name: /Follow-up actions/ }).waitFor();
    const row = panel.getByRole('row', { name: new RegExp(escaped(OLD_ACTION)) });
    await row.getByText('Open 3 cycles', { exact: true }).waitFor();
    expect(await row.getByText('Overdue', { exact: true }).count()).toBe(0);
    await panel.getByText('1 open, 1 open for more than two cycles').waitFor();
    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-10-flags.png') });
  }, 60_000);

  it('tells the owner in the Actions view, and shows their own first', async () => {
    await openView(ws, ben, 'actions');
    const list = ben.page.getByRole('region', { name: 'Actions', exact: true });
    const yours = list.getByRole('group', { name: 'Your actions to chase' });
    await yours.getByText('1 of yours is open for more than two cycles').waitFor();
    await list
      .getByRole('row', { name: OLD_ACTION })
      .getByText('Open 3 cycles', { exact: true })
      .waitFor();
    await yours.getByRole('button', { name: 'Show mine' }).click();
    await expect
      .poll(() =>
        list
          .getByRole('group', { name: 'Whose' })
          .getByRole('button', { name: /^Mine/ })
          .getAttribute('aria-pressed'),
      )
      .toBe('true');
    expect(await yours.getByRole('button', { name: 'Show mine' }).count()).toBe(0);
    await ben.page.screenshot({ path: joinPath(SCREENSHOTS, 'actions-mine-flags.png') });
    // Someone else owns none of it: no line for them.
    await openView(ws, fran, 'actions');
    await fran.page.getByRole('row', { name: OLD_ACTION }).waitFor();
    expect(await fran.page.getByRole('group', { name: 'Your actions to chase' }).count()).toBe(0);
  }, 60_000);

  it('showed nobody an error', () => {
    expect([...fran.problems, ...ben.problems]).toEqual([]);
  });
});
