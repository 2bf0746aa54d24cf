import { readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addAction,
  addRisk,
  readRecords,
  STANDARD_AGENDA,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { addMonths } from '../../shared/engine/index.ts';
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

const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;
const QUESTION = 'Fund a second shift on Assembly line 1 from February?';
const CHOSEN = 'Yes, from 1 February';
const NOTES = 'Drill demand is up 8% on last month; supply can follow from February.';
const ACTION = 'Split the four-month budget gap by family';

let ws: TestWorkspace;
let browser: Browser;
/** The facilitator, who runs the meeting. */
let ana: Participant;
/** A board member who reads the minutes in a second browser context. */
let ben: Participant;
const everyone: Participant[] = [];

const agendaButton = (page: Page, n: number) =>
  page.locator('#agenda-items').getByRole('button', { name: TITLE(n) });
const minutesItem = (page: Page, n: number) =>
  page.getByRole('article', { name: `${n}. ${TITLE(n)}` });

/** A risk and a carried-over action recorded before the meeting, through the relay. */
function prepare(doc: CycleDoc): void {
  addRisk(doc, {
    title: 'Resin supplier may miss February deliveries',
    kind: 'risk',
    probability: 4,
    impact: 5,
    impactValue: 120_000,
    owner: 'Chen Li',
    mitigation: 'Qualify a second resin source by January',
    status: 'open',
    raisedIn: ws.cycle,
  });
  addAction(doc, {
    title: 'Confirm the overtime budget for Assembly line 1',
    owner: 'Chen Li',
    due: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10),
    status: 'open',
    raisedIn: addMonths(ws.cycle, -1),
  });
}

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  await prepareCycle(ws, prepare, (doc) => readRecords(doc, 'actions').records.length === 1);
  ana = await join(browser, ws, 'facilitator', 'Ana Ruiz');
  ben = await join(browser, ws, 'viewer', 'Ben Okafor');
  everyone.push(ana, ben);
}, 60_000);

afterAll(async () => {
  destroyAllClients();
  await closeWorkspaceSuite(ws, browser);
});

