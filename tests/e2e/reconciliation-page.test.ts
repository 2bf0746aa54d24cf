import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { GAP_KIND_LABEL, STATUS_LABEL } from '../../client/src/lib/labels.ts';
import { ROOT_DIR } from '../../server/config.ts';
import { demoPlanFile } from '../../server/demo-workspace.ts';
import { parsePlan, reconcile, type Plan, type Reconciliation } from '../../shared/engine/index.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const SCREENSHOTS = join(ROOT_DIR, 'screenshots');
const LOCALE = 'en-US';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let plan: Plan;
let result: Reconciliation;
const problems: string[] = [];
const format = () => createFormatters(plan.currency, LOCALE);

/** Collects what a person would never want to see: console errors, page errors, failed requests. */
function watch(target: Page, into: string[]): void {
  target.on('console', (message) => {
    if (message.type() === 'error') into.push(`console: ${message.text()}`);
  });
  target.on('pageerror', (error) => into.push(`page error: ${error.message}`));
  target.on('requestfailed', (request) => into.push(`request failed: ${request.url()}`));
  target.on('response', (response) => {
    if (response.status() >= 400) into.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer({ clientDir: inject('clientDir') });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: LOCALE });
  page = await context.newPage();
  watch(page, problems);
  await page.goto(`${server.url}/`);
  await page.locator('#gaps table').waitFor();

  // The test's own reconciliation of the served plan: what the page must show.
  const parsed = parsePlan(await (await fetch(`${server.url}/api/workspaces/demo/plan`)).json());
  if (!parsed.ok) throw new Error(`served plan is invalid: ${JSON.stringify(parsed.issues)}`);
  plan = parsed.plan;
  result = reconcile(plan);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the reconciliation page', () => {
  it('shows the product, the workspace and the cycle', async () => {
    const header = page.getByRole('banner');
    await expect(header.innerText()).resolves.toContain('Fulcrum');
    await expect(header.innerText()).resolves.toContain('Demo workspace');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      `S&OP cycle ${format().monthLong(plan.cycle)}`,
    );
    expect(plan.cycle).toBe('2026-12');
    await expect(header.innerText()).resolves.toContain(plan.currency);
  });

  it('summarises the horizon: gap count by kind and overloaded resource-months', async () => {
    const summary = page.getByRole('region', { name: 'Overview' });
    const metric = (label: string) =>
      summary.locator('.metric', {
        has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }),
      });
    expect(await metric('Gaps').locator('dd.value').innerText()).toBe(
      format().quantity(result.gaps.length),
    );
    const byKind = metric('Gaps').getByRole('list', { name: 'Gaps by kind' }).getByRole('listitem');
    expect(await byKind.allInnerTexts()).toEqual(
      Object.entries(GAP_KIND_LABEL).map(([kind, label]) => {
        const count = result.gaps.filter((gap) => gap.kind === kind).length;
        return expect.stringMatching(new RegExp(`^${label}\\s+${count}$`));
      }),
    );
    const overloaded = result.resources.flatMap((r) => r.rows).filter((row) => row.overload > 0);
    expect(await metric('Overloaded resource-months').locator('dd.value').innerText()).toBe(
      `${overloaded.length} of ${result.resources.length * plan.periods.length}`,
    );
  });

  it('lists every family by name, in the plan order', async () => {
    const rowHeaders = page
      .getByRole('table', { name: /Inventory status of every family/ })
      .locator('tbody th[scope="row"]');
    expect(await rowHeaders.allInnerTexts()).toEqual(plan.families.map((family) => family.name));
    for (const [index, family] of plan.families.entries()) {
      const disclosure = page.locator(`#family-${family.id} h3 button`);
      expect(await disclosure.innerText()).toContain(family.name);
      // The first family opens on load so its plan is readable without a click.
      expect(await disclosure.getAttribute('aria-expanded')).toBe(String(index === 0));
    }
  });

  it("shows each family's statuses as text, month by month, as the engine computes them", async () => {
    await page.getByRole('button', { name: 'Expand all families' }).click();
    for (const family of result.families) {
      const table = page.locator(`#family-body-${family.id} table`);
      const statuses = table
        .locator('tr', { has: page.locator('th', { hasText: /^Status$/ }) })
        .locator('td');
      const texts = (await statuses.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
      expect(texts, family.name).toEqual(family.rows.map((row) => STATUS_LABEL[row.status]));
    }
    // The demo plan has problems to show, and they read as words, not only colours.
    const everyStatus = new Set(
      result.families.flatMap((family) => family.rows.map((row) => row.status)),
    );
    expect(everyStatus.has('shortage')).toBe(true);
    await page.getByRole('button', { name: 'Collapse all families' }).click();
    expect(await page.locator('[id^="family-body-"] table').count()).toBe(0);
  });

  it('opens and closes a family with the keyboard', async () => {
    await page.getByRole('button', { name: 'Collapse all families' }).click();
    const family = plan.families[1];
    const toggle = page.locator(`#family-${family.id} button[aria-expanded]`);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const demand = page
      .locator(`#family-body-${family.id} tr`, { hasText: /^Demand/ })
      .locator('td');
    expect((await demand.allInnerTexts()).slice(0, plan.periods.length)).toEqual(
      result.families[1].rows.map((row) => format().quantity(row.demand)),
    );
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens a family from the status grid and moves focus to it', async () => {
    await page.getByRole('button', { name: 'Collapse all families' }).click();
    const family = result.families.find((f) => f.rows.some((row) => row.status === 'shortage'))!;
    await page
      .getByRole('table', { name: /Inventory status of every family/ })
      .getByRole('button', { name: family.name, exact: true })
      .click();
    const toggle = page.locator(`#family-${family.id} h3 button`);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect
      .poll(() => toggle.evaluate((element) => element === document.activeElement))
      .toBe(true);
    const statuses = await page
      .locator(`#family-body-${family.id} tr`, { has: page.locator('th', { hasText: /^Status$/ }) })
      .locator('td')
      .allInnerTexts();
    expect(statuses.map((text) => text.trim()).filter(Boolean)).toContain('Shortage');
  });

  it('shows load, capacity and utilization of every resource, overloads marked "over"', async () => {
    const table = page.getByRole('table', { name: /Load, capacity, utilization and overload/ });
    const text = await table.innerText();
    for (const resource of result.resources) {
      expect(text).toContain(resource.name);
      const group = table.locator('tbody', { hasText: resource.name });
      const cells = await group
        .locator('tr', { has: page.locator('th', { hasText: /^Utilization$/ }) })
        .locator('td')
        .allInnerTexts();
      resource.rows.forEach((row, index) => {
        const cell = cells[index].trim();
        if (row.utilization === null) return;
        expect(cell, `${resource.name} ${row.period}`).toMatch(
          new RegExp(`^${format().percent(row.utilization, 0).replace('%', '\\%')}`),
        );
        expect(cell.endsWith(' over'), `${resource.name} ${row.period}: ${cell}`).toBe(
          row.overload > 0,
        );
      });
    }
    expect(result.resources.some((resource) => resource.rows.some((row) => row.overload > 0))).toBe(
      true,
    );
  });

  it("lists the gaps in the engine's order, top 50 first, with a show-all toggle", async () => {
    const table = page.locator('#gap-table');
    const rows = table.locator('tbody tr');
    const first = result.gaps[0];
    const f = format();
    const subject =
      first.kind === 'overload'
        ? result.resources.find((resource) => resource.id === first.subject)!.name
        : result.families.find((family) => family.id === first.subject)!.name;
    const cells = (await rows.first().locator('th, td').allInnerTexts()).map((text) => text.trim());
    expect(cells).toEqual([
      '1',
      GAP_KIND_LABEL[first.kind],
      subject,
      f.month(first.period),
      expect.any(String),
      f.money(first.value),
    ]);

    expect(result.gaps.length).toBeGreaterThan(50);
    expect(await rows.count()).toBe(50);
    const showAll = page.getByRole('button', { name: `Show all ${result.gaps.length} gaps` });
    await showAll.click();
    expect(await rows.count()).toBe(result.gaps.length);
    const last = result.gaps[result.gaps.length - 1];
    const lastCells = (await rows.last().locator('td').allInnerTexts()).map((text) => text.trim());
    expect(lastCells.at(-1)).toBe(f.money(last.value));
    await page.getByRole('button', { name: 'Show top 50 only' }).click();
    expect(await rows.count()).toBe(50);
  });

  it('gives every button an accessible name and every table a name', async () => {
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button')]
        .filter((button) => !(button.getAttribute('aria-label') || button.textContent?.trim()))
        .map((button) => button.outerHTML),
    );
    expect(unnamed).toEqual([]);
    const unnamedTables = await page.evaluate(() =>
      [...document.querySelectorAll('table')]
        .filter(
          (table) => !(table.getAttribute('aria-label') || table.caption?.textContent?.trim()),
        )
        .map((table) => table.className),
    );
    expect(unnamedTables).toEqual([]);
  });

  it('renders without console errors and takes full-page screenshots at 1440 and 1024 px', async () => {
    // A fresh load, so the screenshots show the page as a person first sees it.
    const fresh = await context.newPage();
    try {
      watch(fresh, problems);
      await fresh.goto(`${server.url}/`);
      await fresh.locator('#gaps table').waitFor();
      await fresh.screenshot({ path: join(SCREENSHOTS, 'reconciliation.png'), fullPage: true });

      await fresh.setViewportSize({ width: 1024, height: 800 });
      const overflow = await fresh.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, 'horizontal overflow at 1024 px').toBe(0);
      await fresh.screenshot({
        path: join(SCREENSHOTS, 'reconciliation-1024.png'),
        fullPage: true,
      });
    } finally {
      await fresh.close();
    }
    expect(problems).toEqual([]);
  });
});

describe('the reconciliation page with a damaged plan file', () => {
  it('says which file is wrong and what is wrong with it', async () => {
    const broken = await startServer({ clientDir: inject('clientDir') });
    const brokenPage = await context.newPage();
    try {
      const file = demoPlanFile(broken.dataDir);
      await mkdir(join(broken.dataDir, 'workspaces', 'demo'), { recursive: true });
      await writeFile(file, JSON.stringify({ ...plan, demand: { F99: { [plan.periods[0]]: 5 } } }));

      await brokenPage.goto(`${broken.url}/`);
      const alert = brokenPage.getByRole('alert');
      await alert.waitFor();
      const text = await alert.innerText();
      expect(text).toContain('The plan could not be loaded (HTTP 500)');
      expect(text).toContain(file);
      expect(text).toContain('demand.F99');
      expect(text).toContain('unknown family "F99"');
      await brokenPage.screenshot({ path: join(SCREENSHOTS, 'reconciliation-error.png') });
    } finally {
      await brokenPage.close();
      await broken.close();
    }
  });
});
