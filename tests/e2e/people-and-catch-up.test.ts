import { join as joinPath } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STANDARD_AGENDA } from '../../shared/doc/index.ts';
import {
  closeWorkspaceSuite,
  join,
  SCREENSHOTS,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * The workspace's people and catching up, in real Chromium against the real server, one
 * browser context per person: Sam (an editor) picks an action's owner from the
 * workspace's people, is refused two owners, confirms a past due date and sees the new
 * action's age as "today"; Fran (the facilitator) lists Sue as expected, holds the
 * meeting without her and corrects a person on the home view; Sue, who missed the
 * meeting and never opened the cycle, sees what it did in agenda order, with who and when.
 */

const FRAN = 'Fran Facilitator';
const SAM = 'Sam Sales';
const SUE = 'Sue Supply';
const QUESTION = 'Run a second shift on the assembly line from February?';
const CHOSEN = 'Yes, from 1 February';
const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;

let ws: TestWorkspace;
let browser: Browser;
let fran: Participant;
let sam: Participant;
let sue: Participant;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
});

afterAll(() => closeWorkspaceSuite(ws, browser));

const panel = (page: Page, name: string) => page.getByRole('complementary', { name });
const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });

/** A day `offset` days from today on this machine's calendar, `YYYY-MM-DD`. */
function day(offset: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The text of the element a field's aria-describedby names. */
async function describedText(field: Locator): Promise<string> {
  const id = await field.getAttribute('aria-describedby');
  return field.page().locator(`[id="${id}"]`).innerText();
}

describe("the workspace's people, owners and dates", () => {
  it("offers the workspace's people as owners, with their functions", async () => {
    fran = await join(browser, ws, 'facilitator', FRAN, undefined, ['executive']);
    sam = await join(browser, ws, 'editor', SAM, undefined, ['sales']);
    const { page } = sam;
    await page.goto(ws.viewUrl('actions'));
    await connection(page).getByText('Online').waitFor();
    await page
      .getByRole('region', { name: 'Actions', exact: true })
      .getByRole('button', { name: 'New action' })
      .click();
    const form = panel(page, 'New action');
    const owner = form.getByRole('combobox', { name: 'Owner', exact: true });
    await owner.waitFor();
    // The demo workspace's people, each with their functions, are the choices.
    await expect
      .poll(() =>
        form
          .locator('datalist option')
          .evaluateAll((options) =>
            options.map((option) => `${(option as HTMLOptionElement).value}|${option.textContent}`),
          ),
      )
      .toEqual(
        expect.arrayContaining([
          `${SAM}|${SAM} · Sales`,
          'Mia Marketing|Mia Marketing · Marketing',
          `${SUE}|${SUE} · Supply chain`,
          `${FRAN}|${FRAN} · Executive`,
          'Finn Finance|Finn Finance · Finance',
        ]),
      );
    await owner.fill(SUE);
    expect(await describedText(owner)).toBe(`In the workspace ${SUE} · Supply chain`);
    await owner.fill('Dana from the carrier');
    expect(await describedText(owner)).toContain('Outside the workspace');
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'people-owner-picker.png') });
  }, 60_000);

  it('refuses two owners, naming the problem beside the owner', async () => {
    const form = panel(sam.page, 'New action');
    await form.getByLabel('Action', { exact: true }).fill('Book extra trucks for January');
    const owner = form.getByRole('combobox', { name: 'Owner', exact: true });
    await owner.fill('Sam (Supply), Ana (Sales)');
    await form.getByLabel('Due', { exact: true }).fill(day(10));
    await form.getByRole('button', { name: 'Create action' }).click();
    await expect.poll(() => owner.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(owner)).toContain(
      'Must name one person, but a comma joins two names: give the action to one owner',
    );
    await sam.page.screenshot({ path: joinPath(SCREENSHOTS, 'people-two-owners.png') });
    expect(await sam.page.getByRole('row', { name: /Book extra trucks/ }).count()).toBe(0);
  });

  it("asks before saving a due date in the past, and a new action's age is today", async () => {
    const { page } = sam;
    const form = panel(page, 'New action');
    await form.getByRole('combobox', { name: 'Owner', exact: true }).fill(SUE);
    const due = form.getByLabel('Due', { exact: true });
    await due.fill(day(-330));
    await form.getByRole('button', { name: 'Create action' }).click();
    await expect.poll(() => due.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(due)).toMatch(
      /is in the past\. Press Create action again to keep it, or choose a later date\.$/,
    );
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'people-past-due.png') });
    expect(await page.getByRole('row', { name: /Book extra trucks/ }).count()).toBe(0);
    await form.getByRole('button', { name: 'Create action' }).click();
    const row = page
      .getByRole('region', { name: 'Actions', exact: true })
      .getByRole('row', { name: /Book extra trucks/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(1).innerText()).toBe(SUE);
    expect(await row.getByRole('cell').nth(4).innerText()).toBe('today');
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'people-action-age.png') });
  }, 30_000);

  it("proposes a gap's owner, not the person looking, for an action raised from it", async () => {
    const { page } = sam;
    await page.goto(ws.viewUrl('gaps'));
    const gaps = page.getByRole('region', { name: 'Gaps', exact: true });
    await gaps.locator('table tbody tr').first().getByRole('button').click();
    const details = panel(page, 'Gap details');
    await details.getByRole('combobox', { name: 'Owner', exact: true }).fill(SUE);
    await details.getByRole('button', { name: 'Save note' }).click();
    await details.getByRole('status').getByText('Saved').waitFor();
    await details.getByRole('button', { name: 'Create action' }).click();
    const owner = details
      .getByRole('region', { name: 'New action' })
      .getByRole('combobox', { name: 'Owner', exact: true });
    expect(await owner.inputValue()).toBe(SUE);
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'people-gap-action.png') });
  }, 30_000);

  it('lets the facilitator correct a person, and only the facilitator', async () => {
    await fran.page.goto(ws.url);
    const people = fran.page.getByRole('region', { name: 'People of the workspace' });
    await people.getByRole('button', { name: 'Edit Finn Finance' }).click();
    await people.getByLabel('Name', { exact: true }).fill('Finn Fernandez');
    await people
      .getByRole('group', { name: 'Functions of Finn Finance' })
      .getByLabel('Executive')
      .check();
    await people.getByRole('button', { name: 'Save Finn Finance' }).click();
    await people.getByRole('status').getByText('Finn Fernandez saved.').waitFor();
    const row = people.getByRole('row', { name: /Finn Fernandez/ });
    expect(await row.innerText()).toMatch(/Finn Fernandez\s+Editor\s+Finance, Executive/);
    await fran.page.screenshot({ path: joinPath(SCREENSHOTS, 'people-home.png'), fullPage: true });

    await sam.page.goto(ws.url);
    const seen = sam.page.getByRole('region', { name: 'People of the workspace' });
    await seen.getByRole('row', { name: /Finn Fernandez/ }).waitFor();
    expect(await seen.getByRole('button', { name: /^Edit / }).count()).toBe(0);
  }, 30_000);
});

