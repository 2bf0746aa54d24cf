import { mkdir } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adjustDemand, readPlan, STANDARD_AGENDA } from '../../shared/doc/index.ts';
import { destroyAllClients } from '../helpers/relay.ts';
import { cell, revealCell, typeIntoCell } from '../helpers/plan-cells.ts';
import { valueAddedPlan } from '../helpers/value-added-plan.ts';
import {
  join,
  launchBrowser,
  openView,
  prepareCycle,
  SCREENSHOTS,
  startWorkspace,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * Forecast value added by step on agenda item 2 and in the stages view, on a small plan
 * whose numbers are worked out by hand (tests/helpers/value-added-plan.ts and its unit
 * test): the table per family and in total, the chart drawn, the lag each family is
 * judged at, this cycle's units at each step following an adjustment live, and a lag
 * typed into the family setup changing the table.
 */

const ITEM_2 = STANDARD_AGENDA[1].title;

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  ws = await startWorkspace({ clientDir: inject('clientDir'), seedPlan: valueAddedPlan() });
  browser = await launchBrowser();
  ana = await join(browser, ws, 'facilitator', 'Ana Ruiz', { width: 1360, height: 1000 });
  ana.page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  destroyAllClients();
  await browser?.close();
  await ws?.close();
});

/** Opens agenda item 2 in this person's page and gives its live data panel. */
async function itemTwo(person: Participant): Promise<Locator> {
  const page = person.page;
  await openView(ws, person, 'meeting');
  await page.locator('#agenda-items').getByRole('button', { name: ITEM_2 }).click();
  await expect.poll(() => page.locator('#meeting-item-title').innerText()).toBe(ITEM_2);
  const panel = page.getByRole('region', { name: /^Live data/ });
  await panel.waitFor();
  return panel;
}

/** One row of the value-added table, by the name in its heading. */
function rowOf(table: Locator, name: string): Locator {
  return table.locator('tbody tr').filter({
    has: table.page().locator('th .name').getByText(name, { exact: true }),
  });
}

/** One row of the value-added table as [WMAPE, value added] per step. */
async function stepsOf(table: Locator, name: string): Promise<string[][]> {
  return rowOf(table, name)
    .locator('td.cell')
    .evaluateAll((cells) =>
      cells.map((cell) => [
        cell.querySelector('.wmape')?.textContent?.trim() ?? '',
        cell.querySelector('.fva .num, .fva.reference')?.textContent?.trim() ?? '',
      ]),
    );
}

/** What a row's heading says under its name: the lag and the months judged. */
async function metaOf(table: Locator, name: string): Promise<string> {
  return (await rowOf(table, name).getByTestId('fva-meta').innerText()).trim();
}

/** The this-cycle table as [step, units] rows. */
async function thisCycle(scope: Locator): Promise<string[][]> {
  return scope
    .getByTestId('fva-this-cycle')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? ''),
      ),
    );
}

/** Pixels the chart has drawn (not transparent) on its canvas. */
function drawnPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
    return drawn;
  });
}

