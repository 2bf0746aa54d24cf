import { join as joinPath } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  formatDelta,
  formatMeasure,
} from '../../client/src/components/scenarios/scenario-labels.ts';
import { createFormatters } from '../../client/src/lib/format.ts';
import type { Plan } from '../../shared/engine/index.ts';
import { suggestScenarios } from '../../shared/engine/suggestions.ts';
import { compareScenarios } from '../../shared/scenarios/compare-scenarios.ts';
import {
  join,
  SCREENSHOTS,
  facilitatorAndEditorForFile,
  startWorkspace,
} from '../helpers/workspace.ts';

/**
 * Suggested ways to close gaps, in two browsers against the real server: the facilitator
 * asks for suggestions on the demo cycle, reads why each draft helps, and creates the
 * build-ahead draft as a scenario; it is listed and compared with fewer shortages than the
 * baseline, and the editor sees it too. On a large plan the reasons and the overrides of a
 * created draft stay readable: a few first, the rest on request.
 */

const suite = facilitatorAndEditorForFile(() => inject('clientDir'));

async function openScenarios(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views of the cycle' })
    .getByRole('link', { name: /^Scenarios/ })
    .click();
}

function suggestionsOf(plan: Plan) {
  const format = createFormatters(plan.currency, 'en-US');
  return { format, suggestions: suggestScenarios(plan, format.month) };
}

