import { join as joinPath } from 'node:path';
import loadHighs from 'highs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { sizeWords, modelSize } from '../../client/src/optimize/optimize-job.ts';
import { bindingLines } from '../../client/src/optimize/worth-words.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { cellText, typeIntoCell } from '../helpers/plan-cells.ts';
import { STANDARD_AGENDA } from '../../shared/doc/agenda-commands.ts';
import { readRecords } from '../../shared/doc/reading.ts';
import { addScenarioFromFile } from '../../shared/doc/scenario-commands.ts';
import type { Plan } from '../../shared/engine/types.ts';
import { optimizePlan } from '../../shared/optimize/optimize-plan.ts';
import {
  join,
  launchBrowser,
  openView,
  prepareCycle,
  SCREENSHOTS,
  startWorkspace,
  watchPage,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The constrained supply plan in two browsers against the real server, on a demo plan
 * whose capacity binds (every resource at 60% of its hours): the facilitator creates the
 * constrained plan in one click (a viewer may not, and reads why); it is a draft with its
 * cost lines, and the editor compares it with the current plan in a second browser; item
 * 8 and the supply review stage show what one more hour of each binding resource-month is
 * worth; the facilitator adopts it through a decision. On a larger plan (100 families × 18
 * months × 20 resources) the page has no main-thread task over 50 ms while the solver runs.
 */

/** The demo plan with every resource at 60% of its hours: capacity binds. */
function tightDemoPlan(): Plan {
  const plan = generateDemoPlan();
  for (const hours of Object.values(plan.capacity)) {
    for (const month of Object.keys(hours)) hours[month] = Math.round(hours[month] * 0.6);
  }
  return plan;
}

let ws: TestWorkspace;
let browser: Browser;
let fran: Participant;
let ben: Participant;

beforeAll(async () => {
  ws = await startWorkspace({ clientDir: inject('clientDir'), seedPlan: tightDemoPlan() });
  browser = await launchBrowser();
  fran = await join(browser, ws, 'facilitator', 'Fran Facilitator');
  ben = await join(browser, ws, 'editor', 'Ben Okafor');
  fran.page.setDefaultTimeout(20_000);
  ben.page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await ws?.close();
});

async function openNav(page: Page, name: RegExp): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views of the cycle' })
    .getByRole('link', { name })
    .click();
}

