import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../../server/sync/protocol.ts';
import { adjustDemand } from '../../shared/doc/index.ts';
import { isAdjusted } from '../../shared/engine/demand-streams.ts';
import { closeOf, connectClient, openRawSocket, synced, testToken } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  openView,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';
import { cellPattern } from '../helpers/plan-cells.ts';

/**
 * Each function's view of demand, in Chromium against the real server: a sales editor
 * and a marketing editor adjust the same family-month at once, each in their own
 * stream, from the grid's breakdown; both adjustments stay, a third person sees the
 * consensus move in the grid (marked as adjusted) and the breakdown says who adjusted
 * what and why, and the demand review's "this cycle by step" follows. The relay refuses
 * the marketing editor's write of the sales stream, whatever the page would allow.
 */

let ws: TestWorkspace;
let browser: Browser;
let sam: Participant;
let mia: Participant;
let fran: Participant;
let family: { id: string; name: string };
let month: string;
let baseline: number;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  [sam, mia, fran] = await Promise.all([
    join(browser, ws, 'editor', 'Sam Sales', undefined, ['sales']),
    join(browser, ws, 'editor', 'Mia Marketing', undefined, ['marketing']),
    join(browser, ws, 'facilitator', 'Fran Facilitator'),
  ]);
  for (const person of [sam, mia, fran]) person.page.setDefaultTimeout(15_000);
  // A family-month of the first family nobody adjusted yet (the demo plan may hold some).
  const plan = ws.plan;
  family = plan.families[0];
  month = plan.periods.slice(1).find((m) => !isAdjusted(plan, family.id, m)) ?? plan.periods[0];
  baseline = plan.demand[family.id]?.[month] ?? 0;
}, 90_000);

afterAll(async () => {
  await closeWorkspaceSuite(ws, browser);
});

/** The demand cell of the family-month in a person's grid. */
function demandCell(page: Page): Locator {
  return page.getByRole('gridcell', { name: cellPattern(`Demand, ${family.name}, ${month}`) });
}

/** The number a grid cell shows (not its button or the words of its mark). */
async function cellUnits(cell: Locator): Promise<number> {
  return units(await cell.locator('span').first().textContent());
}

/** A number as the page shows it (`1,234`), read back. */
function units(text: string | null): number {
  return Number((text ?? '').replace(/[,\s]/g, '').replace('−', '-'));
}

/** Opens the family-month's breakdown from the grid with Alt+Enter. */
async function openBreakdown(page: Page): Promise<Locator> {
  const cell = demandCell(page);
  await cell.click();
  await page.keyboard.press('Alt+Enter');
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: new RegExp(`^${family.name}, `) }).waitFor();
  return dialog;
}

/** Fills the person's own stream in the open breakdown, without saving. */
async function fillStream(
  dialog: Locator,
  stream: string,
  amount: string,
  reason: string,
  note: string,
): Promise<Locator> {
  const form = dialog.getByRole('form', { name: `Your ${stream} adjustment` });
  await form.getByRole('textbox', { name: /^Units, / }).fill(amount);
  await form.getByRole('combobox', { name: 'Reason' }).selectOption(reason);
  await form.getByRole('textbox', { name: 'Note (optional)' }).fill(note);
  return form.getByRole('button', { name: `Save ${stream}` });
}

/** The units of each step of the demand review's "this cycle by step" table, by label. */
async function stepsThisCycle(page: Page): Promise<Map<string, number>> {
  const table = page.getByTestId('fva-this-cycle').first();
  await table.waitFor();
  const rows = await table.locator('tbody tr').all();
  const steps = new Map<string, number>();
  for (const row of rows) {
    const label = (await row.locator('th').textContent())?.trim() ?? '';
    steps.set(label, units(await row.locator('td').first().textContent()));
  }
  return steps;
}

/**
 * Sends, over a raw socket signed as `name` with `functions` (not through a page), the
 * update `write` makes on a synced copy of the cycle; resolves how the relay closed it,
 * or 'open' when it kept the socket open for 1.5 s.
 */
