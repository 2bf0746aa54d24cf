import { join as joinPath } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addAction,
  addDecision,
  addNpiItem,
  publishPreread,
  readRecords,
  STANDARD_AGENDA,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { addOverride, addScenario } from '../../shared/doc/scenario-commands.ts';
import { createFormatters } from '../../client/src/lib/format.ts';
import { STATUS_LABEL, STATUS_SHORT } from '../../client/src/lib/labels.ts';
import { addMonths, reconcile } from '../../shared/engine/index.ts';
import { addMeetingRisks } from '../helpers/meeting-risks.ts';
import {
  chartsWithoutAlternative,
  checkPage,
  describeViolations,
  readContrast,
  strictContrast,
  unseenFocus,
  type ContrastReading,
  type Violation,
} from '../helpers/axe.ts';
import { cell, cellName, revealCell } from '../helpers/plan-cells.ts';
import { destroyAllClients } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  prepareCycle,
  SCREENSHOTS,
  startWorkspaceSuite,
  watchPage,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * Every view of a cycle against WCAG 2.1 A and AA (axe-core in Chromium), as a facilitator
 * and as a viewer, on a desktop screen and a phone, and the views people print in print:
 * any violation fails, listed by rule, impact, place and first elements. On the pre-read,
 * colour contrast is judged strictly, screen by screen: a text axe leaves "needs review"
 * fails too. Then what axe cannot judge: each chart has a text alternative a screen reader reads, the keyboard's
 * focus is always visible, and the plan grid's cells say their row, month, value and status.
 */

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let ws: TestWorkspace;
let browser: Browser;
const people: Record<Role, { context: BrowserContext; page: Page; problems: string[] }> =
  {} as never;

type Role = 'facilitator' | 'viewer';

/** A date `days` from today, `YYYY-MM-DD`. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Something on every view: a published pre-read, risks, decisions, actions, NPI, a scenario. */
function prepare(doc: CycleDoc): void {
  const cycle = ws.cycle;
  publishPreread(doc, { by: 'Priya Prep', at: new Date().toISOString() });
  addMeetingRisks(doc, cycle);
  addDecision(doc, {
    question: 'Build stock ahead of the paint shop shutdown in March?',
    options: 'Yes, two weeks of cover; No, run the backlog',
    owner: 'Ana Ruiz',
    status: 'proposed',
    due: dayFromToday(14),
    madeIn: cycle,
  });
  addDecision(doc, {
    question: 'Add a second shift on line 1 from February?',
    chosen: 'Yes, from 1 February',
    owner: 'Priya Prep',
    status: 'agreed',
    madeIn: cycle,
  });
  addNpiItem(doc, {
    name: 'Cordless drill, second generation',
    stage: 'development',
    plannedLaunch: addMonths(cycle, 3),
    forecastLaunch: addMonths(cycle, 5),
    owner: 'Dana Schultz',
  });
  addAction(doc, {
    title: 'Confirm the overtime budget for Assembly line 1',
    owner: 'Chen Li',
    due: dayFromToday(-10),
    status: 'open',
    raisedIn: addMonths(cycle, -1),
  });
  addAction(doc, {
    title: 'Publish the pre-read',
    owner: 'Ana Ruiz',
    due: dayFromToday(-2),
    status: 'done',
    raisedIn: cycle,
  });
  const scenario = addScenario(doc, { name: 'Weekend shifts', owner: 'Ben Okafor' });
  addOverride(doc, scenario, { measure: 'capacity', targets: 'all', op: 'add', value: 400 });
}

/**
 * A person in a context of their own; axe-core is injected as a script tag, which the
 * page's Content-Security-Policy would refuse, so this context bypasses it (only here).
 */
async function person(role: Role, name: string): Promise<void> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  watchPage(page, problems);
  await page.goto(ws.inviteUrl(role, name));
  await online(page);
  people[role] = { context, page, problems };
}

const online = (page: Page) =>
  page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();

/**
 * Waits until the view shows its content: a heading in the main region, no "Loading"
 * left in it, every chart drawn (no chart placeholder).
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    if (!main?.querySelector('h1, h2')) return false;
    if (document.querySelector('.chart .placeholder')) return false;
    return !/Loading|Opening the cycle/.test(main.innerText);
  });
  // Two frames: whatever the last change scheduled is drawn.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/** A view as a person reaches it: its address, then what opens it fully. */
