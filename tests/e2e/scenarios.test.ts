import { join as joinPath } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { formatDelta } from '../../client/src/components/scenarios/scenario-labels.ts';
import { createFormatters } from '../../client/src/lib/format.ts';
import { type Override } from '../../shared/engine/index.ts';
import { applyScenario } from '../../shared/engine/scenario.ts';
import { compareScenarios } from '../../shared/scenarios/compare-scenarios.ts';
import { cellName, cellText } from '../helpers/plan-cells.ts';
import { SCREENSHOTS, facilitatorAndEditorForFile } from '../helpers/workspace.ts';

/**
 * Scenarios in two browsers against the real server: the facilitator builds a demand
 * upside, the editor sees it listed and compared with the baseline; the facilitator adopts
 * it through a decision, which the editor finds among the decisions with the new demand in
 * the plan; Ctrl+Z does not take the adoption back: it is the meeting's record.
 */

const suite = facilitatorAndEditorForFile(() => inject('clientDir'));

async function openNav(page: Page, label: RegExp): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views of the cycle' })
    .getByRole('link', { name: label })
    .click();
}

async function shows(page: Page, name: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, name), { timeout: 10_000 }).toBe(text);
}

describe('scenarios', () => {
  it(
    'are built by one person, compared by another, and adopted only through a decision',
    { timeout: 120_000 },
    async () => {
      const plan = suite.ws.plan;
      const format = createFormatters(plan.currency, 'en-US');
      const family = plan.families[0];
      const [, first, , third] = plan.periods;
      const override: Override = {
        measure: 'demand',
        targets: [family.id],
        from: first,
        to: third,
        op: 'scale',
        value: 1.2,
      };
      const expected = compareScenarios(plan, [
        { id: 's', name: 'Demand upside', scenario: { overrides: [override] } },
      ]).scenarios[0];
      const after = applyScenario(plan, { overrides: [override] });
      expect(expected.difference.revenue.delta).toBeGreaterThan(0);

      // Fran builds the scenario: demand of one family +20% for three months.
      const a = suite.fran.page;
      await openNav(a, /^Scenarios/);
      await a.getByRole('button', { name: 'New scenario' }).click();
      const form = a.getByRole('form', { name: 'New scenario' });
      // A scenario without a name is refused, and the form says why.
      await form.getByRole('button', { name: 'Create scenario' }).click();
      await form.getByRole('alert').getByText('Give the scenario a name').waitFor();
      await form.screenshot({ path: joinPath(SCREENSHOTS, 'scenario-new.png') });
      await form.getByLabel('Name', { exact: true }).fill('Demand upside');
      await form.getByLabel('Assumption').fill('The spring promotion lands with two retailers');
      await form.getByRole('button', { name: 'Create scenario' }).click();
      const detail = a.getByRole('region', { name: 'Demand upside', exact: true });
      await detail.waitFor();
      await detail.getByRole('button', { name: 'Add override' }).click();
      await detail.getByLabel('Measure of override 1').selectOption('demand');
      await detail.getByLabel('Families of override 1').selectOption([family.id]);
      await detail.getByLabel('First month of override 1').selectOption(first);
      await detail.getByLabel('Last month of override 1').selectOption(third);
      await detail.getByLabel('Operation of override 1').selectOption('scale');
      const value = detail.getByLabel('Value of override 1');
      await value.fill('1.2');
      await value.press('Tab');

      // Ben sees it listed, as a draft, and compared: revenue up, with its sign.
      const b = suite.ben.page;
      await openNav(b, /^Scenarios/);
      const row = b.getByRole('row', { name: /Demand upside/ });
      await row.getByText('Draft', { exact: true }).waitFor();
      const revenue = b.locator('td[data-measure="revenue"]');
      const delta = formatDelta(format, 'revenue', expected.difference.revenue.delta);
      await expect.poll(() => revenue.innerText(), { timeout: 10_000 }).toContain(delta);
      expect(delta.startsWith('+')).toBe(true);
      await b.getByRole('columnheader', { name: 'Demand upside' }).waitFor();
      await b
        .getByRole('img', { name: /^Revenue by plan: Baseline .+; Demand upside .+\(\+/ })
        .waitFor();
      await b.getByText('What drives').click();
      await b
        .getByRole('region', { name: 'Revenue difference of Demand upside' })
        .getByText(family.name)
        .waitFor();
      await b.screenshot({ path: joinPath(SCREENSHOTS, 'scenarios-compare.png'), fullPage: true });
      // At tablet width the page still reads without spilling sideways.
      await b.setViewportSize({ width: 800, height: 1000 });
      await b.screenshot({
        path: joinPath(SCREENSHOTS, 'scenarios-compare-800.png'),
        fullPage: true,
      });
      expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
      await b.setViewportSize({ width: 1280, height: 800 });

      await detail
        .getByText(
          `Demand of ${family.name} × 1.2, ${format.month(first)} to ${format.month(third)}`,
        )
        .waitFor();
      await detail.screenshot({ path: joinPath(SCREENSHOTS, 'scenario-edit.png') });

      // Fran adopts it through the dialog: owner and rationale, before → after.
      await a.getByRole('button', { name: 'Adopt Demand upside…' }).click();
      const dialog = a.getByRole('dialog', { name: 'Adopt scenario Demand upside?' });
      await dialog.getByLabel('Decision owner').fill('Fran Facilitator');
      await dialog.getByLabel('Rationale').fill('Both retailers confirmed the promotion');
      // The expected impact is carried from the comparison, editable; a review date is set.
      const impact = dialog.getByRole('group', { name: 'Expected impact' });
      await expect(impact.locator('input').nth(1).inputValue()).resolves.toMatch(/^-?\d+$/);
      await dialog.getByLabel('Review date').fill('2027-01-15');
      await a.screenshot({ path: joinPath(SCREENSHOTS, 'scenario-adopt.png') });
      await dialog.getByRole('button', { name: 'Adopt and record the decision' }).click();
      await a
        .getByRole('region', { name: 'Demand upside', exact: true })
        .getByRole('button', { name: 'Adopted by decision Adopt scenario Demand upside?' })
        .waitFor();
      await b
        .getByRole('row', { name: /Demand upside/ })
        .getByText('Adopted', { exact: true })
        .waitFor();

      // Ben finds the decision, agreed, and the new demand in the plan.
      await openNav(b, /^Decisions/);
      await b
        .getByRole('row', { name: /Adopt scenario Demand upside\?/ })
        .getByText('Agreed')
        .waitFor();
      await openNav(b, /^Plan/);
      for (const month of [first, third]) {
        await shows(
          b,
          cellName('Demand', family.name, month),
          format.input(after.demand[family.id][month]),
        );
      }

      // The adoption is an agreed decision, part of the meeting's record: undo does not
      // take it back (the plan comes back by restoring it from History, as a new change).
      await openNav(a, /^Plan/);
      await a.getByRole('grid', { name: 'Plan by family and month' }).waitFor();
      await a.keyboard.press('Control+z');
      for (const page of [a, b]) {
        for (const month of [first, third]) {
          await shows(
            page,
            cellName('Demand', family.name, month),
            format.input(after.demand[family.id][month]),
          );
        }
      }
      expect(suite.fran.problems).toEqual([]);
      expect(suite.ben.problems).toEqual([]);
    },
  );
});
