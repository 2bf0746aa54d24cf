import { join as joinPath } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { nextCycleId, STANDARD_AGENDA } from '../../shared/doc/index.ts';
import { facilitatorAndEditorForFile, openView, SCREENSHOTS } from '../helpers/workspace.ts';

/**
 * The end of the meeting and the checked close, in two browsers against the real
 * server: an editor cannot end the meeting (the control is disabled with the rule); the
 * facilitator ends it after a confirmation, and the clock stops for both; an outcome then
 * changes only as a revision; the next cycle starts only once what is left open is
 * acknowledged, and the closed cycle's minutes show the acknowledgement.
 */

const suite = facilitatorAndEditorForFile(() => inject('clientDir'));
const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: joinPath(SCREENSHOTS, `end-and-close-${name}.png`), fullPage: true });

/** The meeting's clock in this person's status card. */
const meetingClock = (page: Page) => page.getByRole('timer', { name: /^Meeting time:/ });
const agendaItem = (page: Page, n: number) =>
  page.locator('#agenda-items').getByRole('button', { name: TITLE(n) });

/** Closes the agenda item shown with "noted, no decision needed". */
async function closeNoted(page: Page): Promise<void> {
  await page.getByRole('radio', { name: /Noted, no decision needed/ }).check();
  await page.getByRole('button', { name: 'Close item', exact: true }).click();
}