describe('catching up on a meeting missed', () => {
  it('the facilitator expects Sue, and holds the meeting without her', async () => {
    const { page } = fran;
    await page.goto(ws.viewUrl('meeting'));
    await connection(page).getByText('Online').waitFor();
    await page.getByRole('combobox', { name: 'Name of a person expected' }).fill(SUE);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const attendance = page.getByRole('region', { name: 'Attendance' });
    await attendance
      .getByRole('listitem')
      .filter({ hasText: SUE })
      .getByText('Supply chain')
      .waitFor();
    await page.getByRole('button', { name: 'Start meeting', exact: true }).click();
    const agendaItem = (n: number) =>
      page.locator('#agenda-items').getByRole('button', { name: TITLE(n) });
    const shownTitle = () => page.locator('#meeting-item-title').innerText();

    // Item 6 closes first, with a decision; then item 2, noted.
    await agendaItem(6).click();
    await expect.poll(shownTitle).toBe(TITLE(6));
    await page.getByRole('radio', { name: /Record a decision/ }).check();
    await page.getByRole('textbox', { name: 'Question decided' }).fill(QUESTION);
    await page.getByRole('textbox', { name: 'Option chosen' }).fill(CHOSEN);
    await page.getByRole('combobox', { name: 'Owner' }).fill(FRAN);
    await page.getByRole('button', { name: 'Close item' }).click();
    await page.getByText('Closed with a decision').waitFor();

    await agendaItem(2).click();
    await expect.poll(shownTitle).toBe(TITLE(2));
    await page.getByRole('radio', { name: /Noted, no decision needed/ }).check();
    await page.getByRole('button', { name: 'Close item' }).click();
    await page.getByRole('button', { name: 'Close item' }).waitFor({ state: 'detached' });
    await connection(page).getByText('Server has all edits').waitFor({ timeout: 15_000 });
  }, 60_000);

  it('shows Sue, absent and new to the cycle, what the meeting did, in agenda order', async () => {
    sue = await join(browser, ws, 'editor', SUE, undefined, ['supplyChain']);
    const { page } = sue;
    await page.goto(ws.viewUrl('catchup'));
    const region = page.getByRole('region', { name: 'Since you were here' });
    await region.getByText(/^Everything since the meeting started on .+ · \d+ changes?$/).waitFor({
      timeout: 15_000,
    });
    expect(await region.getByText('You are up to date').count()).toBe(0);

    const agenda = region.getByRole('region', { name: /^Agenda items/ });
    const titles = await agenda.getByRole('listitem').getByRole('link').allInnerTexts();
    expect(titles).toEqual([TITLE(2), TITLE(6)]);
    for (const item of await agenda.getByRole('listitem').all()) {
      await expect
        .poll(() => item.innerText())
        .toMatch(new RegExp(`By ${FRAN}, \\w+ \\d+, \\d+:\\d\\d\\s[AP]M`));
    }
    const decisions = region.getByRole('region', { name: /^Decisions/ });
    const decision = decisions.getByRole('listitem').filter({ hasText: QUESTION });
    await expect
      .poll(() => decision.innerText(), { timeout: 10_000 })
      .toMatch(new RegExp(`By ${FRAN}, \\w+ \\d+, \\d+:\\d\\d\\s[AP]M`));
    await page.screenshot({
      path: joinPath(SCREENSHOTS, 'catch-up-missed-meeting.png'),
      fullPage: true,
    });
  }, 60_000);

  it('shows no errors in the console', () => {
    const unexpected = [...fran.problems, ...sam.problems, ...sue.problems].filter(
      (problem) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(problem),
    );
    expect([...new Set(unexpected)]).toEqual([]);
  });
});