describe('forecast value added by step', () => {
  it('item 2 shows WMAPE and value added per step, per family and in total', async () => {
    const panel = await itemTwo(ana);
    const table = panel.getByTestId('fva-table');
    await table.waitFor();
    // Pooled: 3 family-months, actuals Σ 270; errors 40, 40, 20, 20, 20.
    expect(await stepsOf(table, 'Total')).toEqual([
      ['14.8%', 'reference'],
      ['14.8%', '0.0 pts'],
      ['7.4%', '+7.4 pts'],
      ['7.4%', '0.0 pts'],
      ['7.4%', '0.0 pts'],
    ]);
    expect(await metaOf(table, 'Total')).toBe('2 families · lags 1 and 2 · 3 months');
    // Garden hoses first (its adjustments added nothing): marketing undid what sales did.
    const headings = await table.locator('tbody th .name').allInnerTexts();
    expect(headings).toEqual(['Total', 'Garden hoses', 'Cordless drills']);
    expect(await metaOf(table, 'Garden hoses')).toBe('lag 2 · 1 month');
    expect(await stepsOf(table, 'Garden hoses')).toEqual([
      ['20.0%', 'reference'],
      ['20.0%', '0.0 pts'],
      ['10.0%', '+10.0 pts'],
      ['20.0%', '−10.0 pts'],
      ['20.0%', '0.0 pts'],
    ]);
    const hurt = table
      .locator('tbody tr')
      .filter({ hasText: 'Garden hoses' })
      .locator('td.cell')
      .nth(3)
      .locator('.fva');
    expect(await hurt.getAttribute('class')).toContain('tone-shortage');
    expect(await hurt.innerText()).toContain('the step made it worse');
    expect(await metaOf(table, 'Cordless drills')).toBe('lag 1 · 2 months');
    expect(await stepsOf(table, 'Cordless drills')).toEqual([
      ['13.6%', 'reference'],
      ['13.6%', '0.0 pts'],
      ['6.8%', '+6.8 pts'],
      ['4.5%', '+2.3 pts'],
      ['4.5%', '0.0 pts'],
    ]);
    const text = await panel.innerText();
    expect(text).toContain('Not judged yet');
    expect(text).toContain('Hedge trimmers (lag 3)');
  });

  it('says the lag each family is judged at, and who falls back to lag 0', async () => {
    const panel = ana.page.getByRole('region', { name: /^Live data/ });
    const lags = panel.getByTestId('accuracy-lags');
    expect(await lags.innerText()).toContain(
      'Each family is judged at its own lag (lag 0: 1 family, lag 1: 1 family, lag 2: 1 family)',
    );
    expect(await lags.innerText()).toContain(
      '1 of 3 families are judged at lag 0 for want of snapshots',
    );
    const row = panel
      .getByRole('table', { name: /Least accurate families/ })
      .locator('tbody tr')
      .filter({ hasText: 'Hedge trimmers' });
    expect(await row.innerText()).toContain('lag 0');
    expect(await row.innerText()).toContain('set 3; no snapshot yet');
  });

  it('draws the chart of WMAPE by step with what each step added', async () => {
    const panel = ana.page.getByRole('region', { name: /^Live data/ });
    const chart = panel.getByRole('img', { name: /^WMAPE by step/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain(
      '2 of 3 families, 3 family-months with an actual',
    );
    expect(await chart.getAttribute('aria-label')).toContain(
      '+ Sales 7.4% (+7.4 pts, the step helped)',
    );
    await chart.getByText('Loading chart…').waitFor({ state: 'detached' });
    await expect.poll(() => drawnPixels(chart)).toBeGreaterThan(500);
  });

  it('this cycle by step follows an adjustment as it is made', async () => {
    const panel = ana.page.getByRole('region', { name: /^Live data/ });
    expect(await thisCycle(panel)).toEqual([
      ['Baseline', '460'],
      ['+ Sales', '490'],
      ['+ Marketing', '485'],
      ['Consensus', '465'],
    ]);
    await prepareCycle(
      ws,
      (doc) =>
        adjustDemand(
          doc,
          {
            family: 'B',
            month: '2027-04',
            stream: 'sales',
            amount: 25,
            reason: 'customer order',
          },
          'Priya Prep',
        ),
      (doc) => readPlan(doc).plan.demand.B?.['2027-04'] === 75,
    );
    await expect
      .poll(() => thisCycle(panel))
      .toEqual([
        ['Baseline', '460'],
        ['+ Sales', '515'],
        ['+ Marketing', '510'],
        ['Consensus', '490'],
      ]);
    await expect
      .poll(() =>
        panel.getByRole('img', { name: /^Demand at each step/ }).getAttribute('aria-label'),
      )
      .toContain('+ Sales 515 units');
    await ana.page.evaluate(() => window.scrollTo(0, 0));
    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'value-added-item-2.png') });
  });

  it('a lag typed into the family setup judges the family anew, live for others', async () => {
    const vera = await join(browser, ws, 'viewer', 'Vera Exec', { width: 1360, height: 1000 });
    vera.page.setDefaultTimeout(15_000);
    // A viewer reads the lag but may not set it.
    await openView(ws, vera, 'plan');
    await vera.page.getByRole('heading', { name: 'Family setup' }).waitFor();
    await revealCell(vera.page, 'Forecast lag, Garden hoses');
    expect(await cell(vera.page, 'Forecast lag, Garden hoses').innerText()).toBe('2');
    expect(await cell(vera.page, 'Forecast lag, Garden hoses').getAttribute('aria-readonly')).toBe(
      'true',
    );
    const panel = await itemTwo(vera);
    const table = panel.getByTestId('fva-table');
    expect(await metaOf(table, 'Garden hoses')).toBe('lag 2 · 1 month');

    const page = ana.page;
    await openView(ws, ana, 'plan');
    await page.getByRole('heading', { name: 'Family setup' }).waitFor();
    await typeIntoCell(page, 'Forecast lag, Garden hoses', '1');
    await page
      .getByRole('region', { name: 'Family setup' })
      .screenshot({ path: joinPath(SCREENSHOTS, 'value-added-setup-lag.png') });
    // Garden hoses from January's close: 50 at every step against 50 ordered.
    await expect.poll(() => metaOf(table, 'Garden hoses')).toBe('lag 1 · 1 month');
    expect(await stepsOf(table, 'Garden hoses')).toEqual([
      ['20.0%', 'reference'],
      ['0.0%', '+20.0 pts'],
      ['0.0%', '0.0 pts'],
      ['0.0%', '0.0 pts'],
      ['0.0%', '0.0 pts'],
    ]);
    // Pooled errors 40, 30, 15, 10, 10 over 270.
    expect(await stepsOf(table, 'Total')).toEqual([
      ['14.8%', 'reference'],
      ['11.1%', '+3.7 pts'],
      ['5.6%', '+5.6 pts'],
      ['3.7%', '+1.9 pts'],
      ['3.7%', '0.0 pts'],
    ]);
    expect(await metaOf(table, 'Total')).toBe('2 families · lag 1 · 3 months');
    expect(
      await panel.getByRole('img', { name: /^WMAPE by step/ }).getAttribute('aria-label'),
    ).toContain('Baseline 11.1% (+3.7 pts, the step helped)');
    expect(await panel.getByTestId('accuracy-lags').innerText()).toContain(
      'lag 0: 1 family, lag 1: 2 families',
    );
    expect(vera.problems).toEqual([]);
    await vera.context.close();
  });

  it('the stages view shows the same in the demand review', async () => {
    const page = ana.page;
    await openView(ws, ana, 'stages');
    const section = page.getByRole('region', { name: 'Demand review: forecast value added' });
    await section.waitFor();
    const table = section.getByTestId('fva-table');
    expect(await stepsOf(table, 'Total')).toEqual([
      ['14.8%', 'reference'],
      ['11.1%', '+3.7 pts'],
      ['5.6%', '+5.6 pts'],
      ['3.7%', '+1.9 pts'],
      ['3.7%', '0.0 pts'],
    ]);
    expect((await thisCycle(section))[3]).toEqual(['Consensus', '490']);
    const chart = section.getByRole('img', { name: /^WMAPE by step/ });
    await chart.getByText('Loading chart…').waitFor({ state: 'detached' });
    await expect.poll(() => drawnPixels(chart)).toBeGreaterThan(500);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: joinPath(SCREENSHOTS, 'value-added-stage.png') });
  });

  it('shows no errors in the console', () => {
    expect(ana.problems).toEqual([]);
  });
});