describe('suggested ways to close gaps', () => {
  it(
    'are explained in words and become a scenario to compare, for everyone',
    { timeout: 120_000 },
    async () => {
      const plan = suite.ws.plan;
      const { format, suggestions } = suggestionsOf(plan);
      const build = suggestions.find((s) => s.kind === 'buildAhead');
      const capacity = suggestions.find((s) => s.kind === 'addCapacity');
      if (!build || !capacity) throw new Error('the demo plan should have shortages and overloads');
      const expected = compareScenarios(plan, [
        { id: 'b', name: 'Build ahead (suggested)', scenario: build.scenario },
      ]);
      const shortageDelta = expected.scenarios[0].difference.peakBacklogValue.delta;
      expect(shortageDelta).toBeLessThan(0);

      const a = suite.fran.page;
      await openScenarios(a);
      const panel = a.getByRole('region', { name: 'Suggested ways to close gaps' });
      await panel.getByRole('button', { name: 'Suggest', exact: true }).click();

      // Each draft says what it does, what it closes and why, family by family.
      const buildCard = panel.getByRole('article', { name: 'Build ahead' });
      await buildCard
        .getByText(build.explanation[0].slice(build.explanation[0].indexOf(': ') + 2))
        .waitFor();
      await buildCard.getByText(build.scenario.assumption ?? '').waitFor();
      const shortages = buildCard.locator('tr[data-kind="shortage"]');
      expect(await shortages.innerText()).toMatch(/Shortages\s+\d[\d,]* → 0\s/);
      expect(await shortages.innerText()).toContain('closed');
      await buildCard.getByText(/^Closes \d+ of \d+ shortages and overloads$/).waitFor();

      // The capacity draft has more reasons than it shows at first.
      const capacityCard = panel.getByRole('article', { name: 'Add capacity' });
      const last = capacity.explanation.at(-1) ?? '';
      expect(capacity.explanation.length).toBeGreaterThan(3);
      expect(await capacityCard.getByText(last.slice(last.indexOf(': ') + 2)).count()).toBe(0);
      const showAll = capacityCard.getByRole('button', {
        name: `Show all ${capacity.explanation.length} reasons`,
      });
      await showAll.click();
      await capacityCard.getByText(last.slice(last.indexOf(': ') + 2)).waitFor();
      expect(
        await capacityCard
          .getByRole('button', { name: 'Show fewer' })
          .getAttribute('aria-expanded'),
      ).toBe('true');
      await panel.screenshot({ path: joinPath(SCREENSHOTS, 'scenario-suggestions.png') });

      // Fran creates the build-ahead scenario from its suggestion.
      await buildCard.getByRole('button', { name: 'Create scenario: Build ahead' }).click();
      const row = a.getByRole('row', { name: /Build ahead \(suggested\)/ });
      await row.getByText('Draft', { exact: true }).waitFor();
      expect(await row.locator('td.num').innerText()).toBe(String(build.scenario.overrides.length));
      await buildCard.getByRole('button', { name: 'Open Build ahead (suggested)' }).waitFor();

      // It opens with its overrides, and joins the comparison with fewer shortages.
      const detail = a.getByRole('region', { name: 'Build ahead (suggested)', exact: true });
      await detail.getByRole('listitem').first().waitFor();
      expect(await detail.getByRole('listitem').count()).toBe(build.scenario.overrides.length);
      await a.getByRole('columnheader', { name: 'Build ahead (suggested)' }).waitFor();
      const cell = a.locator('td[data-measure="peakBacklogValue"]');
      await expect
        .poll(() => cell.innerText(), { timeout: 10_000 })
        .toContain(formatDelta(format, 'peakBacklogValue', shortageDelta));
      expect(await cell.innerText()).toContain(
        formatMeasure(format, 'peakBacklogValue', expected.scenarios[0].totals.peakBacklogValue),
      );

      await a.screenshot({
        path: joinPath(SCREENSHOTS, 'scenario-suggestion-created.png'),
        fullPage: true,
      });
      // At tablet width the suggestions still read without spilling sideways.
      await a.setViewportSize({ width: 800, height: 1000 });
      await panel.screenshot({ path: joinPath(SCREENSHOTS, 'scenario-suggestions-800.png') });
      expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
      await a.setViewportSize({ width: 1280, height: 800 });

      // Ben, in another browser, sees the new scenario and can compare it.
      const b = suite.ben.page;
      await openScenarios(b);
      const benRow = b.getByRole('row', { name: /Build ahead \(suggested\)/ });
      await benRow.getByText('Draft', { exact: true }).waitFor();
      expect(
        await benRow
          .getByRole('checkbox', { name: 'Compare Build ahead (suggested) with the baseline' })
          .isChecked(),
      ).toBe(true);
      await expect
        .poll(() => b.locator('td[data-measure="peakBacklogValue"]').innerText(), {
          timeout: 10_000,
        })
        .toContain(formatDelta(format, 'peakBacklogValue', shortageDelta));

      expect(suite.fran.problems).toEqual([]);
      expect(suite.ben.problems).toEqual([]);
    },
  );

  it(
    'stay readable on a large plan: reasons and overrides a few at a time',
    { timeout: 180_000 },
    async () => {
      const large = await startWorkspace({
        clientDir: inject('clientDir'),
        plan: { families: 150, resources: 12, seed: 7 },
      });
      try {
        const { format, suggestions } = suggestionsOf(large.plan);
        const build = suggestions.find((s) => s.kind === 'buildAhead');
        if (!build) throw new Error('the large plan should have shortages');
        expect(build.explanation.length).toBeGreaterThan(8);
        expect(build.scenario.overrides.length).toBeGreaterThan(20);
        const count = build.scenario.overrides.length;

        const person = await join(suite.browser, large, 'facilitator', 'Lea Large');
        const page = person.page;
        page.setDefaultTimeout(20_000);
        await openScenarios(page);
        const panel = page.getByRole('region', { name: 'Suggested ways to close gaps' });
        await panel.getByRole('button', { name: 'Suggest', exact: true }).click();
        const card = panel.getByRole('article', { name: 'Build ahead' });
        await card
          .getByRole('button', { name: `Show all ${build.explanation.length} reasons` })
          .click();
        const reasons = card.getByRole('region', { name: 'All reasons for Build ahead' });
        expect(await reasons.getByRole('listitem').count()).toBe(build.explanation.length);
        // The long list scrolls in its own box rather than stretching the page.
        const box = await reasons.boundingBox();
        expect(box?.height ?? Infinity).toBeLessThanOrEqual(330);
        await page.screenshot({
          path: joinPath(SCREENSHOTS, 'scenario-suggestions-large.png'),
          fullPage: false,
        });

        await card.getByRole('button', { name: 'Create scenario: Build ahead' }).click();
        const detail = page.getByRole('region', { name: 'Build ahead (suggested)', exact: true });
        const overrides = detail.getByRole('region', {
          name: 'Overrides of Build ahead (suggested)',
        });
        await overrides.getByText(`Showing 20 of ${format.quantity(count)} overrides`).waitFor();
        expect(await overrides.getByRole('listitem').count()).toBe(20);
        // Each override names its families in words: no list of all 150 families per row
        // until one is asked for, which then takes the focus.
        expect(await overrides.getByRole('listbox').count()).toBe(0);
        const first = build.scenario.overrides[0];
        const firstFamily = large.plan.families.find(
          (family) => first.targets !== 'all' && family.id === first.targets[0],
        );
        await overrides
          .getByRole('listitem')
          .first()
          .getByText(firstFamily!.name)
          .first()
          .waitFor();
        await overrides
          .getByRole('button', { name: 'Change the families of override 1', exact: true })
          .click();
        const families = overrides.getByRole('listbox', {
          name: 'Families of override 1',
          exact: true,
        });
        await expect
          .poll(() => families.evaluate((node) => node === document.activeElement))
          .toBe(true);
        expect(await families.getByRole('option').count()).toBe(large.plan.families.length);
        expect(await overrides.getByRole('listbox').count()).toBe(1);
        await detail.screenshot({
          path: joinPath(SCREENSHOTS, 'scenario-suggested-overrides.png'),
        });
        await overrides.getByRole('button', { name: `Show all ${format.quantity(count)}` }).click();
        await expect.poll(() => overrides.getByRole('listitem').count()).toBe(count);
        expect(person.problems).toEqual([]);
        await person.context.close();
      } finally {
        await large.close();
      }
    },
  );
});