describe('the minutes of the meeting', () => {
  it('the facilitator holds items 1 and 2: notes, a decision, a noted item, attendance', async () => {
    const page = ana.page;
    await openView(ws, ana, 'meeting');
    await page.getByRole('button', { name: 'Start meeting', exact: true }).click();
    await page.locator('#agenda-items [aria-current="step"]').getByText(TITLE(1)).waitFor();

    const attendance = page.getByRole('region', { name: 'Attendance' });
    await attendance
      .getByRole('combobox', { name: 'Name of a person expected' })
      .fill('Dana Schultz');
    await attendance.getByRole('combobox', { name: 'Their function' }).selectOption('finance');
    await attendance.getByRole('button', { name: 'Add', exact: true }).click();
    await attendance.getByRole('button', { name: 'Mark Ana Ruiz present' }).click();
    await attendance.getByText('1 of 2 present').waitFor();

    await page.getByRole('textbox', { name: `Notes, ${TITLE(1)}`, exact: true }).click();
    await page.keyboard.type(NOTES);
    await page.getByRole('radio', { name: /Record a decision/ }).check();
    await page.getByRole('textbox', { name: 'Question decided' }).fill(QUESTION);
    await page.getByRole('textbox', { name: 'Option chosen' }).fill(CHOSEN);
    await page.getByRole('combobox', { name: 'Owner' }).fill('Chen Li');
    await page.getByRole('button', { name: 'Close item' }).click();
    await page.getByText('Closed with a decision').waitFor();

    await page.getByRole('button', { name: 'Next item' }).click();
    await page.locator('#agenda-items [aria-current="step"]').getByText(TITLE(2)).waitFor();
    await page.getByRole('radio', { name: /Noted, no decision needed/ }).check();
    await page.getByRole('button', { name: 'Close item' }).click();
    await agendaButton(page, 2).getByText('Closed').waitFor();
  }, 60_000);

  it('shows both items with their outcome, from the meeting view and in a second context', async () => {
    await ana.page.getByRole('button', { name: 'Open the minutes' }).click();
    expect(new URL(ana.page.url()).pathname).toBe(`/w/${TEST_WORKSPACE}/${ws.cycle}/minutes`);
    await openView(ws, ben, 'minutes');

    for (const page of [ana.page, ben.page]) {
      await page
        .getByRole('main')
        .getByRole('heading', { level: 1, name: `S&OP cycle ${ws.cycle}` })
        .waitFor();
      const first = minutesItem(page, 1);
      await first.getByText('Closed', { exact: true }).waitFor();
      await first.getByRole('link', { name: QUESTION }).waitFor();
      await first.getByText(`Chosen: ${CHOSEN}`).waitFor();
      await first.getByText(NOTES).waitFor();
      expect(await first.innerText()).toMatch(/Closed \d\d:\d\d UTC by Ana Ruiz/);
      await minutesItem(page, 2).getByText('Noted, no decision needed (by Ana Ruiz).').waitFor();
      await minutesItem(page, 3).getByText('Open: no outcome recorded').waitFor();
      const facts = await page.locator('#minutes-title ~ dl').innerText();
      expect(facts).toMatch(/Present \(1\)\s+Ana Ruiz\n/);
      expect(facts).toMatch(/Absent \(1\)\s+Dana Schultz \(Finance\)\n/);
      expect(facts).toContain('2 of 10 items closed; 8 with no outcome recorded');
      const decisions = page.getByRole('region', { name: /^Decisions/ });
      expect(await decisions.locator('tbody tr').count()).toBe(1);
      expect(await decisions.locator('tbody tr').innerText()).toContain('Agreed');
      const actions = page.getByRole('region', { name: /^Actions/ });
      await actions.getByText('Overdue (open)').waitFor();
      const risks = page.getByRole('region', { name: /^Open risks and opportunities/ });
      await risks.getByText('4 × 5 = 20 (High)').waitFor();
      await risks.getByText('120,000 EUR').waitFor();
    }
  }, 60_000);

  it('follows the meeting live: an item closed with an action appears without a reload', async () => {
    const page = ana.page;
    await openView(ws, ana, 'meeting');
    await page.getByRole('button', { name: 'Next item' }).click();
    await page.locator('#agenda-items [aria-current="step"]').getByText(TITLE(3)).waitFor();
    await page.getByRole('radio', { name: /Record an action/ }).check();
    await page.getByRole('textbox', { name: 'Action', exact: true }).fill(ACTION);
    await page.getByRole('combobox', { name: 'Owner' }).fill('Dana Schultz');
    await page.getByRole('textbox', { name: 'Due' }).fill(`${addMonths(ws.cycle, 1)}-15`);
    await page.getByRole('button', { name: 'Close item' }).click();
    await page.getByText('Closed with an action').waitFor();

    const third = minutesItem(ben.page, 3);
    await third.getByRole('link', { name: ACTION }).waitFor();
    await third.getByText(/^Owner: Dana Schultz · Due: 15 \w{3} \d{4}$/).waitFor();
    await third.getByText('Closed', { exact: true }).waitFor();
    await ben.page
      .getByRole('region', { name: /^Actions/ })
      .getByRole('link', { name: ACTION })
      .waitFor();
  }, 60_000);

  it('downloads the minutes as Markdown', async () => {
    const page = ben.page;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`minutes-${ws.cycle}.md`);
    const path = await download.path();
    const markdown = await readFile(path, 'utf8');
    expect(markdown.split('\n')[0]).toBe(`# Minutes: S&OP cycle ${ws.cycle}`);
    expect(markdown).toContain(
      `**Outcome:** Decision: ${QUESTION} Chosen: ${CHOSEN}. Owner: Chen Li.`,
    );
    expect(markdown).toContain('**Outcome:** Noted, no decision needed (by Ana Ruiz).');
    expect(markdown).toContain(`> ${NOTES}`);
    expect(markdown).toContain(`| 1 | ${QUESTION} | ${CHOSEN} | Chen Li |`);
  });

  it('prints the minutes only, from a page of their own', async () => {
    const page = ben.page;
    await page.getByRole('button', { name: 'Print or save as PDF' }).click();
    // The frame is out of sight: the print dialog shows it, the workspace page does not.
    const frame = page.frameLocator('#minutes-print-frame');
    await frame.locator('h1').waitFor({ state: 'attached' });
    expect(await frame.locator('h1').textContent()).toBe(`S&OP cycle ${ws.cycle}`);
    const printed = (await frame.locator('body').textContent()) ?? '';
    expect(printed).toContain(`Decision: ${QUESTION} Chosen: ${CHOSEN}. Owner: Chen Li.`);
    expect(printed).toContain('Noted, no decision needed (by Ana Ruiz).');
    // The minutes only: nothing of the workspace around them.
    expect(await frame.locator('nav, [role="status"], button').count()).toBe(0);
    expect(printed).not.toContain('Download Markdown');

    // The printed page, as the browser lays it out for print.
    const html = await page.locator('#minutes-print-frame').getAttribute('srcdoc');
    expect(html).toContain('@page { size: A4;');
    const sheet = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await sheet.setContent(html ?? '');
    await sheet.emulateMedia({ media: 'print' });
    await sheet.screenshot({ path: joinPath(SCREENSHOTS, 'minutes-print.png'), fullPage: true });
    await sheet.close();
  }, 60_000);

  it('links each agenda item and decision to its place', async () => {
    const page = ben.page;
    await minutesItem(page, 2)
      .getByRole('link', { name: TITLE(2) })
      .click();
    expect(new URL(page.url()).pathname).toBe(`/w/${TEST_WORKSPACE}/${ws.cycle}/meeting/agenda-2`);
    await page.goBack();
    await page
      .getByRole('region', { name: /^Decisions/ })
      .getByRole('link', { name: QUESTION })
      .click();
    expect(new URL(page.url()).pathname).toMatch(/\/decisions\/decisions-[0-9a-f]{8}$/);
    await page.getByText(QUESTION).first().waitFor();
  }, 60_000);

  it('reads like minutes at desktop and tablet width (screenshots)', async () => {
    await openView(ws, ben, 'minutes');
    await minutesItem(ben.page, 3).getByRole('link', { name: ACTION }).waitFor();
    await ben.page.screenshot({ path: joinPath(SCREENSHOTS, 'minutes.png'), fullPage: true });

    const tablet = await join(browser, ws, 'editor', 'Tom Tablet', { width: 800, height: 1100 });
    everyone.push(tablet);
    await openView(ws, tablet, 'minutes');
    await minutesItem(tablet.page, 3).getByRole('link', { name: ACTION }).waitFor();
    const width = await tablet.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(800);
    await tablet.page.screenshot({ path: joinPath(SCREENSHOTS, 'minutes-tablet.png') });

    await openView(ws, ana, 'meeting');
    await ana.page.getByRole('button', { name: 'Open the minutes' }).waitFor();
    await ana.page.screenshot({ path: joinPath(SCREENSHOTS, 'minutes-meeting-link.png') });
  }, 60_000);

  it('showed nobody an error', () => {
    expect(everyone.flatMap((person) => person.problems)).toEqual([]);
  });
});
