import { mkdir } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { cell, cellText, revealCell, serverPlan } from '../helpers/plan-cells.ts';
import {
  join,
  launchBrowser,
  SCREENSHOTS,
  startWorkspace,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The plan's settings, the costs of levers and the facts of the month that is ending,
 * set in the page of real Chromium: one editor sets the fiscal year's first month, a
 * family's holding rate and its on hand and backorders; they are kept after a reload,
 * a second editor's browser shows them, the roll-over's opening stock follows the facts,
 * and a viewer reads them all with the reason they cannot change them.
 */

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
let ben: Participant;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  ws = await startWorkspace({
    clientDir: inject('clientDir'),
    plan: { families: 4, periods: 6, resources: 2 },
  });
  browser = await launchBrowser();
  ana = await join(browser, ws, 'editor', 'Ana Sales');
  ben = await join(browser, ws, 'editor', 'Ben Supply');
  for (const { page } of [ana, ben]) {
    page.setDefaultTimeout(15_000);
    await familyGrid(page).waitFor();
  }
});

afterAll(async () => {
  await browser?.close();
  await ws?.close();
});

const familyGrid = (page: Page) => page.getByRole('grid', { name: 'Plan by family and month' });
const family = () => ws.plan.families[1];
const month = () => ws.plan.periods[0];
const holdingName = () => `Holding rate, ${family().name}`;
const actualName = (header: string) => `${header}, ${family().name}, ${month()}`;
const settingsPanel = (page: Page) => page.locator('details.settings');
const fiscalYear = (page: Page) => page.getByLabel('Fiscal year starts in', { exact: true });

async function shows(page: Page, name: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, name), { timeout: 10_000 }).toBe(text);
}

/** Types into a cell as a person does: select it, type, press Enter. */
async function typeInto(page: Page, name: string, value: string): Promise<void> {
  await revealCell(page, name);
  await cell(page, name).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('textbox', { name }).count()).toBe(0);
}

/** Opens the Settings disclosure when it is closed. */
async function openSettings(page: Page): Promise<void> {
  const panel = settingsPanel(page);
  await panel.scrollIntoViewIfNeeded();
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  await fiscalYear(page).waitFor();
}

