import { mkdir } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { CHECKLIST_KEYS } from '../../shared/cycle/close-checklist.ts';
import { nextCycleId } from '../../shared/doc/index.ts';
import { cell, cellName, cellText, revealCell } from '../helpers/plan-cells.ts';
import {
  join,
  launchBrowser,
  SCREENSHOTS,
  startWorkspace,
  TEST_WORKSPACE,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * Numbers a planner can defend, in the plan grid of real Chromium: twenty nines typed
 * as demand are refused with the reason and nothing is written, 12.5 reads 12.5, a
 * pasted block writes its plausible cells and names the others, and the month a
 * roll-over adds says "No inputs yet" until someone fills one of its cells.
 */

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
const format = createFormatters('EUR', 'en-US');

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  ws = await startWorkspace({
    clientDir: inject('clientDir'),
    plan: { families: 4, periods: 6, resources: 2 },
  });
  browser = await launchBrowser();
  ana = await join(browser, ws, 'editor', 'Ana Sales');
  ana.page.setDefaultTimeout(15_000);
  await familyGrid(ana.page).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await ws?.close();
});

const familyGrid = (page: Page) => page.getByRole('grid', { name: 'Plan by family and month' });
const demandName = (family: number, month: number) =>
  cellName('Demand', ws.plan.families[family].name, ws.plan.periods[month]);

async function shows(page: Page, name: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, name), { timeout: 10_000 }).toBe(text);
}

async function select(page: Page, name: string): Promise<void> {
  await revealCell(page, name);
  await cell(page, name).click();
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

describe('plausible numbers in the plan grid', () => {
  it('refuses twenty nines typed as demand, keeps the text and the old value', async () => {
    const page = ana.page;
    const target = demandName(1, 2);
    const old = ws.plan.demand[ws.plan.families[1].id]?.[ws.plan.periods[2]] ?? 0;
    await shows(page, target, format.input(old));
    await select(page, target);
    await page.keyboard.type('99999999999999999999');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'largest number a plan takes' });
    await expect
      .poll(() => alert.textContent())
      .toBe(
        '100,000,000,000,000,000,000 is above the largest number a plan takes, 1,000,000,000,000.',
      );
    // The editor stays open with what was typed, marked invalid and tied to the message.
    const editor = page.getByRole('textbox', { name: target });
    expect(await editor.inputValue()).toBe('99999999999999999999');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    expect(await editor.getAttribute('aria-errormessage')).toBe(await alert.getAttribute('id'));
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'plausible-input-refused.png') });

    await page.keyboard.press('Escape');
    await shows(page, target, format.input(old));
  });

  it('refuses a demand a thousand times the row, with the family named', async () => {
    const page = ana.page;
    const family = ws.plan.families[0];
    const row = ws.plan.demand[family.id] ?? {};
    const largestOther = Math.max(
      ...ws.plan.periods.filter((_, i) => i !== 1).map((month) => row[month] ?? 0),
    );
    expect(largestOther).toBeGreaterThan(0);
    const target = demandName(0, 1);
    await select(page, target);
    const typed = String(largestOther * 1000 + 1);
    await page.keyboard.type(typed);
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'check the number' }).textContent())
      .toBe(
        `${format.input(Number(typed))} is more than 1,000 times the largest other ${family.name} demand (${format.input(largestOther)}): check the number.`,
      );
    await page.keyboard.press('Escape');
    await shows(page, target, format.input(row[ws.plan.periods[1]] ?? 0));
  });

  it('shows 12.5 as typed', async () => {
    const page = ana.page;
    const target = demandName(2, 3);
    await select(page, target);
    await page.keyboard.type('12.5');
    await page.keyboard.press('Enter');
    await shows(page, target, '12.5');
  });

  it('pastes the plausible cells of a block and names the refused ones', async () => {
    const page = ana.page;
    const family = ws.plan.families[3];
    await select(page, demandName(3, 0));
    await paste(page, '40\t2000000000000\t60\n');
    const message = page.getByRole('alert').filter({ hasText: 'not pasted' });
    await expect
      .poll(() => message.locator('p').textContent())
      .toBe(
        `2 of 3 cells were pasted; 1 cell was not pasted. Demand of ${family.name}, ${format.month(ws.plan.periods[1])}: 2,000,000,000,000 is above the largest number a plan takes, 1,000,000,000,000.`,
      );
    await shows(page, demandName(3, 0), '40');
    await shows(page, demandName(3, 2), '60');
    await shows(
      page,
      demandName(3, 1),
      format.input(ws.plan.demand[family.id]?.[ws.plan.periods[1]] ?? 0),
    );
    await message.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('flags the month a roll-over adds "No inputs yet" until one of its cells is filled', async () => {
    const page = ana.page;
    const next = nextCycleId(ws.cycle);
    const token = new URL(ws.inviteUrl('facilitator', 'Fran Facilitator')).searchParams.get(
      'token',
    );
    const rolled = await fetch(
      `${ws.url}/api/workspaces/${TEST_WORKSPACE}/cycles/${ws.cycle}/next`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        // The demo cycle leaves items open: starting anyway acknowledges them.
        body: JSON.stringify({ acknowledge: [...CHECKLIST_KEYS] }),
      },
    );
    expect(rolled.status).toBe(200);
    const added = ws.plan.periods.length > 0 ? nextCycleId(ws.plan.periods.at(-1)!) : '';

    await page.goto(`${ws.url}/w/${TEST_WORKSPACE}/${next}/plan`);
    await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
    const grid = familyGrid(page);
    await grid.waitFor();
    const header = grid.getByRole('columnheader', { name: /No inputs yet/ });
    await expect.poll(() => header.count()).toBe(1);
    expect(await header.getAttribute('title')).toBe(format.monthLong(added));
    expect(
      await header.evaluate(
        (element) =>
          document.getElementById(element.getAttribute('aria-describedby')!)?.textContent,
      ),
    ).toBe(
      `No inputs yet: no family has demand or supply and no resource has capacity in ${format.monthLong(added)}. Its zeros are not a plan.`,
    );
    // Only that month: the others carried their inputs over.
    expect(await grid.getByRole('columnheader').filter({ hasText: 'No inputs yet' }).count()).toBe(
      1,
    );
    const capacityHeader = page
      .getByRole('grid', { name: 'Capacity by resource and month' })
      .getByRole('columnheader', { name: /No inputs yet/ });
    await expect.poll(() => capacityHeader.count()).toBe(1);
    await header.scrollIntoViewIfNeeded();
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'plausible-input-no-inputs-yet.png') });

    const target = cellName('Demand', ws.plan.families[0].name, added);
    await select(page, target);
    await page.keyboard.type('300');
    await page.keyboard.press('Enter');
    await shows(page, target, '300');
    await expect.poll(() => header.count()).toBe(0);
    await expect.poll(() => capacityHeader.count()).toBe(0);
    expect(ana.problems).toEqual([]);
  });
});