describe('before any cycle has closed with its forecast frozen', () => {
  let fresh: TestWorkspace;
  let fran: Participant;

  beforeAll(async () => {
    fresh = await startWorkspace({
      clientDir: inject('clientDir'),
      seedPlan: { ...valueAddedPlan(), forecastSnapshots: undefined },
    });
    fran = await join(browser, fresh, 'facilitator', 'Fran Facilitator', {
      width: 1360,
      height: 1000,
    });
    fran.page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await fran?.context.close();
    await fresh?.close();
  });

  it('item 2 says when value added appears and what lag 0 shows meanwhile', async () => {
    const page = fran.page;
    await openView(fresh, fran, 'meeting');
    await page.locator('#agenda-items').getByRole('button', { name: ITEM_2 }).click();
    const panel = page.getByRole('region', { name: /^Live data/ });
    const empty = panel
      .getByRole('status')
      .filter({ hasText: 'Value added by step appears once a cycle has closed' });
    await empty.waitFor();
    expect(await empty.innerText()).toContain('accuracy is read at lag 0');
    expect(await panel.getByTestId('fva-table').count()).toBe(0);
    // Only Hedge trimmers has a forecast of its own month: judged at lag 0 for want.
    expect(await panel.getByTestId('accuracy-lags').innerText()).toContain(
      'The one family with points is judged at lag 0 for want of snapshots',
    );
    const wmape = panel.locator('.kpi').filter({ has: page.getByText('WMAPE', { exact: true }) });
    expect(await wmape.locator('.detail').innerText()).toBe('1 family-month, 1 family, lag 0');
    // This cycle's steps need no snapshot.
    expect((await thisCycle(panel))[0]).toEqual(['Baseline', '460']);
    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'value-added-empty.png') });
    expect(fran.problems).toEqual([]);
  });
});