/** The opening-stock row of the family under the actuals grid, as text. */
async function openingRow(page: Page): Promise<string> {
  const table = page.getByRole('table', { name: 'What each family opens the next cycle with' });
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: family().name, exact: true }) });
  return ((await row.innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('settings, levers and the month’s facts, set in the page', () => {
  it('an editor sets them; a reload keeps them and a second browser sees them', async () => {
    const a = ana.page;
    const b = ben.page;

    await openSettings(a);
    // Unset, the field names its default.
    await expect.poll(() => fiscalYear(a).inputValue()).toBe('');
    expect(await fiscalYear(a).locator('option:checked').innerText()).toBe('January (default)');
    await fiscalYear(a).selectOption({ label: 'April' });
    await a.getByText('Fiscal year starts in set to April.').waitFor();
    expect(
      await settingsPanel(a)
        .getByRole('button', { name: 'Reset Fiscal year starts in to default' })
        .isEnabled(),
    ).toBe(true);

    // A value out of bounds is refused with the bound.
    const tolerance = a.getByLabel("Budget tolerance, % of the month's budget", { exact: true });
    await tolerance.fill('150');
    await tolerance.press('Enter');
    await a
      .getByRole('alert')
      .filter({ hasText: 'Budget tolerance must be from 0% to 100%.' })
      .waitFor();
    await tolerance.fill('');
    await tolerance.press('Enter');
    await settingsPanel(a).screenshot({ path: joinPath(SCREENSHOTS, 'plan-settings.png') });

    // A family's holding rate: empty shows the plan's setting.
    await shows(a, holdingName(), '2% plan');
    await typeInto(a, holdingName(), '3.5');
    await shows(a, holdingName(), '3.5%');
    await a
      .locator('section[aria-labelledby="setup-title"]')
      .screenshot({ path: joinPath(SCREENSHOTS, 'plan-family-setup-costs.png') });

    // The facts of the month that is ending.
    await typeInto(a, actualName('On hand (units)'), '120');
    await typeInto(a, actualName('Backorders (units)'), '30');
    await shows(a, actualName('On hand (units)'), '120');
    await shows(a, actualName('Backorders (units)'), '30');
    await expect.poll(() => openingRow(a)).toMatch(/^.+ 90 On hand − backorders/);
    // Orders against the demand this plan had for the month.
    const planned = ws.plan.demand[family().id]?.[month()] ?? 0;
    expect(planned).toBeGreaterThan(0);
    const ordered = Math.round(planned * 1.1);
    await typeInto(a, actualName('Ordered (units)'), String(ordered));
    const versus = createFormatters('EUR', 'en-US').percent((ordered - planned) / planned, 1);
    await expect
      .poll(() => openingRow(a))
      .toMatch(new RegExp(` \\+${versus.replace('.', '\\.')} —$`));
    await a
      .locator('section[aria-labelledby="actuals-title"]')
      .screenshot({ path: joinPath(SCREENSHOTS, 'plan-actuals.png') });
    // The margin budget, beside the revenue budget.
    const margin = `Margin budget, ${family().name}, ${ws.plan.periods[1]}`;
    await typeInto(a, margin, '4321');
    await shows(a, margin, '€4,321');
    await a
      .locator('section[aria-labelledby="budgets-title"]')
      .screenshot({ path: joinPath(SCREENSHOTS, 'plan-budgets.png') });
    await a
      .locator('section[aria-labelledby="resource-setup-title"]')
      .screenshot({ path: joinPath(SCREENSHOTS, 'plan-resource-setup.png') });

    // The server keeps what the plan file carries.
    await expect
      .poll(async () => {
        const plan = await serverPlan(ws);
        return [
          plan.settings?.fiscalYearStart,
          plan.families[1].holdingRate,
          plan.marginBudget?.[family().id]?.[ws.plan.periods[1]],
        ];
      })
      .toEqual([4, 0.035, 4321]);

    // A second editor's browser shows the same, live.
    await shows(b, holdingName(), '3.5%');
    await shows(b, actualName('On hand (units)'), '120');
    await shows(b, actualName('Backorders (units)'), '30');
    await shows(b, margin, '€4,321');
    await openSettings(b);
    await expect.poll(() => fiscalYear(b).inputValue()).toBe('4');

    // A reload keeps them.
    await a.reload();
    await familyGrid(a).waitFor();
    await shows(a, holdingName(), '3.5%');
    await shows(a, actualName('Backorders (units)'), '30');
    await openSettings(a);
    await expect.poll(() => fiscalYear(a).inputValue()).toBe('4');
    await expect.poll(() => openingRow(a)).toMatch(/^.+ 90 On hand − backorders/);
    expect([...ana.problems, ...ben.problems]).toEqual([]);
  });

  it('a viewer reads them with the reason, and cannot change them', async () => {
    const vera = await join(browser, ws, 'viewer', 'Vera Viewer');
    const v = vera.page;
    v.setDefaultTimeout(15_000);
    await familyGrid(v).waitFor();
    await shows(v, holdingName(), '3.5%');
    await shows(v, actualName('On hand (units)'), '120');
    expect(await cell(v, actualName('On hand (units)')).getAttribute('aria-readonly')).toBe('true');
    expect(await cell(v, holdingName()).getAttribute('aria-readonly')).toBe('true');
    const actuals = v.locator('section[aria-labelledby="actuals-title"]');
    await actuals
      .getByRole('note')
      .filter({ hasText: /^Read-only: / })
      .waitFor();

    await openSettings(v);
    expect(await fiscalYear(v).inputValue()).toBe('4');
    expect(await fiscalYear(v).isDisabled()).toBe(true);
    const tolerance = v.getByLabel("Budget tolerance, % of the month's budget", { exact: true });
    expect(await tolerance.getAttribute('readonly')).not.toBeNull();
    const note = settingsPanel(v).getByRole('note');
    expect(await note.innerText()).toMatch(/^Read-only: .+/);
    expect(
      await settingsPanel(v)
        .getByRole('button', { name: 'Reset Fiscal year starts in to default' })
        .isDisabled(),
    ).toBe(true);
    await settingsPanel(v).screenshot({ path: joinPath(SCREENSHOTS, 'plan-settings-viewer.png') });

    // Typing into a fact writes nothing.
    const target = actualName('Shipped (units)');
    await revealCell(v, target);
    await cell(v, target).click();
    await v.keyboard.type('77');
    await v.keyboard.press('Enter');
    expect(await v.getByRole('textbox', { name: target }).count()).toBe(0);
    expect(await cellText(v, target)).toBe('—');
    expect(vera.problems).toEqual([]);
  });
});
