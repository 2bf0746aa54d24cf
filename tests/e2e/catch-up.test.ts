import { join as joinPath } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STANDARD_AGENDA } from '../../shared/doc/index.ts';
import { cellName, typeIntoCell } from '../helpers/plan-cells.ts';
import {
  closeWorkspaceSuite,
  join,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  watchPage,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * "Since you were here" in real Chromium against the real server: Ben looks at the cycle
 * once; the meeting is held without him (a decision and an action for him through closed
 * agenda items, a new risk, a large demand change); he opens the cycle online once, so
 * his device gets the changes; then, with the server down, the app opens from the
 * service worker and the device's copy and lists what he missed, each entry linking to
 * its place. "Mark all as seen" empties it, for good; looking at a later change and
 * leaving the list moves what he has seen, too.
 */

const ANA = 'Ana Ruiz';
const BEN = 'Ben Okafor';
const QUESTION = 'Fund a second shift on the assembly line from February?';
const CHOSEN = 'Yes, from 1 February';
const ACTION = 'Hire two operators for the second shift';
const ACTION_DUE = '2027-01-15';
const RISK = 'Resin supplier may miss February deliveries';
const TITLE = (n: number) => STANDARD_AGENDA[n - 1].title;

let ws: TestWorkspace;
let browser: Browser;
let ana: Participant;
/** Ben's browser: its pages come and go, its IndexedDB and service worker stay. */
let benContext: BrowserContext;
const problems: string[] = [];
let serverStopped = false;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
});

afterAll(() => closeWorkspaceSuite(ws, browser));

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Views of the cycle' });
const catchUpLink = (page: Page) => nav(page).getByRole('link', { name: /^Since you were here/ });
const list = (page: Page) => page.getByRole('region', { name: 'Since you were here' });
const group = (page: Page, heading: string) =>
  list(page).getByRole('region', { name: new RegExp(`^${escape(heading)}`) });
/** An entry of the list: the list item holding the link named by the record's title. */
const entry = (scope: Locator, title: string) =>
  scope.getByRole('listitem').filter({ has: scope.page().getByRole('link', { name: title }) });
const path = (view: string, item: string) =>
  `/w/${TEST_WORKSPACE}/${ws.cycle}/${view}/${encodeURIComponent(item)}`;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How many people this browser keeps "what they last saw" for (the device database). */
