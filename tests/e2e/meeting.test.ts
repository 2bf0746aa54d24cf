import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addAction,
  addDecision,
  addNpiItem,
  readRecords,
  STANDARD_AGENDA,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { addMonths } from '../../shared/engine/index.ts';
import { addMeetingRisks } from '../helpers/meeting-risks.ts';
import { destroyAllClients } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  openView,
  prepareCycle,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

const NO_OUTCOME =
  "An agenda item closes only with an outcome: a decision, an action, or 'noted, no decision needed'.";
const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;

let ws: TestWorkspace;
let browser: Browser;
/** The facilitator, who drives. */
let ana: Participant;
/** An editor, who follows. */
let ben: Participant;
const everyone: Participant[] = [];

async function openMeeting(person: Participant): Promise<void> {
  await openView(ws, person, 'meeting');
  await person.page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
}

async function joinMeeting(
  role: 'facilitator' | 'editor' | 'viewer',
  name: string,
  viewport?: { width: number; height: number },
): Promise<Participant> {
  const person = await join(browser, ws, role, name, viewport);
  everyone.push(person);
  await openMeeting(person);
  return person;
}

/** The agenda item this person's meeting view shows. */
const shownTitle = (page: Page) => page.locator('#meeting-item-title').innerText();
/** The item marked as the meeting's current step in this person's agenda. */
const currentStep = (page: Page) => page.locator('#agenda-items [aria-current="step"]');
const agendaItem = (page: Page, n: number) =>
  page.locator('#agenda-items').getByRole('button', { name: TITLE(n) });
const notes = (page: Page, title: string) =>
  page.getByRole('textbox', { name: `Notes, ${title}`, exact: true });