async function sendRaw(
  name: string,
  functions: readonly ('sales' | 'marketing')[],
  write: (doc: Y.Doc) => void,
): Promise<{ code: number; reason: string } | 'open'> {
  const syncUrl = `ws://127.0.0.1:${ws.port}/sync/${TEST_WORKSPACE}`;
  const token = testToken('editor', { workspace: TEST_WORKSPACE, name, functions });
  const reader = connectClient(syncUrl, ws.cycle, { token });
  await synced(reader);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(reader.doc));
  reader.destroy();
  const before = Y.encodeStateVector(copy);
  write(copy);
  const socket = await openRawSocket(`${syncUrl}/${ws.cycle}?token=${token}`);
  const closed = closeOf(socket);
  socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(copy, before)));
  const outcome = await Promise.race([
    closed,
    new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 1500)),
  ]);
  socket.close();
  copy.destroy();
  return outcome;
}

describe('demand as each function’s stream, in the grid', () => {
  it('keeps a sales and a marketing adjustment made at once, and shows who and why', async () => {
    await Promise.all([
      openView(ws, sam, 'plan'),
      openView(ws, mia, 'plan'),
      openView(ws, fran, 'stages'),
    ]);
    const before = await stepsThisCycle(fran.page);

    // Each editor opens the same family-month's breakdown: their own stream is theirs to
    // change, the other function's is read only, with the rule in words.
    const [samDialog, miaDialog] = await Promise.all([
      openBreakdown(sam.page),
      openBreakdown(mia.page),
    ]);
    const marketingForSam = samDialog.getByRole('region', { name: 'Marketing' });
    await marketingForSam.getByText('You can only do this for your own function.').waitFor();
    expect(await marketingForSam.getByRole('form').count()).toBe(0);
    await samDialog
      .getByRole('region', { name: 'Consensus set by hand' })
      .getByText('Only the facilitator sets the consensus by hand. You joined as editor.')
      .waitFor();

    // Both fill in, then save at the same moment.
    const samSave = await fillStream(
      samDialog,
      'sales',
      '+20',
      'customer order',
      'Big retailer order',
    );
    const miaSave = await fillStream(miaDialog, 'marketing', '-5', 'promotion', 'Campaign moved');
    await Promise.all([samSave.click(), miaSave.click()]);

    // Both stay, each in its own stream, and each person sees the other's while open.
    const consensus = baseline + 15;
    for (const dialog of [samDialog, miaDialog]) {
      const shown = dialog.getByTestId('streams-consensus');
      await expect.poll(async () => units(await shown.textContent())).toBe(consensus);
      await dialog.getByRole('region', { name: 'Sales' }).getByText('Sam Sales').waitFor();
      await dialog.getByRole('region', { name: 'Marketing' }).getByText('Mia Marketing').waitFor();
    }
    // The marketing editor sees the sales stream read only, and why.
    await miaDialog
      .getByRole('region', { name: 'Sales' })
      .getByText('You can only do this for your own function.')
      .waitFor();
    await mia.page.screenshot({ path: joinPath(SCREENSHOTS, 'demand-streams-marketing.png') });
    await samDialog.getByRole('button', { name: 'Close the breakdown' }).click();
    await miaDialog.getByRole('button', { name: 'Close the breakdown' }).click();

    // A third person: the grid shows the consensus, marked as adjusted in words.
    await openView(ws, fran, 'plan');
    const cell = demandCell(fran.page);
    await cell.waitFor();
    await expect.poll(async () => cellUnits(cell)).toBe(consensus);
    expect(await cell.getAttribute('data-mark')).toBe('adjusted');
    const describedBy = (await cell.getAttribute('aria-describedby')) ?? '';
    const markId = describedBy.split(' ').find((id) => id.endsWith('-mark')) ?? '';
    expect(markId).not.toBe('');
    expect(await fran.page.locator(`[id="${markId}"]`).textContent()).toBe(
      'adjusted: sales +20, marketing −5',
    );
    await cell.scrollIntoViewIfNeeded();
    await cell.hover();
    await cell.locator('span').first().waitFor({ state: 'visible' });
    await fran.page.screenshot({ path: joinPath(SCREENSHOTS, 'demand-streams-grid.png') });

    // Its breakdown, opened with the mouse, says who adjusted what and why.
    await cell.click({ button: 'right' });
    const dialog = fran.page.getByRole('dialog');
    await dialog.getByRole('heading', { name: new RegExp(`^${family.name}, `) }).waitFor();
    const base = baseline.toLocaleString('en-US');
    await dialog
      .getByText(
        `baseline ${base} + sales 20 − marketing 5 = ${consensus.toLocaleString('en-US')}`,
        { exact: true },
      )
      .waitFor();
    // Who adjusted what and why, in each stream's facts (the facilitator may change any).
    const sales = dialog.getByRole('region', { name: 'Sales' });
    await sales.getByText('+20', { exact: true }).waitFor();
    expect(await sales.getByRole('definition').allTextContents()).toEqual([
      expect.stringContaining('Sam Sales'),
      'Customer order',
      'Big retailer order',
      expect.any(String),
    ]);
    const marketing = dialog.getByRole('region', { name: 'Marketing' });
    await marketing.getByText('−5', { exact: true }).waitFor();
    expect(await marketing.getByRole('definition').allTextContents()).toEqual([
      expect.stringContaining('Mia Marketing'),
      'Promotion',
      'Campaign moved',
      expect.any(String),
    ]);
    // The facilitator may set the consensus by hand.
    await dialog.getByRole('form', { name: 'Set the consensus by hand' }).waitFor();
    await fran.page.screenshot({ path: joinPath(SCREENSHOTS, 'demand-streams-breakdown.png') });
    await dialog.getByRole('button', { name: 'Close the breakdown' }).click();

    // Typing into the adjusted cell opens its breakdown instead, and says why.
    await demandCell(sam.page).click();
    await sam.page.keyboard.press('7');
    const reopened = sam.page.getByRole('dialog');
    await reopened
      .getByRole('note')
      .getByText(/is the consensus of its streams: change it in a stream, with a reason/)
      .waitFor();
    // The focus is on the person's own stream, ready to type the change.
    const own = reopened
      .getByRole('form', { name: 'Your sales adjustment' })
      .getByRole('textbox', { name: /^Units, / });
    await expect.poll(() => own.evaluate((node) => node === document.activeElement)).toBe(true);
    await reopened.getByRole('button', { name: 'Close the breakdown' }).click();
    expect(await cellUnits(demandCell(sam.page))).toBe(consensus);

    // The relay refuses the marketing editor writing the sales stream, page or not.
    const forged = await sendRaw('Mia Marketing', ['marketing'], (doc) =>
      adjustDemand(
        doc,
        { family: family.id, month, stream: 'sales', amount: 500, reason: 'customer order' },
        'Mia Marketing',
      ),
    );
    expect(forged).toEqual({
      code: 4403,
      reason: 'this change was refused: You can only do this for your own function.',
    });
    expect(await cellUnits(cell)).toBe(consensus);

    // Each function's input status says what its stream holds this cycle.
    await openView(ws, fran, 'stages');
    const salesInputs = fran.page.getByTestId('adjustments-sales');
    await expect
      .poll(async () => (await salesInputs.textContent())?.trim())
      .toMatch(new RegExp(`family-months? in .*${family.name}.*; last by Sam Sales `));
    expect((await fran.page.getByTestId('adjustments-marketing').textContent())?.trim()).toMatch(
      new RegExp(`family-months? in .*${family.name}.*; last by Mia Marketing `),
    );
    expect((await fran.page.getByTestId('adjustments-finance').textContent())?.trim()).toBe(
      'Adjusts no demand',
    );
    await salesInputs.scrollIntoViewIfNeeded();
    await fran.page.screenshot({ path: joinPath(SCREENSHOTS, 'demand-streams-inputs.png') });

    // The demand review's units at each step follow both adjustments.
    await expect
      .poll(async () => {
        const after = await stepsThisCycle(fran.page);
        return [...after].map(([label, value]) => [label, value - (before.get(label) ?? 0)]);
      })
      .toEqual([
        ['Baseline', 0],
        ['+ Sales', 20],
        ['+ Marketing', 15],
        ['Consensus', 15],
      ]);
    await fran.page.getByTestId('fva-this-cycle').first().scrollIntoViewIfNeeded();
    await fran.page.screenshot({ path: joinPath(SCREENSHOTS, 'demand-streams-fva.png') });

    for (const person of [sam, mia, fran]) {
      expect(person.problems.filter((problem) => !problem.includes('WebSocket'))).toEqual([]);
    }
  }, 120_000);

  // Goes on from the adjustments above (sales +20, marketing −5).
  it('lets the facilitator set the consensus by hand and choose the streams', async () => {
    const consensus = baseline + 15;
    await Promise.all([openView(ws, fran, 'plan'), openView(ws, sam, 'plan')]);
    const samCell = demandCell(sam.page);
    await expect.poll(async () => cellUnits(samCell)).toBe(consensus);

    // By hand, with a reason: the grid marks it so for everyone, the sum stays beside it.
    await demandCell(fran.page).click();
    await fran.page.keyboard.press('Alt+Enter');
    const dialog = fran.page.getByRole('dialog');
    const form = dialog.getByRole('form', { name: 'Set the consensus by hand' });
    await form.getByRole('textbox', { name: 'Consensus, units' }).fill('400');
    await form.getByRole('button', { name: 'Set consensus' }).click();
    await form.getByText('Choose a reason.').waitFor();
    await form.getByRole('combobox', { name: 'Reason' }).selectOption('one-off event');
    await form.getByRole('button', { name: 'Set consensus' }).click();
    await dialog
      .getByText(
        `set by hand to 400 by Fran Facilitator (the streams give baseline ${baseline.toLocaleString('en-US')} + sales 20 − marketing 5 = ${consensus.toLocaleString('en-US')})`,
      )
      .waitFor();
    await expect.poll(async () => cellUnits(samCell)).toBe(400);
    expect(await samCell.getAttribute('data-mark')).toBe('override');
    await samCell.hover();
    await sam.page.screenshot({ path: joinPath(SCREENSHOTS, 'demand-streams-override.png') });
    await form.getByRole('button', { name: 'Back to the sum' }).click();
    await expect.poll(async () => cellUnits(samCell)).toBe(consensus);
    expect(await samCell.getAttribute('data-mark')).toBe('adjusted');
    await dialog.getByRole('button', { name: 'Close the breakdown' }).click();

    // Only the facilitator chooses the streams; the order is the order they add up in.
    const settingsOf = async (page: Page) => {
      await page.getByText('Settings', { exact: true }).click();
      const region = page.getByRole('region', { name: 'Demand streams' });
      await region.waitFor();
      return region;
    };
    const samSettings = await settingsOf(sam.page);
    await samSettings.getByText('Only the facilitator chooses the demand streams.').waitFor();
    expect(await samSettings.getByRole('button', { name: 'Move Marketing up' }).isDisabled()).toBe(
      true,
    );
    await samSettings.scrollIntoViewIfNeeded();
    await sam.page.screenshot({ path: joinPath(SCREENSHOTS, 'demand-streams-settings.png') });
    const franSettings = await settingsOf(fran.page);
    await franSettings.getByRole('button', { name: 'Move Marketing up' }).click();
    await expect
      .poll(async () => (await samSettings.getByRole('listitem').allTextContents()).join(' | '))
      .toMatch(/^\s*1\. Marketing.*\|\s*2\. Sales/);
    const markId = ((await samCell.getAttribute('aria-describedby')) ?? '')
      .split(' ')
      .find((id) => id.endsWith('-mark'));
    await expect
      .poll(() => sam.page.locator(`[id="${markId}"]`).textContent())
      .toBe('adjusted: marketing −5, sales +20');
    await franSettings.getByRole('button', { name: 'Move Marketing down' }).click();
    await expect
      .poll(() => sam.page.locator(`[id="${markId}"]`).textContent())
      .toBe('adjusted: sales +20, marketing −5');
    for (const person of [sam, fran]) {
      expect(person.problems.filter((problem) => !problem.includes('WebSocket'))).toEqual([]);
    }
  }, 120_000);
});