describe('ending the meeting and the checked close', () => {
  it(
    'ends the meeting for everyone, keeps outcomes as revisions, and closes with an acknowledgement',
    { timeout: 120_000 },
    async () => {
      const { fran, ben, ws } = suite;
      const next = nextCycleId(ws.cycle);
      await openView(ws, fran, 'meeting');
      await openView(ws, ben, 'meeting');

      // The facilitator starts the meeting and closes item 1 in it.
      await fran.page.getByRole('button', { name: 'Start meeting', exact: true }).click();
      await meetingClock(ben.page).waitFor();
      await closeNoted(fran.page);
      await fran.page.getByText(/^Closed by Fran Facilitator at /).waitFor();

      // The editor cannot end it: the control is there, disabled, with the rule in words.
      const benEnd = ben.page.getByRole('button', { name: 'End meeting', exact: true });
      await benEnd.waitFor();
      expect(await benEnd.isDisabled()).toBe(true);
      const rule = 'Only the facilitator starts, moves and ends the meeting. You joined as editor.';
      expect(await benEnd.getAttribute('title')).toBe(rule);
      await ben.page.locator('#meeting-end-why').getByText(rule).waitFor();
      await shot(ben.page, 'editor-cannot-end');

      // The facilitator ends it after a confirmation, by keyboard.
      const end = fran.page.getByRole('button', { name: 'End meeting…' });
      await end.focus();
      await fran.page.keyboard.press('Enter');
      const confirm = fran.page.getByRole('dialog', { name: 'End the meeting?' });
      await confirm.getByText('The meeting clock stops for everyone').waitFor();
      expect(await confirm.innerText()).toContain(
        '9 agenda items have no outcome yet; closing them later is recorded as a revision.',
      );
      await shot(fran.page, 'confirm-end');
      await confirm.getByRole('button', { name: 'End meeting', exact: true }).click();
      await confirm.waitFor({ state: 'hidden' });

      // The clock stops in both browsers, at the same reading, and says so.
      for (const person of [fran, ben]) {
        const clock = meetingClock(person.page);
        await person.page.getByText('Ended', { exact: true }).waitFor();
        await expect
          .poll(() => clock.getAttribute('aria-label'))
          .toMatch(/stopped: the meeting has ended$/);
      }
      const stopped = await meetingClock(fran.page).innerText();
      expect(await meetingClock(ben.page).innerText()).toBe(stopped);
      // A running clock ticks every second; a stopped one reads the same a tick later.
      await fran.page.waitForTimeout(1500);
      expect(await meetingClock(fran.page).innerText()).toBe(stopped);
      expect(await meetingClock(ben.page).innerText()).toBe(stopped);
      await expect
        .poll(() => ben.page.getByRole('region', { name: 'Executive meeting' }).innerText())
        .toMatch(/Ended at \d\d:\d\d UTC by Fran Facilitator · 1 of 10 closed · minutes final/);
      await shot(ben.page, 'editor-after-end');

      // Item 1, closed in the meeting, changes only by a revision (who, when, why).
      const outcome = fran.page.getByRole('region', { name: 'Outcome', exact: true });
      await expect
        .poll(() => outcome.innerText())
        .toContain(
          'The meeting has ended: a change of this outcome is recorded as a revision (who, when, why).',
        );
      await fran.page.getByLabel('Why reopen it?').waitFor();
      expect(
        await fran.page.getByRole('radio', { name: /Noted, no decision needed/ }).count(),
      ).toBe(0);
      // Item 2, still open, closes late as a revision that says so.
      await agendaItem(fran.page, 2).click();
      await fran.page.locator('#meeting-item-title').getByText(TITLE(2)).waitFor();
      await expect
        .poll(() => outcome.innerText())
        .toContain(
          'The meeting has ended: closing this item is recorded as a revision (who, when, why).',
        );
      await closeNoted(fran.page);
      await fran.page.getByText('Closed after the meeting ended').first().waitFor();
      await shot(fran.page, 'closed-late-as-revision');

      // The minutes are final.
      await ben.page.getByRole('button', { name: 'Open the minutes' }).click();
      await ben.page
        .getByText(/^Final: meeting ended at \d\d:\d\d UTC on .+ by Fran Facilitator\.$/)
        .waitFor();
      // Item 2, closed late, reads closed with the revision that closed it.
      await ben.page
        .getByText(/^Revised .+ by Fran Facilitator: Closed after the meeting ended\.$/)
        .waitFor();
      await shot(ben.page, 'minutes-final');

      // The checked close: the checklist names what is open; starting needs the acknowledgement.
      await fran.page.getByRole('button', { name: `Start ${next}…` }).click();
      const start = fran.page.getByRole('dialog').filter({ hasText: 'Before it closes' });
      const agendaLine = start.locator('[data-key="agendaWithoutOutcome"]');
      await agendaLine.getByText('8 open').waitFor();
      await agendaLine
        .getByText(`3. ${TITLE(3)}, 4. ${TITLE(4)}, 5. ${TITLE(5)} and 5 more`)
        .waitFor();
      await start.locator('[data-key="inputsNotSubmitted"]').getByText(/open$/).waitFor();
      const go = start.getByRole('button', {
        name: `Close ${ws.cycle} with items open and start ${next}`,
      });
      expect(await go.isDisabled()).toBe(true);
      await shot(fran.page, 'checklist');
      const acknowledge = start.getByRole('checkbox', { name: /^Start anyway, leaving open:/ });
      await acknowledge.check();
      expect(await go.isDisabled()).toBe(false);
      await shot(fran.page, 'checklist-acknowledged');
      await go.click();
      await fran.page.getByRole('dialog').getByText('has started').waitFor();

      // The closed cycle's minutes show what was left open, by whom and when.
      await ben.page.getByRole('region', { name: /was closed on/ }).waitFor();
      const closedOpen = ben.page.getByRole('region', { name: 'Closed with items open' });
      await closedOpen
        .getByText(
          /^Fran Facilitator started the next cycle on .+, acknowledging what was left open:$/,
        )
        .waitFor();
      await closedOpen
        .getByText(
          `Agenda items without an outcome: 8 (3. ${TITLE(3)}, 4. ${TITLE(4)}, 5. ${TITLE(5)} and 5 more)`,
        )
        .waitFor();
      await closedOpen.scrollIntoViewIfNeeded();
      await shot(ben.page, 'minutes-closed-open');

      // The browser logs nothing but what the test expects.
      expect(fran.problems).toEqual([]);
      expect(ben.problems).toEqual([]);
    },
  );
});