/** The text of an item's notes as typed, without the others' cursors and name tags. */
const notesText = (page: Page, title: string) =>
  notes(page, title).evaluate((content) => {
    const copy = content.cloneNode(true) as HTMLElement;
    copy
      .querySelectorAll('.cm-ySelectionCaret, .cm-ySelectionInfo, .cm-placeholder')
      .forEach((tag) => tag.remove());
    return [...copy.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n');
  });

/** A date `days` from today, `YYYY-MM-DD`. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * What planners record before the meeting, through the relay like any other client:
 * risks (one carried over), an open decision, NPI items (one late), actions (one
 * overdue, one done).
 */
function prepareTheMeeting(doc: CycleDoc): void {
  const cycle = ws.cycle;
  addMeetingRisks(doc, cycle);
  addDecision(doc, {
    question: 'Build stock ahead of the paint shop shutdown in March?',
    owner: 'Ana Ruiz',
    status: 'proposed',
    due: dayFromToday(14),
    madeIn: cycle,
  });
  addNpiItem(doc, {
    name: 'Cordless drill, second generation',
    stage: 'development',
    plannedLaunch: addMonths(cycle, 3),
    forecastLaunch: addMonths(cycle, 5),
    owner: 'Dana Schultz',
  });
  addNpiItem(doc, {
    name: 'Compact kettle',
    stage: 'launch',
    plannedLaunch: addMonths(cycle, 1),
    forecastLaunch: addMonths(cycle, 1),
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
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  await prepareCycle(
    ws,
    prepareTheMeeting,
    (doc) => readRecords(doc, 'actions').records.length === 2,
  );
  ana = await joinMeeting('facilitator', 'Ana Ruiz');
  ben = await joinMeeting('editor', 'Ben Okafor');
});

afterAll(async () => {
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

describe('driving the executive meeting', () => {
  it('the facilitator starts the meeting and item 4; a following editor moves to item 4 and its live data', async () => {
    // Only the facilitator runs the meeting: the editor's button is disabled, saying why.
    const start = ben.page.getByRole('button', { name: 'Start meeting', exact: true });
    expect(await start.isDisabled()).toBe(true);
    expect(await start.getAttribute('title')).toBe(
      'Only the facilitator starts, moves and ends the meeting. You joined as editor.',
    );
    await ben.page
      .getByText('No facilitator is here yet')
      .or(ben.page.getByText('Driven by Ana Ruiz'))
      .waitFor();

    await ana.page.getByRole('button', { name: 'Start meeting', exact: true }).click();
    await currentStep(ben.page).getByText(TITLE(1)).waitFor();
    await expect.poll(() => shownTitle(ben.page)).toBe(TITLE(1));

    await agendaItem(ana.page, 4).click();
    await ana.page.getByRole('button', { name: 'Start this item' }).click();

    await currentStep(ben.page).getByText(TITLE(4)).waitFor();
    expect(await currentStep(ben.page).count()).toBe(1);
    await expect.poll(() => shownTitle(ben.page)).toBe(TITLE(4));
    await ben.page.getByRole('heading', { name: /Revenue and margin against budget/ }).waitFor();
    await ben.page.getByRole('img', { name: /^Revenue against budget by month/ }).waitFor();
    // The facilitator follows the item they started, too.
    expect(new URL(ana.page.url()).pathname).toBe(`/w/${TEST_WORKSPACE}/${ws.cycle}/meeting`);
    await expect.poll(() => shownTitle(ana.page)).toBe(TITLE(4));
  }, 60_000);

  it('shows the time on the current item against its time box, and the meeting time', async () => {
    const timer = ben.page.getByRole('timer', { name: /^Time on this item/ });
    await timer.waitFor();
    expect(await timer.innerText()).toMatch(/^0\d:\d\d\s*\/ 10:00/);
    await expect.poll(() => timer.getAttribute('aria-label')).toMatch(/elapsed of 10 minutes$/);
    await ben.page
      .getByRole('timer', { name: /^Meeting time: .* of 90 minutes planned$/ })
      .waitFor();
    const before = await timer.innerText();
    await expect.poll(() => timer.innerText(), { timeout: 4000 }).not.toBe(before);
  });

  it('turns the timer amber near the end of the time box, and red with the overrun', async () => {
    const late = await join(browser, ws, 'viewer', 'Ivy Clock');
    everyone.push(late);
    // This person's clock runs fast: minutes pass in an instant, the meeting state stays.
    await late.page.clock.install();
    await openMeeting(late);
    const timer = late.page.getByRole('timer', { name: /^Time on this item/ });
    await timer.waitFor();
    expect(await timer.getAttribute('class')).toContain('tone-ok');

    await late.page.clock.fastForward('08:30');
    await timer.getByText('Nearly over').waitFor();
    expect(await timer.getAttribute('class')).toContain('tone-near');
    expect(await timer.getAttribute('aria-label')).toMatch(/nearly over$/);

    await late.page.clock.fastForward('02:30');
    await timer.getByText(/^\+1:\d\d over$/).waitFor();
    expect(await timer.getAttribute('class')).toContain('tone-over');
    expect(await timer.innerText()).toMatch(/^1[01]:\d\d\s*\/ 10:00/);
    await late.page
      .locator('.item-head')
      .screenshot({ path: joinPath(SCREENSHOTS, 'meeting-timer-over.png') });
    await late.context.close();
  }, 60_000);

  it('a follower browses freely, stays put when the facilitator moves on, then jumps back', async () => {
    await ben.page.getByRole('button', { name: 'Browse freely' }).click();
    await agendaItem(ben.page, 7).click();
    await expect.poll(() => shownTitle(ben.page)).toBe(TITLE(7));
    expect(new URL(ben.page.url()).pathname).toMatch(/\/meeting\/agenda-7$/);
    await ben.page
      .getByRole('heading', { name: /Product development/ })
      .first()
      .waitFor();

    await ana.page.getByRole('button', { name: 'Next item' }).click();
    await currentStep(ben.page).getByText(TITLE(5)).waitFor();
    expect(await shownTitle(ben.page)).toBe(TITLE(7));
    await ben.page.getByText(`The meeting is on item 5: ${TITLE(5)}`).waitFor();

    await ben.page.getByRole('button', { name: 'Back to current item' }).click();
    await expect.poll(() => shownTitle(ben.page)).toBe(TITLE(5));
    expect(new URL(ben.page.url()).pathname).toMatch(/\/meeting$/);
    await ben.page.getByRole('button', { name: 'Browse freely' }).waitFor();
  }, 60_000);

  it('shows on each standard item the live data that answers it', async () => {
    const page = ben.page;
    const panel = () => page.getByRole('region', { name: /^Live data/ });
    const visit = async (n: number, heading: RegExp) => {
      await agendaItem(page, n).click();
      await expect.poll(() => shownTitle(page)).toBe(TITLE(n));
      await panel().getByRole('heading', { name: heading }).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
    };

    await visit(1, /Since last month/);
    await panel()
      .getByText('there is no closed plan before it to compare with', { exact: false })
      .waitFor();
    await panel().getByText('Resin supplier may miss February deliveries').waitFor();
    await panel().getByText('Publish the pre-read').waitFor();
    expect(await panel().getByText('Retailer promotion').count()).toBe(0);
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-1.png') });

    await visit(2, /Forecast accuracy/);
    await panel().getByRole('columnheader', { name: 'WMAPE' }).waitFor();
    await panel().getByText('Least accurate families').waitFor();
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-2.png') });

    await visit(3, /Product families/);
    expect(await panel().locator('tbody tr').count()).toBe(8);
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-3.png') });

    await visit(5, /Risk and opportunity register/);
    const risks = panel().locator('tbody tr');
    expect(await risks.count()).toBe(2);
    expect(await risks.nth(0).innerText()).toContain('20 High');
    expect(await risks.nth(1).innerText()).toContain('9 Medium');
    await panel().getByText('1 carried over from earlier cycles').waitFor();
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-5.png') });

    await visit(6, /Open decisions/);
    await panel().getByText('Build stock ahead of the paint shop shutdown in March?').waitFor();

    await visit(7, /Product development/);
    expect(await panel().locator('tbody tr').nth(0).innerText()).toContain('Late 2 months');
    expect(await panel().locator('tbody tr').nth(1).innerText()).toContain('On plan');
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-7.png') });

    await visit(8, /Critical constraints/);
    await panel().getByText('Overloaded resource-months').waitFor();
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-8.png') });

    await visit(9, /The far horizon/);
    await panel().getByText('Trend against budget').waitFor();
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-9.png') });

    await visit(10, /Follow-up actions/);
    const actions = panel().locator('tbody tr');
    expect(await actions.count()).toBe(1);
    expect(await actions.nth(0).innerText()).toContain('Overdue');
    await panel().screenshot({ path: joinPath(SCREENSHOTS, 'meeting-panel-10.png') });

    // Each panel links to its full view.
    await panel().getByRole('link', { name: 'All actions →' }).click();
    expect(new URL(page.url()).pathname).toBe(`/w/${TEST_WORKSPACE}/${ws.cycle}/actions`);
    await openMeeting(ben);
    await expect.poll(() => shownTitle(page)).toBe(TITLE(5));
  }, 90_000);

  it('refuses to close an item without an outcome, and keeps it open', async () => {
    // Closing items is the facilitator's: the editor's button says why it is disabled.
    const editors = ben.page.getByRole('button', { name: 'Close item' });
    expect(await editors.isDisabled()).toBe(true);
    expect(await editors.getAttribute('title')).toBe('Only the facilitator changes the agenda.');

    await expect.poll(() => shownTitle(ana.page)).toBe(TITLE(5));
    await ana.page.getByRole('button', { name: 'Close item' }).click();
    const alert = ana.page.getByRole('alert').filter({ hasText: NO_OUTCOME });
    await alert.waitFor();
    expect(await alert.innerText()).toBe(NO_OUTCOME);
    expect(await currentStep(ana.page).innerText()).toContain('Current');
    expect(await currentStep(ben.page).innerText()).not.toContain('Closed');
  });

  it('closes an item with a decision, which the other person then finds in Decisions', async () => {
    const question = 'Fund a second shift on Assembly line 1 from February?';
    await ana.page.getByRole('radio', { name: /Record a decision/ }).check();
    await ana.page.getByRole('textbox', { name: 'Question decided' }).fill(question);
    // Incomplete: the missing fields are named, and nothing typed is lost.
    await ana.page.getByRole('button', { name: 'Close item' }).click();
    await ana.page.getByText('Write the option the meeting chose.').waitFor();
    await ana.page
      .getByRole('region', { name: 'Outcome' })
      .screenshot({ path: joinPath(SCREENSHOTS, 'meeting-outcome-incomplete.png') });
    expect(await ana.page.getByRole('textbox', { name: 'Question decided' }).inputValue()).toBe(
      question,
    );

    await ana.page.getByRole('textbox', { name: 'Option chosen' }).fill('Yes, from 1 February');
    await ana.page.getByRole('combobox', { name: 'Owner' }).fill('Chen Li');
    await ana.page.getByRole('button', { name: 'Close item' }).click();
    await ana.page.getByText('Closed with a decision').waitFor();
    await ana.page
      .getByRole('region', { name: 'Outcome' })
      .screenshot({ path: joinPath(SCREENSHOTS, 'meeting-outcome-closed.png') });
    await currentStep(ben.page).getByText('Closed: Decision').waitFor();
    await ben.page.getByText(question).first().waitFor();
    // Reopening is a revision (who, when, why), the facilitator's only: the editor's button
    // is disabled and says why; the facilitator is asked why.
    const reopen = ben.page.getByRole('button', { name: 'Reopen item' });
    expect(await reopen.isDisabled()).toBe(true);
    expect(await reopen.getAttribute('title')).toBe(
      'Only the facilitator reopens or changes a closed agenda item.',
    );
    await ana.page.getByRole('textbox', { name: 'Why reopen it?' }).waitFor();

    await ben.page.goto(`${ws.url}/w/${TEST_WORKSPACE}/${ws.cycle}/decisions`);
    await ben.page.getByText(question).first().waitFor();

    await ana.page.getByRole('link', { name: 'Open the decision →' }).click();
    expect(new URL(ana.page.url()).pathname).toMatch(/\/decisions\/decisions-[0-9a-f]{8}$/);
    await ana.page.getByText(question).first().waitFor();
    await openMeeting(ana);
    await openMeeting(ben);
  }, 60_000);

  it('merges notes typed by two people at the same time, losing neither', async () => {
    const title = TITLE(5);
    const fromAna = 'Finance: the revenue gap is seasonal.';
    const fromBen = 'Supply: the second shift can start in February.';
    await notes(ana.page, title).click();
    await notes(ben.page, title).click();
    await ana.page.keyboard.press('Control+End');
    await ben.page.keyboard.press('Control+End');
    await Promise.all([
      ana.page.keyboard.type(fromAna, { delay: 15 }),
      ben.page.keyboard.type(fromBen, { delay: 15 }),
    ]);
    for (const page of [ana.page, ben.page]) {
      await expect.poll(() => notesText(page, title), { timeout: 10_000 }).toContain(fromAna);
      await expect.poll(() => notesText(page, title)).toContain(fromBen);
    }
    expect(await notesText(ana.page, title)).toBe(await notesText(ben.page, title));
  }, 60_000);

  it('records attendance: people here are marked present in one click', async () => {
    const attendance = ana.page.getByRole('region', { name: 'Attendance' });
    await attendance
      .getByRole('combobox', { name: 'Name of a person expected' })
      .fill('Dana Schultz');
    await attendance.getByRole('combobox', { name: 'Their function' }).selectOption('finance');
    await attendance.getByRole('button', { name: 'Add', exact: true }).click();
    await attendance.getByText('0 of 1 present').waitFor();
    await attendance.getByRole('button', { name: 'Mark Ben Okafor present' }).click();
    await attendance.getByText('1 of 2 present').waitFor();
    await attendance.getByRole('checkbox', { name: 'Dana Schultz present' }).check();
    await ben.page
      .getByRole('region', { name: 'Attendance' })
      .getByText('2 of 2 present')
      .waitFor();
  });

  it('lets the facilitator add, move by keyboard and remove an agenda item; not an editor', async () => {
    const editors = ben.page.getByRole('button', { name: 'Edit agenda' });
    expect(await editors.isDisabled()).toBe(true);
    expect(await editors.getAttribute('title')).toBe('Only the facilitator changes the agenda.');

    const page = ana.page;
    await page.getByRole('button', { name: 'Edit agenda' }).click();
    await page
      .getByRole('textbox', { name: 'Title of the new agenda item' })
      .fill('Pricing review');
    await page
      .getByRole('spinbutton', { name: 'Time box of the new agenda item, in minutes' })
      .fill('15');
    await page.getByRole('button', { name: 'Add item' }).click();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Title of agenda item 11' }).inputValue())
      .toBe('Pricing review');

    await page
      .getByRole('region', { name: 'Agenda' })
      .screenshot({ path: joinPath(SCREENSHOTS, 'meeting-agenda-edit.png') });
    await page.getByRole('button', { name: 'Move “Pricing review” up' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Title of agenda item 10' }).inputValue())
      .toBe('Pricing review');
    // The keyboard stays on the moved item.
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Title of agenda item 9' }).inputValue())
      .toBe('Pricing review');

    await page.getByRole('button', { name: 'Remove “Pricing review”' }).click();
    await page.getByRole('button', { name: 'Remove item' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.locator('#agenda-items > li').count()).toBe(10);
    await expect.poll(() => ben.page.locator('#agenda-items > li').count()).toBe(10);
    expect(await ben.page.getByText('Pricing review').count()).toBe(0);
  }, 60_000);

  it('a viewer follows but cannot start items, close items, edit the agenda or type notes', async () => {
    const viewer = await joinMeeting('viewer', 'Eve Board');
    const page = viewer.page;
    await currentStep(page).getByText(TITLE(5)).waitFor();
    await expect.poll(() => shownTitle(page)).toBe(TITLE(5));
    for (const name of [
      'Start meeting',
      'Start this item',
      'Next item',
      'Close item',
      'Edit agenda',
      'Reopen item',
    ]) {
      // Shown disabled at most, with the reason beside it.
      expect(await page.getByRole('button', { name, disabled: false }).count(), name).toBe(0);
    }
    await page
      .getByText('Only the facilitator starts, moves and ends the meeting.')
      .first()
      .waitFor();
    const box = notes(page, TITLE(5));
    await box.waitFor();
    expect(await box.getAttribute('contenteditable')).toBe('false');
    const before = await notesText(page, TITLE(5));
    expect(before).toContain('Finance: the revenue gap is seasonal.');
    await box.click();
    await page.keyboard.type('viewer text');
    await page.waitForTimeout(300);
    expect(await notesText(page, TITLE(5))).toBe(before);
    expect(await notesText(ana.page, TITLE(5))).not.toContain('viewer text');

    await agendaItem(page, 6).click();
    expect(
      await page.getByRole('button', { name: 'Start this item', disabled: false }).count(),
    ).toBe(0);
    expect(await page.getByRole('radio').count()).toBe(0);
  }, 60_000);

  it('looks like a meeting room at desktop and tablet width (screenshots)', async () => {
    await agendaItem(ana.page, 4).click();
    await ana.page.getByRole('button', { name: 'Start this item' }).click();
    await notes(ana.page, TITLE(4)).click();
    await ana.page.keyboard.type(
      'Revenue is on budget over the horizon, but four months from November 2027 fall short. Finance to split that gap by family before the next cycle.',
    );
    await expect.poll(() => shownTitle(ben.page)).toBe(TITLE(4));
    await ben.page.getByRole('img', { name: /^Revenue against budget by month/ }).waitFor();
    await ben.page.locator('.chart canvas').waitFor();
    await ben.page.getByText('Loading chart…').waitFor({ state: 'detached' });
    await ben.page.mouse.move(0, 0);
    await ben.page.evaluate(() => window.scrollTo(0, 0));
    await ben.page.screenshot({ path: joinPath(SCREENSHOTS, 'meeting.png') });

    const tablet = await joinMeeting('editor', 'Tom Tablet', { width: 800, height: 1100 });
    await expect.poll(() => shownTitle(tablet.page)).toBe(TITLE(4));
    await tablet.page.getByText('Loading chart…').waitFor({ state: 'detached' });
    const fold = tablet.page.getByRole('button', { name: 'Show all items' });
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await tablet.page.locator('#agenda-items').isVisible()).toBe(false);
    const width = await tablet.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(800);
    await tablet.page.evaluate(() => window.scrollTo(0, 0));
    await tablet.page.screenshot({ path: joinPath(SCREENSHOTS, 'meeting-tablet.png') });
    await fold.click();
    await currentStep(tablet.page).waitFor();
  }, 60_000);

  it('showed nobody an error', () => {
    expect(everyone.flatMap((person) => person.problems)).toEqual([]);
  });
});