describe('the constrained supply plan in the page', () => {
  it(
    'is created in one click, compared in a second browser, explained on item 8 and adopted',
    { timeout: 180_000 },
    async () => {
      const plan = ws.plan;
      const format = createFormatters(plan.currency, 'en-US');
      const outcome = optimizePlan(await loadHighs(), plan);
      if (!outcome.ok) throw new Error(outcome.message);
      const binding = bindingLines(plan, outcome.constrained, format);
      expect(binding.length).toBeGreaterThan(3);
      expect(outcome.constrained.causes.length).toBeGreaterThan(0);

      // A viewer may not create it, and reads the policy's sentence beside the button.
      const vic = await join(browser, ws, 'viewer', 'Vic Viewer');
      await openNav(vic.page, /^Scenarios/);
      const refused = vic.page.getByRole('button', { name: 'Create the constrained plan' });
      await refused.waitFor();
      expect(await refused.isDisabled()).toBe(true);
      const why = await refused.getAttribute('aria-describedby');
      expect(await vic.page.locator(`#${why}`).innerText()).toMatch(/\S/);
      await vic.context.close();

      // Fran creates it: the first suggestion, above the heuristic ones.
      const a = fran.page;
      await openNav(a, /^Scenarios/);
      const panel = a.getByRole('region', { name: 'Suggested ways to close gaps' });
      const card = panel.getByRole('article', { name: /^Constrained plan/ });
      await card.getByRole('button', { name: 'Create the constrained plan' }).click();
      await card.getByText('Draft created').waitFor();
      const list = (page: Page) => page.getByRole('region', { name: 'All scenarios' });
      const row = list(a).getByRole('row', { name: /Constrained plan/ });
      await row.getByText('Draft', { exact: true }).waitFor();
      expect(await row.locator('td.num').innerText()).toBe(
        String(outcome.scenario.overrides.length),
      );
      // Its cost lines: the same total the optimizer finds from the command line.
      expect(await card.locator('td[data-cost="total"]').innerText()).toContain(
        format.money(outcome.constrained.costs.total),
      );
      expect(await card.locator('td[data-cost="unshipped"]').innerText()).toContain(
        format.money(outcome.constrained.costs.unshipped),
      );
      await card.getByText(binding[0].sentence).waitFor();
      await panel.screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-scenarios.png') });

      // The draft with all its overrides is one undo step: one Ctrl+Z takes it back whole.
      await a.getByRole('heading', { name: 'Scenarios', exact: true }).click();
      await a.keyboard.press('Control+z');
      await expect.poll(() => row.count()).toBe(0);
      await card.getByText('Draft created').waitFor({ state: 'detached' });
      await card.getByRole('button', { name: 'Create it again' }).click();
      await row.getByText('Draft', { exact: true }).waitFor();

      // Ben compares it with the current plan in his own browser.
      const b = ben.page;
      await openNav(b, /^Scenarios/);
      const benRow = list(b).getByRole('row', { name: /Constrained plan/ });
      await benRow.getByText('Draft', { exact: true }).waitFor();
      const compare = benRow.getByRole('checkbox', {
        name: 'Compare Constrained plan with the baseline',
      });
      if (!(await compare.isChecked())) await compare.check();
      await b.getByRole('columnheader', { name: 'Constrained plan' }).waitFor();
      const unshipped = b.locator('td[data-measure="unshippedDemand"]');
      await expect.poll(() => unshipped.innerText()).toMatch(/\S/);
      await b
        .getByRole('region', { name: 'Compared with the baseline' })
        .screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-compare.png') });

      // Item 8 shows what one more hour is worth where capacity binds, most first.
      await openView(ws, fran, 'meeting');
      await a
        .locator('#agenda-items')
        .getByRole('button', { name: STANDARD_AGENDA[7].title })
        .click();
      const worth = a.getByRole('region', { name: 'What each constraint is worth' });
      const ranked = worth.getByRole('list', {
        name: 'Binding resource-months, most valuable first',
      });
      await ranked.getByText(binding[0].sentence).waitFor();
      expect(await ranked.getByRole('listitem').first().innerText()).toContain(binding[0].sentence);
      await worth.getByText('Up to date').waitFor();
      await worth.getByRole('table', { name: 'What holds each backlog in the constrained plan' });
      await a
        .locator('section.card.live')
        .screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-item-8.png') });

      // The supply review stage shows the same.
      await openNav(a, /^Stages/);
      const stage = a.getByRole('region', { name: /Supply review: the constrained plan/ });
      await stage.getByText(binding[0].sentence).waitFor();
      await stage.screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-stage.png') });

      // Fran adopts it through a decision; Ben sees it adopted and the decision agreed.
      await openNav(a, /^Scenarios/);
      await a.getByRole('button', { name: 'Adopt Constrained plan…' }).click();
      const dialog = a.getByRole('dialog', { name: 'Adopt scenario Constrained plan?' });
      await dialog.getByLabel('Decision owner').fill('Fran Facilitator');
      await dialog.getByLabel('Rationale').fill('Least cost within the hours we have');
      await dialog.getByRole('button', { name: 'Adopt and record the decision' }).click();
      await list(b)
        .getByRole('row', { name: /Constrained plan/ })
        .getByText('Adopted', { exact: true })
        .waitFor();
      await openNav(b, /^Decisions/);
      await b
        .getByRole('row', { name: /Adopt scenario Constrained plan\?/ })
        .getByText('Agreed')
        .waitFor();

      // A scenario that changes demand has its supply re-planned, as a new draft.
      await prepareCycle(
        ws,
        (doc) =>
          addScenarioFromFile(doc, {
            format: 'fulcrum.scenario',
            version: 1,
            name: 'Demand +20%',
            overrides: [{ measure: 'demand', targets: 'all', op: 'scale', value: 1.2 }],
          }),
        (doc) => readRecords(doc, 'scenarios').records.some((r) => r.name === 'Demand +20%'),
      );
      await openNav(b, /^Scenarios/);
      await b.getByRole('button', { name: 'Demand +20%', exact: true }).click();
      const upside = b.getByRole('region', { name: 'Demand +20%', exact: true });
      await upside.getByRole('button', { name: 'Re-plan supply' }).click();
      await upside.getByRole('table', { name: /re-planned/ }).waitFor();
      await upside.screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-replan.png') });
      await list(b)
        .getByRole('row', { name: /Demand \+20%, supply re-planned/ })
        .getByText('Draft', { exact: true })
        .waitFor();

      expect(fran.problems).toEqual([]);
      expect(ben.problems).toEqual([]);
    },
  );

  it(
    'follows a change of the settings on item 8, once the plan rests',
    { timeout: 120_000 },
    async () => {
      // Ben watches item 8 while Fran allows no overtime in the plan's settings.
      const b = ben.page;
      await openView(ws, ben, 'meeting');
      await b
        .locator('#agenda-items')
        .getByRole('button', { name: STANDARD_AGENDA[7].title })
        .click();
      const worth = b.getByRole('region', { name: 'What each constraint is worth' });
      await worth.getByText('Up to date').waitFor();
      const ranked = worth.getByRole('list', {
        name: 'Binding resource-months, most valuable first',
      });
      const asOf = () => worth.locator('.as-of').innerText();
      const before = await asOf();

      const a = fran.page;
      await openView(ws, fran, 'plan');
      const settings = a.locator('details.settings');
      await settings.scrollIntoViewIfNeeded();
      if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
      const overtime = a.getByRole('textbox', { name: /^Overtime allowed/ });
      await a.getByText('How many extra hours the constrained plan may add').first().waitFor();
      await a.getByRole('textbox', { name: /^Plan change penalty/ }).waitFor();
      await overtime.fill('0');
      await overtime.press('Enter');
      await settings.screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-settings.png') });

      // The panel solves again on its own and says so; no overtime is used anywhere now.
      await expect.poll(asOf, { timeout: 20_000 }).not.toBe(before);
      await worth.getByText('Up to date').waitFor();
      await expect
        .poll(() => ranked.getByRole('listitem').first().innerText(), { timeout: 20_000 })
        .toContain('no overtime');
      expect(await ranked.getByText(/h of overtime used/).count()).toBe(0);
      expect(fran.problems).toEqual([]);
      expect(ben.problems).toEqual([]);
    },
  );

  it(
    'says in words what to relax when a minimum supply cannot be made',
    { timeout: 120_000 },
    async () => {
      const a = fran.page;
      const family = ws.plan.families[0].name;
      await openView(ws, fran, 'plan');
      await a.getByRole('heading', { name: 'Family setup' }).waitFor();
      await typeIntoCell(a, `Minimum supply, ${family}`, '100000');
      expect(await cellText(a, `Minimum supply, ${family}`)).toBe('100,000');
      await a
        .getByRole('region', { name: 'Family setup' })
        .screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-family-setup.png') });

      await openNav(a, /^Scenarios/);
      const card = a.getByRole('article', { name: /^Constrained plan/ });
      await card.getByRole('button', { name: /^Create/ }).click();
      const alert = card.getByRole('alert');
      await alert.getByText('No plan', { exact: true }).waitFor();
      expect(await alert.innerText()).toMatch(
        /No supply plan meets every limit: the families' minimum supply needs more hours than capacity and overtime allow at .+ in \d{4}-\d{2} \([\d.]+ hours needed, [\d.]+ allowed\).*Lower a family's minimum supply, add capacity, or allow more overtime/,
      );
      await card.screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-infeasible.png') });
      expect(fran.problems).toEqual([]);
    },
  );

  it(
    'keeps the page responsive while the solver works on 100 families × 18 months × 20 resources',
    { timeout: 180_000 },
    async () => {
      const large = await startWorkspace({
        clientDir: inject('clientDir'),
        plan: { families: 100, periods: 18, resources: 20 },
      });
      try {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 800 },
          locale: 'en-US',
        });
        // Every main-thread task over 50 ms, and when each worker answer arrives.
        await context.addInitScript(() => {
          const w = window as unknown as {
            longTasks: { start: number; duration: number }[];
            answers: { name: string; at: number }[];
          };
          w.longTasks = [];
          w.answers = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries())
              w.longTasks.push({ start: entry.startTime, duration: entry.duration });
          }).observe({ type: 'longtask', buffered: true });
          const Native = window.Worker;
          window.Worker = class extends Native {
            constructor(url: string | URL, options?: WorkerOptions) {
              super(url, options);
              this.addEventListener('message', () =>
                w.answers.push({ name: options?.name ?? '', at: performance.now() }),
              );
            }
          };
        });
        const page = await context.newPage();
        const problems: string[] = [];
        watchPage(page, problems);
        page.setDefaultTimeout(30_000);
        await page.goto(large.inviteUrl('facilitator', 'Lea Large'));
        await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
        await openNav(page, /^Scenarios/);
        const card = page.getByRole('article', { name: /^Constrained plan/ });
        const button = card.getByRole('button', { name: 'Create the constrained plan' });
        await button.waitFor();
        await page.waitForTimeout(1000);

        const started = await page.evaluate(() => performance.now());
        await button.click();
        const size = sizeWords(modelSize(large.plan), createFormatters('EUR', 'en-US').quantity);
        expect(size).toBe('100 families × 18 months × 20 resources');
        await card.getByRole('status').getByText('Solving the constrained plan…').waitFor();
        await card.getByText(size).waitFor();
        await card.getByText('Draft created').waitFor({ timeout: 60_000 });
        const { longTasks, answers } = await page.evaluate(() => {
          const w = window as unknown as {
            longTasks: { start: number; duration: number }[];
            answers: { name: string; at: number }[];
          };
          return { longTasks: w.longTasks, answers: w.answers };
        });
        const solved = answers.find(
          (answer) => answer.name === 'constrained-plan' && answer.at > started,
        );
        if (!solved) throw new Error('the solver never answered');
        // A task during the solve ends before the answer is handled: the task that handles
        // the answer (and creates the draft) starts a moment before its listener reads the
        // clock, so it is told apart by its end, not its start.
        const during = longTasks.filter(
          (task) => task.start >= started && task.start + task.duration <= solved.at,
        );
        console.log(
          `constrained plan, 100 × 18 × 20: answered ${Math.round(solved.at - started)} ms after the click; ` +
            `main-thread tasks over 50 ms meanwhile: ${during.length}` +
            (during.length ? ` (${during.map((t) => Math.round(t.duration)).join(', ')} ms)` : '') +
            `; after the answer (creating the draft): ${longTasks
              .filter((task) => task.start + task.duration > solved.at)
              .map((task) => Math.round(task.duration))
              .join(', ')} ms`,
        );
        expect(during).toEqual([]);
        await page.screenshot({ path: joinPath(SCREENSHOTS, 'constrained-plan-large.png') });
        expect(problems).toEqual([]);
        await context.close();
      } finally {
        await large.close();
      }
    },
  );
});
