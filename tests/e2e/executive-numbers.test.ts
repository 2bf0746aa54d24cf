import { join as joinPath } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { STANDARD_AGENDA } from '../../shared/doc/index.ts';
import { GAP_KINDS, reconcile, type Reconciliation } from '../../shared/engine/index.ts';
import { planMeasures, type PlanMeasures } from '../../shared/engine/measures.ts';
import { GAP_KIND_WORDS } from '../../shared/vocabulary/index.ts';
import { destroyAllClients } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  openView,
  SCREENSHOTS,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The numbers an executive defends, on the demo cycle, each against what the engine
 * computes for the same plan: backlog as a stock (its peak month and what is still owed
 * at the horizon's end, never a sum over months) in meeting item 8, the plan strip and
 * the gap list; service and the families in alarm in item 2; the fiscal-year outlook in
 * item 4.
 */

const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;
const format = createFormatters('EUR', 'en-US');

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
let result: Reconciliation;
let measures: PlanMeasures;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  result = reconcile(ws.plan);
  measures = planMeasures(ws.plan, result);
  ana = await join(browser, ws, 'facilitator', 'Ana Ruiz', { width: 1360, height: 1000 });
  ana.page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

/** Opens agenda item `n` of the meeting and gives its live data panel. */
async function meetingItem(n: number): Promise<Locator> {
  const page = ana.page;
  if (!new URL(page.url()).pathname.endsWith('/meeting')) {
    await openView(ws, ana, 'meeting');
    await page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
  }
  await page
    .locator('#agenda-items')
    .getByRole('button', { name: TITLE(n) })
    .click();
  await expect.poll(() => page.locator('#meeting-item-title').innerText()).toBe(TITLE(n));
  const panel = page.getByRole('region', { name: /^Live data/ });
  await panel.waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  return panel;
}

/** The value and detail of one headline number, by its label. */
function kpi(panel: Locator, label: string): Locator {
  return panel.locator('.kpi').filter({ has: panel.page().getByText(label, { exact: true }) });
}

/** The units of every month's backlog added up: the number no view may show. */
function backlogSummedOverMonths(): number {
  return result.families.reduce(
    (sum, family) => sum + family.rows.reduce((rows, row) => rows + row.backlog, 0),
    0,
  );
}

describe('numbers an executive can defend, on the demo cycle', () => {
  it('item 8 shows backlog at its peak and at the end, per family and in total', async () => {
    const panel = await meetingItem(8);
    const { backlog } = result;
    expect(backlog.peakPeriod).not.toBeNull();
    const peak = kpi(panel, 'Backlog at its peak');
    await expect
      .poll(() => peak.locator('.value').innerText())
      .toBe(format.moneyCompact(backlog.peakValue));
    expect(await peak.innerText()).toContain(`in ${format.month(backlog.peakPeriod!)}`);
    const owed = kpi(panel, "Still owed at the horizon's end");
    expect(await owed.locator('.value').innerText()).toBe(
      format.moneyCompact(backlog.unshippedDemand),
    );

    const short = result.families.filter((family) => family.backlog.peak > 0);
    const table = panel.getByRole('table', { name: /Families short/ });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(Math.min(6, short.length));
    for (const family of short.slice(0, 6)) {
      const line = await rows.filter({ hasText: family.name }).innerText();
      expect(line).toContain(`${format.quantity(family.backlog.peak)} units`);
      expect(line).toContain(
        family.backlog.end > 0 ? `${format.quantity(family.backlog.end)} units` : 'cleared',
      );
    }
    // Overloads and shortages are valued apart, never added into one "at stake".
    const text = await panel.innerText();
    expect(text).not.toContain('units of backlog');
    expect(text).not.toContain(format.quantity(backlogSummedOverMonths()));
    expect(await panel.locator('.kpi dt').allInnerTexts()).toEqual([
      'Overloaded resource-months',
      'Backlog at its peak',
      "Still owed at the horizon's end",
    ]);
    const { overload, shortage } = result.gapSummary;
    expect(text).toContain(format.moneyCompact(overload.value));
    expect(text).not.toContain(format.moneyCompact(overload.value + shortage.value));
    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'executive-item-8.png') });
  });

  it('item 2 shows fill rate, OTIF and the families in alarm, never a pooled signal', async () => {
    const panel = await meetingItem(2);
    const { total } = measures.performance;
    expect(total.unitFillRate).not.toBeNull();
    expect(total.unitFillRate).toBeLessThan(1);
    for (const [label, value] of [
      ['Fill rate, units', total.unitFillRate],
      ['Fill rate, value', total.valueFillRate],
      ['OTIF', total.otif],
      ['Plan attainment', total.planAttainment],
    ] as const) {
      expect(await kpi(panel, label).locator('.value').innerText()).toBe(format.percent(value!));
    }
    const { inAlarm, tracked } = result.accuracy.total;
    expect(await kpi(panel, 'Tracking signal').locator('.value').innerText()).toBe(
      `${inAlarm} of ${tracked}`,
    );
    await panel.getByText(`${inAlarm} of ${tracked} families in alarm`).waitFor();
    await panel.getByText('cannot reach ±4', { exact: false }).waitFor();
    expect(await panel.innerText()).not.toContain('not recorded in the cycle');
    // Each family's own signal, in alarm exactly when the engine says so.
    const rows = panel.getByRole('table', { name: /Least accurate families/ }).locator('tbody tr');
    const shown = await rows.count();
    expect(shown).toBeGreaterThan(0);
    for (let i = 0; i < shown; i++) {
      const line = await rows.nth(i).innerText();
      const family = result.families.find((f) => line.startsWith(f.name))!;
      expect(line).toContain(result.accuracy.families[family.id].alarm ? 'Alarm' : 'In range');
    }
    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'executive-item-2.png') });
  });

  it('item 3 shows each family actual vs plan of the month just ended', async () => {
    const panel = await meetingItem(3);
    const { families, endedMonth } = measures.performance;
    await panel.getByText(`${format.month(endedMonth)}: actual vs plan`).waitFor();
    await panel.getByRole('combobox', { name: /Actual vs plan of/ }).selectOption('shipments');
    const rows = panel.locator('tbody tr');
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const line = await rows.nth(i).innerText();
      const family = result.families.find((f) => line.startsWith(f.name))!;
      const shipments = families.find((f) => f.id === family.id)!.actualVsPlan.shipments!;
      expect(line).toContain(format.quantity(shipments.actual));
      expect(line).toContain(format.quantity(shipments.plan));
    }
    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'executive-item-3.png') });
  });

  it('item 4 shows the fiscal-year outlook and the margin bridge', async () => {
    const panel = await meetingItem(4);
    const { outlook, yearToDate, restOfYear } = measures.fiscalYear.total;
    expect(await kpi(panel, 'Outlook against budget').locator('.value').innerText()).toBe(
      format.signedMoneyCompact(outlook.revenueVsBudget.gap),
    );
    expect(await kpi(panel, 'Revenue outlook').locator('.value').innerText()).toBe(
      format.moneyCompact(outlook.revenue),
    );
    const year = panel.getByRole('table', { name: /The fiscal year/ });
    const toDate = await year.getByRole('row', { name: /Year to date/ }).innerText();
    expect(toDate).toContain(format.moneyCompact(yearToDate.revenue));
    expect(toDate).toContain(format.moneyCompact(yearToDate.revenueVsBudget.budget));
    const rest = await year.getByRole('row', { name: /Rest of year/ }).innerText();
    expect(rest).toContain(format.moneyCompact(restOfYear.revenue));
    // The horizon's months past the budgeted year stay out of the gap to budget.
    expect(await kpi(panel, 'Gap to budget').locator('.value').innerText()).toBe(
      format.signedMoneyCompact(result.horizon.budgetGap),
    );
    const bridge = measures.marginBridge;
    const line = await panel
      .getByRole('table', { name: /Margin bridges/ })
      .getByRole('row', { name: /Plan → actual/ })
      .innerText();
    for (const value of [bridge.volume, bridge.mix]) {
      expect(line).toContain(format.signedMoneyCompact(value));
    }
    expect(line).toContain(format.moneyCompact(bridge.current));
    await panel.screenshot({ path: joinPath(SCREENSHOTS, 'executive-item-4.png') });
  });

  it('the plan strip and the gap list show the backlog peak and what is owed at the end', async () => {
    const { backlog } = result;
    await openView(ws, ana, 'plan');
    const strip = ana.page.getByRole('group', { name: 'Backlog' });
    await strip.getByText('Backlog at its peak').waitFor();
    const stripText = await strip.innerText();
    expect(stripText).toContain(format.moneyCompact(backlog.peakValue));
    expect(stripText).toContain(format.month(backlog.peakPeriod!));
    expect(stripText).toContain(format.moneyCompact(backlog.unshippedDemand));
    expect(stripText).not.toContain('units backlog');

    await openView(ws, ana, 'gaps');
    const kinds = ana.page.getByRole('list', { name: 'Gaps by kind, each valued on its own' });
    await kinds.waitFor();
    for (const kind of GAP_KINDS) {
      const { count, value } = result.gapSummary[kind];
      if (count === 0) continue;
      const card = await kinds
        .getByRole('listitem')
        .filter({ hasText: GAP_KIND_WORDS[kind].plural })
        .innerText();
      expect(card).toContain(format.moneyCompact(value));
    }
    const shortage = await kinds
      .getByRole('listitem')
      .filter({ hasText: GAP_KIND_WORDS.shortage.plural })
      .innerText();
    expect(shortage).toContain(`Backlog peaks at ${format.moneyCompact(backlog.peakValue)}`);
    expect(shortage).toContain(`${format.moneyCompact(backlog.unshippedDemand)} still owed`);
    expect(await ana.page.locator('main').innerText()).not.toMatch(/gaps worth/i);
    await ana.page
      .locator('.kind-totals')
      .screenshot({ path: joinPath(SCREENSHOTS, 'executive-gap-kinds.png') });
    expect(ana.problems).toEqual([]);
  });
});
