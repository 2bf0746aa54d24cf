import { join as joinPath } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  cellName,
  cellText,
  screenshotTop,
  serverPlan,
  typeIntoCell,
} from '../helpers/plan-cells.ts';
import {
  closeWorkspaceSuite,
  join,
  SCREENSHOTS,
  startWorkspaceSuite,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

let ws: TestWorkspace;
let browser: Browser;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
});

afterAll(() => closeWorkspaceSuite(ws, browser));

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const notices = (page: Page) => page.getByRole('status', { name: 'Your edits replaced by others' });

/** Cuts or restores one page's network with Chromium's own emulation (the socket goes silent). */
async function setNetwork(cdp: CDPSession, offline: boolean): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
}

async function shows(page: Page, name: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, name), { timeout: 20_000 }).toBe(text);
}

describe('when two people change the same cell and one of them was offline', () => {
  it('tells the one whose value was replaced, by whom, and reapplies theirs for everyone', async () => {
    const ana = await join(browser, ws, 'editor', 'Ana Alvarez');
    const ben = await join(browser, ws, 'editor', 'Ben Okafor');
    const people: [Participant, string, string][] = [
      [ana, 'Ana Alvarez', '700'],
      [ben, 'Ben Okafor', '650'],
    ];
    for (const [person] of people) {
      person.page.setDefaultTimeout(20_000);
      await connection(person.page).getByText('Server has all edits').waitFor();
    }
    const family = ws.plan.families[1];
    const month = ws.plan.periods[2];
    const supply = cellName('Supply', family.name, month);
    const monthWords = new Date(`${month}-01T00:00:00Z`).toLocaleString('en-US', {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });

    // Ana loses the network; both change the same supply cell; Ana comes back.
    const cdp = await ana.context.newCDPSession(ana.page);
    await cdp.send('Network.enable');
    await setNetwork(cdp, true);
    await connection(ana.page).getByText('Offline').waitFor({ timeout: 5000 });
    await typeIntoCell(ana.page, supply, '700');
    await typeIntoCell(ben.page, supply, '650');
    await shows(ana.page, supply, '700');
    await connection(ben.page).getByText('Server has all edits').waitFor();
    await setNetwork(cdp, false);
    await connection(ana.page).getByText('Server has all edits').waitFor({ timeout: 20_000 });

    // One value stands for both; the other person is told, and only they are.
    await expect
      .poll(async () => [await cellText(ana.page, supply), await cellText(ben.page, supply)], {
        timeout: 20_000,
      })
      .toSatisfy(([a, b]) => a === b && (a === '700' || a === '650'));
    const standing = await cellText(ana.page, supply);
    const [loser, , mine] = people.find(([, , value]) => value !== standing)!;
    const [winner, winnerName] = people.find(([, , value]) => value === standing)!;
    const expected = `Your ${mine} for ${family.name} supply ${monthWords} was replaced by ${winnerName}'s ${standing}.`;
    await expect
      .poll(() => notices(loser.page).innerText(), { timeout: 10_000 })
      .toContain(expected);
    expect(await notices(winner.page).innerText()).toBe('');

    const reapply = notices(loser.page).getByRole('button', { name: `Reapply ${mine}` });
    await reapply.focus();
    await screenshotTop(loser.page, joinPath(SCREENSHOTS, 'clash-notice.png'), 800);

    // One click (here from the keyboard) writes it again, for everyone.
    await loser.page.keyboard.press('Enter');
    await expect(notices(loser.page).innerText()).resolves.toBe('');
    await shows(winner.page, supply, mine);
    await shows(loser.page, supply, mine);
    await connection(loser.page).getByText('Server has all edits').waitFor();
    expect((await serverPlan(ws)).supply[family.id]?.[month]).toBe(Number(mine));
    // Reapplying saw the other value: it is a later edit, not a clash, so no one is told.
    expect(await notices(winner.page).innerText()).toBe('');

    for (const [person] of people) {
      expect(person.problems.filter((p) => !/WebSocket|ERR_INTERNET_DISCONNECTED/.test(p))).toEqual(
        [],
      );
      await person.context.close();
    }
  }, 90_000);
});