interface ViewVisit {
  name: string;
  /** The cycle's view (`plan`, `meeting/agenda-6` ...), or null for the list of cycles. */
  path: string | null;
  open?: (page: Page) => Promise<void>;
  /**
   * A surface whose colour contrast is judged strictly, screen by screen as it scrolls:
   * text axe leaves "needs review" fails there too (see `contrastThroughout`).
   */
  strictContrast?: { within: string; scroller: string };
}

/** The plan with everything below the grid: charts, statistical baseline, setup, settings. */
async function openPlanFully(page: Page): Promise<void> {
  await page
    .getByRole('gridcell', { name: /^Demand, / })
    .first()
    .waitFor();
  const charts = page.getByRole('button', { name: 'Show charts' });
  if (await charts.isVisible()) await charts.click();
  await page.getByRole('button', { name: 'Show statistical baseline' }).click();
  await page.getByRole('heading', { name: 'Resource setup' }).waitFor();
  await page.locator('#plan-charts [role="img"]').first().waitFor();
}

const VISITS: ViewVisit[] = [
  { name: 'cycles', path: null },
  { name: 'plan', path: 'plan', open: openPlanFully },
  { name: 'scenarios', path: 'scenarios' },
  { name: 'gaps', path: 'gaps' },
  {
    name: 'meeting, item 6 open',
    path: 'meeting/agenda-6',
    open: async (page) => {
      await page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
      await page.getByRole('heading', { name: STANDARD_AGENDA[5].title }).first().waitFor();
    },
  },
  {
    name: 'meeting, item 4 open',
    path: 'meeting/agenda-4',
    open: async (page) => {
      await page.getByRole('heading', { name: /Revenue and margin against budget/ }).waitFor();
    },
  },
  { name: 'risks', path: 'risks' },
  { name: 'decisions', path: 'decisions' },
  { name: 'actions', path: 'actions' },
  { name: 'npi', path: 'npi' },
  { name: 'stages', path: 'stages' },
  {
    name: 'pre-read',
    path: 'stages',
    open: async (page) => {
      await page
        .getByRole('region', { name: 'Pre-read', exact: true })
        .getByRole('button', { name: 'Open the pre-read' })
        .click();
      await page.getByRole('dialog', { name: /^As published on / }).waitFor();
    },
    strictContrast: { within: 'dialog.preread', scroller: 'dialog.preread .dialog-body' },
  },
  { name: 'minutes', path: 'minutes' },
  { name: 'catch-up', path: 'catchup' },
  { name: 'history', path: 'history' },
];

/**
 * The colour contrast of a surface, judged strictly on every part of it: axe judges only
 * the text in sight, so the surface's scroll box is scrolled half a screen at a time (a
 * text cut by the box's edge in one look is whole in the next), and any text that fails,
 * or that axe could judge in none of the looks, is a violation.
 */
async function contrastThroughout(
  page: Page,
  where: string,
  { within, scroller }: NonNullable<ViewVisit['strictContrast']>,
): Promise<Violation[]> {
  const box = page.locator(scroller);
  const readings: ContrastReading[] = [];
  const { screen, length } = await box.evaluate((node) => ({
    screen: node.clientHeight,
    length: node.scrollHeight,
  }));
  const step = Math.max(1, Math.floor(screen / 2));
  for (let top = 0; top < length; top += step) {
    await box.evaluate(
      (node, y) =>
        new Promise((resolve) => {
          node.scrollTo({ top: y, behavior: 'instant' });
          requestAnimationFrame(() => requestAnimationFrame(resolve));
        }),
      top,
    );
    readings.push(await readContrast(page, within));
    if (top + screen >= length) break;
  }
  await box.evaluate((node) => node.scrollTo({ top: 0, behavior: 'instant' }));
  return strictContrast(where, readings);
}

async function visit(page: Page, view: ViewVisit): Promise<void> {
  await page.goto(view.path === null ? `${ws.url}/` : ws.viewUrl(view.path));
  if (view.path === null) {
    await page.getByRole('heading', { name: /^Cycles of workspace/ }).waitFor();
  } else {
    await online(page);
  }
  await view.open?.(page);
  await settled(page);
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  await prepareCycle(
    ws,
    prepare,
    (doc) =>
      readRecords(doc, 'actions').records.length === 2 &&
      readRecords(doc, 'scenarios').records.length === 1,
  );
  await person('facilitator', 'Fran Facilitator');
  await person('viewer', 'Vera Viewer');
}, 60_000);

