import { readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import type { Plan } from '../../shared/engine/index.ts';
import { previewCsvImport } from '../../shared/import/csv-plan.ts';
import { cellName, cellText, demandOf, serverPlan } from '../helpers/plan-cells.ts';
import {
  closeWorkspaceSuite,
  join,
  SCREENSHOTS,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * CSV import and export in the plan view, in real Chromium against the real server and
 * relay: a file with an unknown family is refused with the problem named by row and
 * column and nothing written; a good file previews before and after, imports as one
 * step that a second person sees, and one undo takes it all back; the demand CSV and
 * the plan file download, and the CSV imports again with nothing to change.
 */

const format = createFormatters('EUR', 'en-US');
const SLOW = 90_000;

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
let ben: Participant;
let plan: Plan;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  plan = ws.plan;
  ana = await join(browser, ws, 'editor', 'Ana Planner');
  ben = await join(browser, ws, 'editor', 'Ben Supply');
  for (const { page } of [ana, ben]) await familyGrid(page).waitFor();
});

afterAll(async () => {
  for (const person of [ana, ben]) expect(person?.problems ?? []).toEqual([]);
  await closeWorkspaceSuite(ws, browser);
});

const familyGrid = (page: Page) => page.getByRole('grid', { name: 'Plan by family and month' });
const importDialog = (page: Page) =>
  page.getByRole('dialog', { name: 'Import numbers from a CSV file' });
const demandCell = (family: number, month: number) =>
  cellName('Demand', plan.families[family].name, plan.periods[month]);

/** Opens the import dialog and chooses the measure. */
async function openImport(page: Page, measure: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Import CSV…' }).click();
  const dialog = importDialog(page);
  await dialog.waitFor();
  await dialog.getByLabel('Measure').selectOption({ label: measure });
  return dialog;
}

/** Chooses a file as a person does in the file picker. */
async function chooseFile(dialog: Locator, name: string, text: string): Promise<void> {
  await dialog.getByLabel('Choose a CSV file…').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(text, 'utf8'),
  });
}

/** The table rows of a region as arrays of cell texts. */
async function tableRows(region: Locator): Promise<string[][]> {
  return region
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText.trim()),
      ),
    );
}