function seenRows(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open('fulcrum-device');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('seen')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('seen').objectStore('seen').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

async function benOpens(url: string): Promise<Page> {
  const page = await benContext.newPage();
  watchPage(page, problems);
  await page.goto(url);
  return page;
}

describe('since you were here', () => {
  it('keeps Ben’s first look on his device: nothing to catch up on yet', async () => {
    const ben = await join(browser, ws, 'editor', BEN);
    benContext = ben.context;
    watchPage(ben.page, problems);
    // The app shell is kept by the service worker for the visit with no network.
    await ben.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => seenRows(ben.page), { timeout: 10_000 }).toBe(1);
    expect((await catchUpLink(ben.page).innerText()).trim()).toBe('Since you were here');
    await ben.page.close();
  }, 60_000);

  it('the facilitator holds the meeting without him', async () => {
    ana = await join(browser, ws, 'facilitator', ANA);
    const { page } = ana;
    await page.goto(ws.viewUrl('meeting'));
    await connection(page).getByText('Online').waitFor();
    await page.getByRole('button', { name: 'Start meeting', exact: true }).click();
    const agendaItem = (n: number) =>
      page.locator('#agenda-items').getByRole('button', { name: TITLE(n) });
    const shownTitle = () => page.locator('#meeting-item-title').innerText();

    // Item 6 closes with a decision.
    await agendaItem(6).click();
    await expect.poll(shownTitle).toBe(TITLE(6));
    await page.getByRole('radio', { name: /Record a decision/ }).check();
    await page.getByRole('textbox', { name: 'Question decided' }).fill(QUESTION);
    await page.getByRole('textbox', { name: 'Option chosen' }).fill(CHOSEN);
    await page.getByRole('combobox', { name: 'Owner' }).fill(ANA);
    await page.getByRole('button', { name: 'Close item' }).click();
    await page.getByText('Closed with a decision').waitFor();

    // Item 10 closes with an action for Ben.
    await agendaItem(10).click();
    await expect.poll(shownTitle).toBe(TITLE(10));
    await page.getByRole('radio', { name: /Record an action/ }).check();
    await page.getByRole('textbox', { name: 'Action', exact: true }).fill(ACTION);
    await page.getByRole('combobox', { name: 'Owner' }).fill(BEN);
    await page.getByLabel('Due', { exact: true }).fill(ACTION_DUE);
    await page.getByRole('button', { name: 'Close item' }).click();
    await page.getByText('Closed with an action').waitFor();

    // A new risk.
    await nav(page).getByRole('link', { name: 'Risks & opportunities' }).click();
    await page
      .getByRole('region', { name: 'Risks & opportunities', exact: true })
      .getByRole('button', { name: 'New risk' })
      .click();
    const form = page.getByRole('complementary', { name: 'New risk' });
    await form.getByLabel('Title', { exact: true }).fill(RISK);
    await form.getByLabel('Probability', { exact: true }).selectOption('4');
    await form.getByLabel('Impact in money (EUR)', { exact: true }).fill('120000');
    await form.getByRole('button', { name: 'Create risk' }).click();
    await page.getByRole('row', { name: RISK }).waitFor();

    // A large demand change.
    const family = ws.plan.families[2];
    const month = ws.plan.periods[1];
    await nav(page).getByRole('link', { name: 'Plan', exact: true }).click();
    const before = ws.plan.demand[family.id]?.[month] ?? 0;
    await typeIntoCell(page, cellName('Demand', family.name, month), String(before + 20_000));
    await connection(page).getByText('Server has all edits').waitFor({ timeout: 15_000 });

    // What Ana did herself is not news to her.
    await nav(page)
      .getByRole('link', { name: /^Since you were here/ })
      .click();
    await page.getByText('You are up to date').waitFor();
  }, 90_000);

  it('lists what Ben missed with no network, each entry linking to its place', async () => {
    // Ben opens the cycle online once: his device gets the changes (he does not look).
    let page = await benOpens(ws.viewUrl('plan'));
    await connection(page).getByText('Online').waitFor();
    await expect
      .poll(() => catchUpLink(page).innerText(), { timeout: 15_000 })
      .toMatch(/^Since you were here\s*6$/);
    await connection(page).getByText('Saved on this device').waitFor();
    await page.close();

    // The server goes away; the app opens from the service worker and the device's copy.
    serverStopped = true;
    await ws.stop();
    page = await benOpens(ws.viewUrl('catchup'));
    await connection(page).getByText('Offline').waitFor({ timeout: 15_000 });
    const region = list(page);
    await region.getByRole('heading', { name: 'Since you were here', level: 2 }).waitFor();
    await region.getByText(/^Everything since the cycle opened · 6 changes$/).waitFor();

    // One group per kind, in this order, each with a heading.
    const headings = await region.getByRole('heading', { level: 3 }).allInnerTexts();
    expect(headings.map((text) => text.replace(/\s+/g, ' '))).toEqual([
      'Decisions 1',
      'Actions 1',
      'Risks & opportunities 1',
      'Agenda items 2',
      'Largest plan changes 1',
    ]);

    const decision = entry(group(page, 'Decisions'), QUESTION);
    expect(await decision.innerText()).toContain('New');
    expect(await decision.innerText()).toContain(`agreed: ${CHOSEN} · owner ${ANA}`);
    const decisionHref = await decision.getByRole('link').getAttribute('href');
    expect(decisionHref).toMatch(
      new RegExp(`^/w/${TEST_WORKSPACE}/${ws.cycle}/decisions/decisions-[0-9a-f]{8}$`),
    );

    const action = entry(group(page, 'Actions'), ACTION);
    expect(await action.innerText()).toContain('Assigned to you');
    expect(await action.innerText()).toMatch(/assigned to you, due Jan 15, 2027/);
    const actionHref = await action.getByRole('link').getAttribute('href');
    expect(actionHref).toMatch(
      new RegExp(`^/w/${TEST_WORKSPACE}/${ws.cycle}/actions/actions-[0-9a-f]{8}$`),
    );

    const risk = entry(group(page, 'Risks & opportunities'), RISK);
    expect(await risk.innerText()).toContain('New');
    expect(await risk.innerText()).toContain('new risk · probability 4 × impact');
    expect(await risk.innerText()).toContain('€120,000 at stake');
    expect(await risk.getByRole('link').getAttribute('href')).toMatch(
      new RegExp(`^/w/${TEST_WORKSPACE}/${ws.cycle}/risks/risks-[0-9a-f]{8}$`),
    );

    const agenda = group(page, 'Agenda items');
    const decided = entry(agenda, TITLE(6));
    expect(await decided.innerText()).toContain('Closed');
    expect(await decided.innerText()).toContain(
      `closed with a decision: ${QUESTION} — ${CHOSEN} · by ${ANA}`,
    );
    expect(await decided.getByRole('link').getAttribute('href')).toBe(path('meeting', 'agenda-6'));
    const actioned = entry(agenda, TITLE(10));
    expect(await actioned.innerText()).toContain(
      `closed with an action: ${ACTION} (owner ${BEN}, due Jan 15, 2027) · by ${ANA}`,
    );
    expect(await actioned.getByRole('link').getAttribute('href')).toBe(
      path('meeting', 'agenda-10'),
    );

    const family = ws.plan.families[2];
    const planChange = entry(group(page, 'Largest plan changes'), family.name);
    expect(await planChange.innerText()).toContain('Changed');
    expect(await planChange.innerText()).toMatch(/demand \+20,000 units \(\+[\d,]+\.\d%\)/);
    expect(await planChange.getByRole('link').getAttribute('href')).toBe(path('plan', family.id));

    await page.screenshot({ path: joinPath(SCREENSHOTS, 'catch-up.png'), fullPage: true });
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'catch-up-tablet.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Mark all as seen: the list empties, the badge goes, and it stays so after a reload.
    await region.getByRole('button', { name: 'Mark all as seen' }).click();
    const upToDate = region.getByRole('heading', { name: 'You are up to date' });
    await upToDate.waitFor();
    expect(await upToDate.evaluate((heading) => heading === document.activeElement)).toBe(true);
    expect((await catchUpLink(page).innerText()).trim()).toBe('Since you were here');
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'catch-up-empty.png') });
    await page.reload();
    await connection(page).getByText('Offline').waitFor({ timeout: 15_000 });
    await list(page).getByRole('heading', { name: 'You are up to date' }).waitFor();
    await page.close();
  }, 90_000);

  it('lists a later change live; following its link and leaving the list marks it seen', async () => {
    if (serverStopped) await ws.start();
    serverStopped = false;
    const page = await benOpens(ws.viewUrl('catchup'));
    await connection(page).getByText('Online').waitFor({ timeout: 20_000 });
    await list(page).getByRole('heading', { name: 'You are up to date' }).waitFor();

    // Ana, back online too, closes item 2 as noted.
    await connection(ana.page).getByText('Online').waitFor({ timeout: 20_000 });
    await ana.page.goto(`${ws.viewUrl('meeting')}/agenda-2`);
    await ana.page.getByRole('radio', { name: /Noted, no decision needed/ }).check();
    await ana.page.getByRole('button', { name: 'Close item' }).click();
    await ana.page.getByRole('button', { name: 'Close item' }).waitFor({ state: 'detached' });

    const noted = entry(group(page, 'Agenda items'), TITLE(2));
    await noted.waitFor({ timeout: 15_000 });
    expect(await noted.innerText()).toContain(`noted, no decision needed · by ${ANA}`);
    await expect.poll(() => catchUpLink(page).innerText()).toMatch(/^Since you were here\s*1$/);

    await noted.getByRole('link', { name: TITLE(2) }).click();
    expect(new URL(page.url()).pathname).toBe(path('meeting', 'agenda-2'));
    await expect.poll(() => page.locator('#meeting-item-title').innerText()).toBe(TITLE(2));

    await catchUpLink(page).click();
    await list(page).getByRole('heading', { name: 'You are up to date' }).waitFor();
    expect((await catchUpLink(page).innerText()).trim()).toBe('Since you were here');
  }, 90_000);

  it('shows no errors in the console', () => {
    const unexpected = problems.filter(
      (problem) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(problem),
    );
    expect(unexpected).toEqual([]);
  });
});
