import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFormatters } from '../../client/src/lib/format.ts';
import { VIEWS } from '../../client/src/state/router.svelte.ts';
import { signInvite } from '../../server/auth/tokens.ts';
import { TEST_SECRET } from '../helpers/relay.ts';
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

let ws: TestWorkspace;
let browser: Browser;
const people: Participant[] = [];

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
});

afterAll(() => closeWorkspaceSuite(ws, browser));

async function person(role: 'facilitator' | 'editor' | 'viewer', name: string) {
  const joined = await join(browser, ws, role, name);
  people.push(joined);
  return joined;
}

const cyclePath = (view: string) => `/w/${TEST_WORKSPACE}/${ws.cycle}/${view}`;
const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });

describe('joining a workspace', () => {
  it('opens the current cycle from an invite link, drops the token from the address and keeps the invite for a reload', async () => {
    const { page } = await person('facilitator', 'Ana Planner');
    expect(new URL(page.url()).pathname).toBe(cyclePath('plan'));
    expect(page.url()).not.toContain('token');

    await page.reload();
    await connection(page).getByText('Online').waitFor();
    expect(new URL(page.url()).pathname).toBe(cyclePath('plan'));
    await expect
      .poll(() => page.getByRole('banner').getByRole('heading', { level: 1 }).innerText())
      .toBe(`S&OP cycle ${ws.cycle}`);
  });

  it("lists the workspace's cycles on the home view, marks the current one and opens it by keyboard", async () => {
    const { page } = people[0];
    await page.getByRole('link', { name: /All cycles of the workspace/ }).click();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: `Cycles of workspace ${TEST_WORKSPACE}` }).waitFor();
    await expect(page.getByText('Signed in as Ana Planner · Facilitator').count()).resolves.toBe(1);

    const month = createFormatters(ws.plan.currency, 'en-US').monthLong(ws.cycle);
    const current = page.getByRole('button', { name: new RegExp(`^${month}`) });
    await current.waitFor();
    const label = await current.innerText();
    expect(label).toContain(`S&OP cycle ${ws.cycle}`);
    expect(label).toContain('Current');
    // Opened once already, so it is kept on this device and opens with no network.
    expect(label).toContain('On this device');
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'home.png') });

    await current.focus();
    await page.keyboard.press('Enter');
    await connection(page).getByText('Online').waitFor();
    expect(new URL(page.url()).pathname).toBe(cyclePath('plan'));
  });

  it('names the problem of an invite link that is not valid, has expired or was not signed by this server', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${ws.url}/?token=not-a-fulcrum-token`);
      await expect(page.getByRole('alert').innerText()).resolves.toBe(
        'This invite link is not valid: ask for a new link.',
      );
      expect(page.url()).not.toContain('token');
      // Nothing to open: the person is asked for a link, nothing pretends to be a cycle.
      await page.getByRole('textbox', { name: 'Invite link' }).waitFor();

      const expired = signInvite(TEST_SECRET, {
        workspace: TEST_WORKSPACE,
        role: 'editor',
        name: 'Late Larry',
        expiresAt: Date.now() - 60_000,
      });
      await page.goto(`${ws.url}/?token=${expired}`);
      await expect(page.getByRole('alert').innerText()).resolves.toBe(
        'This invite link has expired: ask for a new link.',
      );

      // Pasting an expired link into the join form says the same, next to the field.
      const field = page.getByRole('textbox', { name: 'Invite link' });
      await field.fill(`${ws.url}/?token=${expired}`);
      await page.getByRole('button', { name: 'Join' }).click();
      await expect(page.getByText('That invite link has expired').count()).resolves.toBe(1);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await field.inputValue()).toBe(`${ws.url}/?token=${expired}`);

      // A well-formed token this server did not sign: the server refuses it, and says so,
      // on the home view (its list of cycles) and in a cycle (the sync connection).
      const forged = signInvite('another-workspace-secret-0123456789', {
        workspace: TEST_WORKSPACE,
        role: 'editor',
        name: 'Mallory',
        expiresAt: Date.now() + 60_000,
      });
      await page.goto(`${ws.url}/?token=${forged}`);
      await expect
        .poll(() => page.getByRole('alert').allInnerTexts())
        .toEqual([
          'The server did not accept this invite link (it was not issued by this server): ask the facilitator for a new one.',
        ]);
      await page.goto(`${ws.url}${cyclePath('plan')}?token=${forged}`);
      const refused = page.getByRole('alert').filter({ hasText: /refused/ });
      await expect.poll(() => refused.count(), { timeout: 10_000 }).toBe(1);
      expect(await refused.innerText()).toMatch(/invite/);
      await expect(connection(page).innerText()).resolves.toContain('Not allowed');
    } finally {
      await context.close();
    }
  });

  it('asks for the invite link when a cycle address is opened on a device that has none', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${ws.url}${cyclePath('plan')}`);
      await expect(page.getByRole('alert').innerText()).resolves.toBe(
        `You have no invite for workspace ${TEST_WORKSPACE} on this device: open the invite link you were sent.`,
      );
      await page.getByRole('textbox', { name: 'Invite link' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('the workspace frame', () => {
  it('shows the product, the cycle, who I am, my role, the connection and everyone here', async () => {
    const ana = people[0].page;
    const ben = (await person('editor', 'Ben Supply')).page;

    const header = ana.getByRole('banner');
    const text = await header.innerText();
    expect(text).toContain('Fulcrum');
    expect(text).toContain(`Workspace ${TEST_WORKSPACE}`);
    expect(await header.getByRole('heading', { level: 1 }).innerText()).toBe(
      `S&OP cycle ${ws.cycle}`,
    );
    expect(text).toMatch(/Ana Planner\s*·\s*Facilitator/);
    expect(await ben.getByRole('banner').innerText()).toMatch(/Ben Supply\s*·\s*Editor/);

    // Presence: both people, in each page, named in words (initials are only decoration).
    for (const [page, me, other] of [
      [ana, 'Ana Planner (you), Facilitator', 'Ben Supply, Editor'],
      [ben, 'Ben Supply (you), Editor', 'Ana Planner, Facilitator'],
    ] as const) {
      const here = page.getByRole('banner').getByRole('list', { name: '2 people here' });
      await here.waitFor();
      const snapshot = await here.ariaSnapshot();
      expect(snapshot).toContain(me);
      expect(snapshot).toContain(other);
      expect(snapshot).not.toMatch(/\bAP\b|\bBS\b/);
    }

    const status = await connection(ana).innerText();
    expect(status).toContain('Online');
    await expect.poll(() => connection(ana).innerText()).toContain('Saved on this device');
    await expect.poll(() => connection(ana).innerText()).toContain('Server has all edits');
  });

  it('moves between the views by keyboard and marks the current one with aria-current="page"', async () => {
    const { page } = people[0];
    const nav = page.getByRole('navigation', { name: 'Views of the cycle' });
    const links = nav.getByRole('link');
    expect(await links.allInnerTexts()).toEqual(
      VIEWS.map((view) => expect.stringContaining(view.label)),
    );

    await nav.getByRole('link', { name: /^Plan/ }).focus();
    for (const [index, view] of VIEWS.entries()) {
      if (index > 0) {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
      }
      await expect.poll(() => new URL(page.url()).pathname).toBe(cyclePath(view.id));
      const current = nav.locator('a[aria-current="page"]');
      expect(await current.count()).toBe(1);
      expect(await current.innerText()).toContain(view.label);
      // Focus stays in the navigation, so the next Tab reaches the next view.
      expect(
        await page.evaluate(() => {
          const active = document.activeElement;
          return (
            active?.closest('nav')?.getAttribute('aria-label') ?? active?.outerHTML.slice(0, 200)
          );
        }),
        `focus after opening ${view.label}`,
      ).toBe('Views of the cycle');
    }

    // Back returns to the previous view, and the marker follows.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe(cyclePath(VIEWS.at(-2)!.id));
    await expect
      .poll(() => nav.locator('a[aria-current="page"]').innerText())
      .toContain(VIEWS.at(-2)!.label);

    // The address of a view opens that view directly.
    await page.goto(`${ws.url}${cyclePath('gaps')}`);
    await connection(page).getByText('Online').waitFor();
    expect(await nav.locator('a[aria-current="page"]').innerText()).toContain('Gaps');
  });

  it('gives every control an accessible name and fits the frame at 1280 and at 800 px wide', async () => {
    const { page } = people[0];
    await page.goto(`${ws.url}${cyclePath('plan')}`);
    await connection(page).getByText('Online').waitFor();
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, a[href], input, select, textarea')]
        .filter((element) => {
          const el = element as HTMLElement;
          const labelled =
            el.getAttribute('aria-label') ||
            el.getAttribute('aria-labelledby') ||
            el.getAttribute('title') ||
            el.textContent?.trim() ||
            ((el instanceof HTMLInputElement ||
              el instanceof HTMLSelectElement ||
              el instanceof HTMLTextAreaElement) &&
              el.labels &&
              el.labels.length > 0);
          return !labelled;
        })
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);

    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => {
        const header = document.querySelector('header')!;
        const out = [...header.querySelectorAll('*')].filter((element) => {
          const box = element.getBoundingClientRect();
          return box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5);
        });
        return { header: header.scrollWidth - header.clientWidth, out: out.length };
      });
      expect(overflow, `header at ${width} px`).toEqual({ header: 0, out: 0 });
      // The navigation scrolls on its own when the views do not fit; the page does not.
      const navFits = await page.evaluate(() => {
        const nav = document.querySelector('nav')!;
        return nav.getBoundingClientRect().right <= innerWidth + 0.5;
      });
      expect(navFits, `navigation at ${width} px`).toBe(true);
    }
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'frame-tablet.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows a person who joins while the page is open, and drops one who leaves', async () => {
    const { page } = people[0];
    const carla = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const carlaPage = await carla.newPage();
      const problems: string[] = [];
      watchPage(carlaPage, problems);
      await carlaPage.goto(ws.inviteUrl('viewer', 'Carla Finance'));
      await connection(carlaPage).getByText('Online').waitFor();
      const banner = page.getByRole('banner');
      await banner.getByRole('list', { name: '3 people here' }).waitFor();
      expect(await banner.getByRole('list').ariaSnapshot()).toContain(
        'Carla Finance, Viewer (read-only)',
      );
      await carlaPage.close({ runBeforeUnload: true });
      await banner.getByRole('list', { name: '2 people here' }).waitFor({ timeout: 15_000 });
      expect(problems).toEqual([]);
    } finally {
      await carla.close();
    }
  });

  it('shows no errors in the console of anyone', () => {
    expect(people.flatMap((joined) => joined.problems)).toEqual([]);
  });
});