/** The dialog in a screenshot: the page behind it, dimmed, as a person sees it. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: joinPath(SCREENSHOTS, name) });
}

async function shows(page: Page, name: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, name), { timeout: 15_000 }).toBe(text);
}

describe('importing a CSV file into the plan', () => {
  it(
    'refuses a file with an unknown family: the problem is named by row and column, nothing is written',
    async () => {
      const page = ana.page;
      const before = await cellText(page, demandCell(0, 1));
      expect(before).toBe(format.quantity(demandOf(plan, plan.families[0].id, plan.periods[1])));

      const dialog = await openImport(page, 'Demand');
      const [m0, m1, m2] = plan.periods;
      await chooseFile(
        dialog,
        'demand-with-a-typo.csv',
        [
          `family,${m0},${m1},${m2}`,
          `${plan.families[0].name},1500,1600,1700`,
          `Cordless drils XL,10,20,30`,
          `${plan.families[1].id},800,,900`,
        ].join('\r\n'),
      );

      const problems = dialog.getByRole('region', { name: 'Problems in the file' });
      await problems.waitFor();
      expect(await tableRows(problems)).toEqual([
        [
          '3',
          'family',
          '"Cordless drils XL" is not a family of this plan (use its id or its exact name)',
        ],
      ]);
      const importButton = dialog.getByRole('button', { name: /^Import( \d+ changes?)?$/ });
      await expect.poll(() => importButton.textContent()).toBe('Import 5 changes');
      expect(await importButton.isDisabled()).toBe(true);
      await dialog.getByText('1 problem', { exact: true }).waitFor();
      await screenshot(page, 'csv-import-errors.png');
      // At tablet width the dialog still fits, its tables scroll inside it.
      await page.setViewportSize({ width: 800, height: 1024 });
      await screenshot(page, 'csv-import-errors-tablet.png');
      await page.setViewportSize({ width: 1280, height: 800 });

      // Choosing to skip the problem would allow the import; the person does not.
      const skip = dialog.getByRole('checkbox', {
        name: 'Import only the valid rows (skip 1 row)',
      });
      await skip.check();
      expect(await importButton.isEnabled()).toBe(true);
      await skip.uncheck();
      expect(await importButton.isDisabled()).toBe(true);

      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await cellText(page, demandCell(0, 1))).toBe(before);
      expect(demandOf(await serverPlan(ws), plan.families[0].id, m1)).toBe(
        demandOf(plan, plan.families[0].id, m1),
      );
    },
    SLOW,
  );

  it(
    'previews a good file, imports it as one step a second person sees, and one undo takes it back',
    async () => {
      const page = ana.page;
      const [m0, m1, m2] = plan.periods;
      const [a, b] = plan.families;
      // One row per cell; one value is what the plan already has.
      const unchanged = demandOf(plan, b.id, m2);
      const text = [
        'Family;Month;Value',
        `${a.name};${m0};2100`,
        `${a.name};${m1};2200.5`,
        `${a.name};${m2};2300`,
        `${b.id};${m0};0`,
        `${b.id};${m1};1 250`,
        `${b.id};${m2};${unchanged}`,
      ].join('\n');
      const dialog = await openImport(page, 'Demand');
      await chooseFile(dialog, 'demand-january.csv', text);

      const summary = dialog.getByRole('region', { name: 'What the file changes' });
      await summary.getByText('One row per cell').waitFor();
      expect((await summary.innerText()).replace(/\s+/g, ' ')).toContain(
        '5 changes 1 unchanged No problems',
      );
      const changes = dialog.getByRole('region', { name: 'Changes', exact: true });
      const rows = await tableRows(changes);
      const before = (family: string, month: string) =>
        format.quantity(demandOf(plan, family, month));
      expect(rows[0]).toEqual([
        a.name,
        format.month(m0),
        before(a.id, m0),
        '2,100',
        expect.stringMatching(/^[+−][\d,]+$/),
        '2',
      ]);
      expect(rows[1].slice(0, 4)).toEqual([a.name, format.month(m1), before(a.id, m1), '2,200.5']);
      expect(rows[4].slice(0, 4)).toEqual([b.name, format.month(m1), before(b.id, m1), '1,250']);
      expect(rows).toHaveLength(5);
      await screenshot(page, 'csv-import-preview.png');

      await dialog.getByRole('button', { name: 'Import 5 changes' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page
        .getByRole('status')
        .getByText('Imported 5 values of demand. Undo takes the whole import back.')
        .waitFor();

      const expected: [number, number, string][] = [
        [0, 0, '2,100'],
        [0, 1, '2,200.5'],
        [0, 2, '2,300'],
        [1, 0, '0'],
        [1, 1, '1,250'],
      ];
      for (const person of [ana, ben]) {
        for (const [family, month, value] of expected) {
          await shows(person.page, demandCell(family, month), value);
        }
      }
      await expect
        .poll(async () => (await serverPlan(ws)).demand[a.id][m1], { timeout: 10_000 })
        .toBe(2200.5);

      // Ctrl+Z (the focus is back on the Import button) undoes the whole import at once.
      await page.keyboard.press('Control+z');
      for (const person of [ana, ben]) {
        for (const [family, month] of expected) {
          const id = plan.families[family].id;
          await shows(
            person.page,
            demandCell(family, month),
            format.quantity(demandOf(plan, id, plan.periods[month])),
          );
        }
      }
      const after = await serverPlan(ws);
      await expect
        .poll(async () => (await serverPlan(ws)).demand, { timeout: 10_000 })
        .toEqual(plan.demand);
      expect(after.supply).toEqual(plan.supply);
    },
    SLOW,
  );
  it(
    'reads pasted text and a dropped file, a measure column naming each row',
    async () => {
      const page = ana.page;
      const [m0, m1] = plan.periods;
      const family = plan.families[2];
      const supply = plan.supply[family.id]?.[m0] ?? 0;
      const dialog = await openImport(page, 'Demand');
      await dialog.getByRole('button', { name: 'paste CSV text' }).click();
      await dialog
        .getByLabel('CSV text')
        .fill(
          [
            `family,measure,${m0},${m1}`,
            `${family.name},Supply,${supply + 10},`,
            `${family.name},Projected inventory,1,2`,
          ].join('\n'),
        );
      const summary = dialog.getByRole('region', { name: 'What the file changes' });
      await summary.getByText('Measures named in the file').waitFor();
      expect((await summary.innerText()).replace(/\s+/g, ' ')).toContain(
        'Pasted text · One row per family, a column per month · Measures named in the file 1 change 0 unchanged No problems',
      );
      await summary.getByText('1 row of what the plan computes', { exact: false }).waitFor();
      const changes = dialog.getByRole('region', { name: 'Changes', exact: true });
      expect((await tableRows(changes))[0].slice(0, 5)).toEqual([
        'Supply',
        family.name,
        format.month(m0),
        format.quantity(supply),
        format.quantity(supply + 10),
      ]);

      await screenshot(page, 'csv-import-paste.png');

      // A file dropped on the dialog replaces the pasted text.
      await dialog.evaluate((element, text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
        for (const type of ['dragover', 'drop']) {
          element.dispatchEvent(
            new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
          );
        }
      }, `family,month,value\n${family.id},${m1},-3`);
      await summary.getByText('dropped.csv').waitFor();
      const problems = dialog.getByRole('region', { name: 'Problems in the file' });
      expect(await tableRows(problems)).toEqual([
        ['2', 'value', '-3 is negative: values must be 0 or more'],
      ]);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect((await serverPlan(ws)).supply).toEqual(plan.supply);
    },
    SLOW,
  );
  it(
    'names a row given three times once, with its rows, and a short row by its count',
    async () => {
      const page = ana.page;
      const [m0, m1] = plan.periods;
      const [family, other] = plan.families;
      const dialog = await openImport(page, 'Supply');
      await dialog.getByRole('button', { name: 'paste CSV text' }).click();
      await dialog
        .getByLabel('CSV text')
        .fill(
          [
            `family,${m0},${m1}`,
            `${family.id},1,2`,
            `${other.id},3,4`,
            `${family.id},5,6`,
            `${other.id},7`,
            `${family.id},8,9`,
          ].join('\n'),
        );
      const problems = dialog.getByRole('region', { name: 'Problems in the file' });
      await problems.waitFor();
      expect(await tableRows(problems)).toEqual([
        [
          '2, 4 and 6',
          '—',
          `${family.name}, ${m0} to ${m1} are given on more than one row: keep one of these rows`,
        ],
        [
          '5',
          '—',
          'this row has 2 values but the header has 3 columns: give every column its value, or leave it empty between delimiters',
        ],
      ]);
      await dialog.getByText('2 problems', { exact: true }).waitFor();
      await dialog
        .getByRole('checkbox', { name: 'Import only the valid rows (skip 4 rows)' })
        .waitFor();
      await screenshot(page, 'csv-import-problems.png');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
    },
    SLOW,
  );
});

describe('exporting the plan', () => {
  it(
    'downloads the demand CSV, which imports again with nothing to change, and the plan file',
    async () => {
      const page = ana.page;
      await page.setViewportSize({ width: 800, height: 1024 });
      await page.getByRole('button', { name: 'Export' }).click();
      await screenshot(page, 'csv-export-menu-tablet.png');
      await page.setViewportSize({ width: 1280, height: 800 });
      const [csvDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Demand for import (CSV)' }).click(),
      ]);
      expect(csvDownload.suggestedFilename()).toBe(`demand-${ws.cycle}.csv`);
      const csv = await readFile(await csvDownload.path(), 'utf8');
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe(['family', 'name', ...plan.periods].join(','));
      expect(lines).toHaveLength(plan.families.length + 2);

      // The file as the current plan reads it: every cell, and every one unchanged.
      const current = await serverPlan(ws);
      const check = previewCsvImport(csv, { measure: 'demand', plan: current });
      expect(check.errors).toEqual([]);
      expect(check.changes).toEqual([]);
      expect(check.unchanged).toBe(plan.families.length * plan.periods.length);

      // And in the page: importing it back changes nothing.
      const dialog = await openImport(page, 'Demand');
      await chooseFile(dialog, csvDownload.suggestedFilename(), csv);
      await dialog
        .getByText('Every value in the file is already in the plan: there is nothing to import.')
        .waitFor();
      expect(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(
        true,
      );
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Export' }).click();
      const [planDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /^Plan file \(JSON\)/ }).click(),
      ]);
      expect(planDownload.suggestedFilename()).toBe(`plan-${ws.cycle}.json`);
      const file = JSON.parse(await readFile(await planDownload.path(), 'utf8')) as Plan;
      expect(file).toEqual(current);
    },
    SLOW,
  );

  it(
    'shows viewers the export but not the import',
    async () => {
      const vera = await join(browser, ws, 'viewer', 'Vera Viewer');
      try {
        await familyGrid(vera.page).waitFor();
        const group = vera.page.getByRole('group', { name: 'Import and export' });
        await group.getByRole('button', { name: 'Export' }).waitFor();
        expect(await group.getByRole('button', { name: 'Import CSV…' }).count()).toBe(0);
        expect(vera.problems).toEqual([]);
      } finally {
        await vera.context.close();
      }
    },
    SLOW,
  );
});