afterAll(async () => {
  for (const { context, problems } of Object.values(people)) {
    await context.close();
    expect(problems).toEqual([]);
  }
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

/** The views whose screenshots are kept, to look at what the fixes changed. */
const SHOTS = ['plan', 'gaps', 'stages', 'minutes', 'meeting, item 6 open', 'history'];

/** How many Tab stops of each view are checked for a visible focus indicator. */
const FOCUS_STOPS = 20;

/** Every view for one person at one size; the report of all the violations found. */
async function checkEveryView(role: Role, viewport: typeof DESKTOP): Promise<Violation[]> {
  const { page } = people[role];
  await page.setViewportSize(viewport);
  const size = `${viewport.width}×${viewport.height}`;
  const found: Violation[] = [];
  for (const view of VISITS) {
    await visit(page, view);
    const where = `${view.name} · ${role} · ${size}`;
    found.push(...(await checkPage(page, where)));
    found.push(...(await chartsWithoutAlternative(page, where)));
    if (view.strictContrast) {
      found.push(...(await contrastThroughout(page, where, view.strictContrast)));
    }
    if (role === 'facilitator') {
      // The first Tab stops of every view show where the keyboard is.
      const unseen = await unseenFocus(page, FOCUS_STOPS, view.name);
      if (unseen.length > 0) {
        found.push({
          where,
          rule: 'focus-indicator',
          impact: 'serious',
          help: 'A focused element shows an outline or a focus ring',
          count: unseen.length,
          targets: unseen
            .slice(0, 4)
            .map((target) => ({ target, summary: 'no outline, no box-shadow' })),
        });
      }
    }
    if (role === 'facilitator' && SHOTS.includes(view.name)) {
      const file = `a11y-${view.name.replace(/\W+/g, '-')}-${viewport.width}.png`;
      await page.screenshot({ path: joinPath(SCREENSHOTS, file) });
    }
  }
  return found;
}

describe('every view passes WCAG 2.1 A and AA', () => {
  for (const role of ['facilitator', 'viewer'] as const) {
    for (const viewport of [DESKTOP, PHONE]) {
      it(`as ${role} at ${viewport.width}×${viewport.height}`, async () => {
        const found = await checkEveryView(role, viewport);
        if (found.length > 0) throw new Error(describeViolations(found));
      }, 180_000);
    }
  }

  it('in print: the plan, the decision pack, the pre-read and the minutes', async () => {
    const { page } = people.facilitator;
    await page.setViewportSize(DESKTOP);
    const found: Violation[] = [];
    const printed = ['plan', 'meeting, item 6 open', 'pre-read', 'minutes'];
    try {
      for (const view of VISITS.filter((v) => printed.includes(v.name))) {
        await page.emulateMedia({ media: 'screen' });
        await visit(page, view);
        await page.emulateMedia({ media: 'print' });
        found.push(...(await checkPage(page, `${view.name} · facilitator · print`)));
      }
      // The minutes print from a page of their own: check that page as printed.
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('button', { name: 'Print or save as PDF' }).click();
      await page.frameLocator('#minutes-print-frame').locator('h1').waitFor({ state: 'attached' });
      const html = await page.locator('#minutes-print-frame').getAttribute('srcdoc');
      const sheet = await people.facilitator.context.newPage();
      try {
        await sheet.setContent(html ?? '');
        await sheet.emulateMedia({ media: 'print' });
        found.push(...(await checkPage(sheet, 'minutes print sheet · print')));
      } finally {
        await sheet.close();
      }
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    if (found.length > 0) throw new Error(describeViolations(found));
  }, 120_000);
});

describe('what axe cannot judge', () => {
  it('shows where the keyboard is on every stop of the plan and the meeting', async () => {
    const { page } = people.facilitator;
    await page.setViewportSize(DESKTOP);
    const unseen: string[] = [];
    for (const view of VISITS.filter((v) => ['plan', 'meeting, item 6 open'].includes(v.name))) {
      await visit(page, view);
      unseen.push(...(await unseenFocus(page, 30, view.name)));
    }
    expect(unseen, 'focused elements without a visible focus indicator').toEqual([]);
  }, 60_000);

  it('lets the keyboard scroll a table wider than a phone', async () => {
    const { page } = people.viewer;
    await page.setViewportSize(PHONE);
    await visit(
      page,
      VISITS.find((v) => v.name === 'scenarios')!,
    );
    const box = page.getByRole('region', { name: 'Scenarios compared with the baseline' });
    await box.focus();
    expect(await box.evaluate((node) => node === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((node) => node.scrollLeft)).toBeGreaterThan(0);
    await page.setViewportSize(DESKTOP);
  }, 60_000);

  it('shows a chart of the plan as a table of its numbers', async () => {
    const { page } = people.viewer;
    await page.setViewportSize(DESKTOP);
    await visit(
      page,
      VISITS.find((v) => v.name === 'plan')!,
    );
    const money = page.locator('#plan-charts figure').filter({
      has: page.getByRole('img', { name: /^Revenue/ }),
    });
    await money.getByRole('button', { name: 'Show as table' }).click();
    const table = money.getByRole('table');
    expect(await table.getByRole('row').count()).toBe(1 + ws.plan.periods.length);
    const format = createFormatters(ws.plan.currency, 'en-US');
    const first = reconcile(ws.plan).families.reduce((sum, f) => sum + f.rows[0].revenue, 0);
    await table
      .getByRole('row', { name: new RegExp(`^${format.month(ws.plan.periods[0])} `) })
      .getByText(format.money(first), { exact: true })
      .waitFor();
    await money.screenshot({ path: joinPath(SCREENSHOTS, 'a11y-chart-table.png') });
    await money.getByRole('button', { name: 'Hide table' }).click();
    expect(await table.count()).toBe(0);
  }, 60_000);

  it('names each grid cell by its row, family, month, value and status', async () => {
    const { page } = people.viewer;
    await page.setViewportSize(DESKTOP);
    await visit(
      page,
      VISITS.find((v) => v.name === 'plan')!,
    );
    const format = createFormatters(ws.plan.currency, 'en-US');
    const result = reconcile(ws.plan);
    const below = result.families
      .flatMap((family) => family.rows.map((row) => ({ family, row })))
      .filter(({ row }) => row.status === 'belowSafetyStock' || row.status === 'shortage');
    expect(below.length, 'family-months short or below safety stock').toBeGreaterThan(0);
    const { family, row } = below[0];
    const name = family.name;
    const status = row.status as 'belowSafetyStock' | 'shortage';
    const expected = [
      `Demand, ${name}, ${row.period}: ${format.input(row.demand)}`,
      `Projected inventory, ${name}, ${row.period}: ${format.quantity(row.projectedInventory)}, ${STATUS_LABEL[status].toLowerCase()}`,
      `Status, ${name}, ${row.period}: ${STATUS_SHORT[status]}, ${STATUS_LABEL[status].toLowerCase()}`,
    ];
    await revealCell(page, cellName('Status', name, row.period));
    for (const full of expected) {
      // Playwright computes the accessible name as a screen reader does.
      const found = page.getByRole('gridcell', { name: full, exact: true });
      expect(await found.count(), full).toBe(1);
    }
    // The grid's structure: its size stated for the rows it does not render, each cell in a
    // numbered row, and column and row headers a screen reader reads with the cell.
    const grid = page.getByRole('grid', { name: 'Plan by family and month' });
    const measures = await grid.locator('tbody.group').first().locator('tr').count();
    expect(Number(await grid.getAttribute('aria-rowcount'))).toBe(
      1 + result.families.length * measures,
    );
    expect(Number(await grid.getAttribute('aria-colcount'))).toBe(2 + result.periods.length);
    // Demand is the first of a family's rows: rows 2, 2 + measures ... (the header is 1).
    const demand = cell(page, cellName('Demand', name, row.period));
    const rowIndex = Number(await demand.locator('xpath=..').getAttribute('aria-rowindex'));
    expect(rowIndex).toBeGreaterThanOrEqual(2);
    expect((rowIndex - 2) % measures).toBe(0);
    // The months near the view are drawn, each header and cell numbered among all the
    // columns, so a screen reader says where a cell is and reads its month's header.
    const drawn = await grid.getByRole('columnheader').count();
    expect(drawn).toBeGreaterThan(2);
    expect(drawn).toBeLessThanOrEqual(2 + result.periods.length);
    const column = 3 + result.periods.indexOf(row.period);
    expect(await demand.getAttribute('aria-colindex')).toBe(String(column));
    const header = grid.locator(`thead th[aria-colindex="${column}"]`);
    expect(await header.getAttribute('scope')).toBe('col');
    await grid.getByRole('rowheader', { name }).first().waitFor();
  }, 60_000);
});
