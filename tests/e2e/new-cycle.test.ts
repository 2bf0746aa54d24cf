import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  closeWorkspaceSuite,
  join,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  type TestWorkspace,
} from '../helpers/workspace.ts';

let ws: TestWorkspace;
let browser: Browser;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
});

afterAll(() => closeWorkspaceSuite(ws, browser));

async function home(page: Page): Promise<void> {
  await page.getByRole('link', { name: /All cycles of the workspace/ }).click();
  await page.getByRole('heading', { name: `Cycles of workspace ${TEST_WORKSPACE}` }).waitFor();
}

/** The month after `cycle` (YYYY-MM). */
function after(cycle: string): string {
  const [year, month] = cycle.split('-').map(Number);
  const next = new Date(Date.UTC(year, month, 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('a new cycle from the home view', () => {
  it('lets a facilitator create and open a cycle, naming a wrong month in words', async () => {
    const { page } = await join(browser, ws, 'facilitator', 'Fran Facilitator');
    await home(page);
    const form = page.getByRole('form', { name: 'New cycle' });
    await form.waitFor();
    const month = form.getByRole('textbox', { name: 'Month' });
    expect(await month.getAttribute('placeholder')).toBe(after(ws.cycle));

    await month.fill('March');
    await form.getByRole('button', { name: 'Create cycle' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      `"March" is not a month: write it as YYYY-MM, like ${after(ws.cycle)}.`,
    );
    // The cycle that exists already: the server's refusal, in words.
    await month.fill(ws.cycle);
    await form.getByRole('button', { name: 'Create cycle' }).click();
    await expect
      .poll(() => alert.innerText())
      .toBe(`Cycle ${ws.cycle} already exists in this workspace.`);
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'home-new-cycle.png') });

    const next = after(ws.cycle);
    await month.fill(next);
    await form.getByRole('textbox', { name: 'Title' }).fill('Re-plan after the price change');
    await form.getByRole('button', { name: 'Create cycle' }).click();
    await page.waitForURL((url) => url.pathname === `/w/${TEST_WORKSPACE}/${next}/plan`);
    await expect
      .poll(() => page.getByRole('banner').getByRole('heading', { level: 1 }).innerText())
      .toBe('Re-plan after the price change');

    // Back home, the list shows it, newest first.
    await home(page);
    const first = page.getByRole('button', { name: /Re-plan after the price change/ });
    await first.waitFor();
  });

  it('shows no new-cycle form to an editor', async () => {
    const { page } = await join(browser, ws, 'editor', 'Ed Editor');
    await home(page);
    await page.getByRole('button', { name: new RegExp(`S&OP cycle ${ws.cycle}`) }).waitFor();
    expect(await page.getByRole('form', { name: 'New cycle' }).count()).toBe(0);
  });
});
