import { readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { nextCycleId } from '../../shared/doc/index.ts';
import { cellPattern } from '../helpers/plan-cells.ts';
import { SCREENSHOTS, facilitatorAndEditorForFile } from '../helpers/workspace.ts';

/**
 * Rolling into the next cycle in two browsers against the real server: the facilitator
 * raises an action and a risk, starts the next cycle; the editor's view of the closed
 * cycle turns read-only with its verified content hash; the next cycle opens with the
 * carried risk and action (and their origin), and the cycle file downloads whole.
 */

const suite = facilitatorAndEditorForFile(() => inject('clientDir'));

describe('starting the next cycle', () => {
  it(
    'closes the cycle for everyone and carries open work into the next',
    { timeout: 90_000 },
    async () => {
      const next = nextCycleId(suite.ws.cycle);
      const { page } = suite.fran;

      // Open work to carry: an action raised in the Actions view.
      await page
        .getByRole('navigation', { name: 'Views of the cycle' })
        .getByRole('link', { name: /^Actions/ })
        .click();
      await page.getByRole('button', { name: 'New action' }).click();
      const form = page.getByRole('complementary', { name: 'New action' });
      await form
        .getByLabel('Action', { exact: true })
        .fill('Confirm the second shift with the union');
      await form.getByLabel('Owner', { exact: true }).fill('Ben Okafor');
      await form.getByLabel('Due', { exact: true }).fill(`${suite.ws.cycle}-20`);
      await form.getByRole('button', { name: 'Create action' }).click();
      await page.getByText('Confirm the second shift with the union').first().waitFor();

      // And a risk, in the Risks view.
      await page
        .getByRole('navigation', { name: 'Views of the cycle' })
        .getByRole('link', { name: /^Risks/ })
        .click();
      await page
        .getByRole('region', { name: 'Risks & opportunities', exact: true })
        .getByRole('button', { name: 'New risk' })
        .click();
      const riskForm = page.getByRole('complementary', { name: 'New risk' });
      await riskForm.getByLabel('Title', { exact: true }).fill('Port strike delays resin');
      await riskForm.getByRole('button', { name: 'Create risk' }).click();
      await page.getByRole('row', { name: /Port strike delays resin/ }).waitFor();

      // Editors do not get the button; the facilitator does.
      await expect(
        suite.ben.page.getByRole('button', { name: /^Start \d{4}-\d\d/ }).count(),
      ).resolves.toBe(0);
      await page.getByRole('button', { name: `Start ${next}…` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('is frozen', { exact: false }).waitFor();
      await page.screenshot({ path: joinPath(SCREENSHOTS, 'next-cycle-confirm.png') });
      // The demo cycle leaves items open: starting anyway needs the acknowledgement.
      await dialog.getByRole('checkbox', { name: /^Start anyway, leaving open/ }).check();
      await dialog
        .getByRole('button', { name: `Close ${suite.ws.cycle} with items open and start ${next}` })
        .click();
      await dialog.getByText('has started').waitFor();
      await expect(dialog.getByText(/Carried over/).textContent()).resolves.toMatch(
        /\b[1-9]\d* open actions?\b/,
      );

      // The editor's copy turns read-only, with the hash checked against its own copy.
      const banner = suite.ben.page.getByRole('region', { name: /was closed on/ });
      await banner.waitFor();
      await banner.getByText("Verified: this device's copy matches it").waitFor();
      await suite.ben.page.screenshot({ path: joinPath(SCREENSHOTS, 'closed-cycle.png') });
      await suite.ben.page
        .getByRole('navigation', { name: 'Views of the cycle' })
        .getByRole('link', { name: /^Plan/ })
        .click();
      const cell = suite.ben.page
        .getByRole('gridcell', {
          name: new RegExp(`^Demand, .+, ${suite.ws.plan.periods[1]}(: |$)`),
        })
        .first();
      await cell.click();
      await suite.ben.page.keyboard.type('5');
      await expect(suite.ben.page.locator('input[aria-label^="Demand"]').count()).resolves.toBe(0);

      // The facilitator opens the next cycle: the action carried, with where it came from.
      await dialog.getByRole('button', { name: /^Open / }).click();
      await page.waitForURL(new RegExp(`/${next}/plan`));
      await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
      await page
        .getByRole('navigation', { name: 'Views of the cycle' })
        .getByRole('link', { name: /^Actions/ })
        .click();
      await page.getByText('Confirm the second shift with the union').first().waitFor();
      await page
        .getByRole('navigation', { name: 'Views of the cycle' })
        .getByRole('link', { name: /^Risks/ })
        .click();
      await page.getByRole('row', { name: /Port strike delays resin/ }).waitFor();

      // The whole cycle downloads as one file.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download cycle' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`cycle-demo-${next}.json`);
      const file = JSON.parse(await readFile((await download.path())!, 'utf8'));
      expect(file.format).toBe('fulcrum.cycle');
      expect(file.plan.cycle).toBe(next);
      expect(file.previous.cycle).toBe(suite.ws.cycle);

      // The home view marks the closed cycle; importing the file again is refused in words.
      await page.getByRole('link', { name: 'All cycles of the workspace' }).click();
      const list = page.getByRole('region', { name: 'Cycles of workspace demo' });
      await list
        .getByRole('button', { name: /December 2026/ })
        .getByText('Closed')
        .waitFor();
      await list
        .getByRole('button', { name: /January 2027/ })
        .getByText('Current')
        .waitFor();
      await list.getByLabel('Import a cycle file').setInputFiles((await download.path())!);
      await list
        .getByRole('alert')
        .getByText(`Cycle ${next} already exists in this workspace.`)
        .waitFor();
      await page.screenshot({ path: joinPath(SCREENSHOTS, 'home-cycles.png') });
      // The browser logs the refused request itself; nothing else went wrong.
      expect(suite.fran.problems).toEqual([
        'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
      ]);
      suite.fran.problems.length = 0;
      await list.getByRole('button', { name: /January 2027/ }).click();
      expect(suite.fran.problems).toEqual([]);
      expect(suite.ben.problems).toEqual([]);
    },
  );

  it(
    'compares the new plan with the closed one on agenda item 1 and asks reasons for big changes',
    { timeout: 90_000 },
    async () => {
      const next = nextCycleId(suite.ws.cycle);
      const { page } = suite.fran;
      const family = suite.ws.plan.families[0];
      const month = suite.ws.plan.periods[2];
      // A big change in the new cycle: demand of one family and month up by 5,000 units.
      await page.goto(`${suite.ws.url}/w/demo/${next}/plan`);
      await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
      const cell = page.getByRole('gridcell', {
        name: cellPattern(`Demand, ${family.name}, ${month}`),
      });
      await cell.scrollIntoViewIfNeeded();
      const before = Number((await cell.textContent())!.replace(/[^0-9]/g, ''));
      await cell.click();
      await page.keyboard.type(String(before + 5000));
      await page.keyboard.press('Enter');

      await page.goto(`${suite.ws.url}/w/demo/${next}/meeting/agenda-1`);
      const pop = page.getByRole('region', { name: /^Plan over plan/ });
      await pop.waitFor();
      await pop.getByText(`Against the closed plan of`).waitFor();
      await pop.getByRole('img', { name: /^Revenue bridge from/ }).waitFor();
      const row = pop.getByRole('row', { name: new RegExp(family.name) });
      await row.getByText('Needs a reason').waitFor();
      await row.getByRole('button', { name: 'Needs a reason' }).click();
      await pop
        .getByLabel(`Comment on the change of ${family.name}`)
        .fill('Retailer promotion in March confirmed by Sales');
      await pop.getByRole('button', { name: 'Add comment' }).click();
      await row.getByText('Reason given').waitFor();
      await page.screenshot({ path: joinPath(SCREENSHOTS, 'plan-over-plan.png'), fullPage: true });

      // The reason is the meeting's: another person sees it.
      await suite.ben.page.goto(`${suite.ws.url}/w/demo/${next}/meeting/agenda-1`);
      await suite.ben.page
        .getByRole('region', { name: /^Plan over plan/ })
        .getByRole('row', { name: new RegExp(family.name) })
        .getByText('Reason given')
        .waitFor();
      expect(suite.fran.problems).toEqual([]);
    },
  );
});
