import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  addRisk,
  archiveRecord,
  readRecords,
  setCellBlock,
  type CellWrite,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { cellName, cellText, serverPlan } from '../helpers/plan-cells.ts';
import { connectClient, testToken, waitFor } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  prepareCycle,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

let ws: TestWorkspace;
let browser: Browser;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
});

afterAll(() => closeWorkspaceSuite(ws, browser));

const RISKS = ['Resin shortage', 'Port strike', 'Paint line retooling'];
const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const changes = (page: Page) => page.getByRole('list', { name: 'Changes, newest first' });

/** Goes to a view through the navigation, as a person does. */
async function openFromNav(page: Page, view: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Views of the cycle' })
    .getByRole('link', { name: view })
    .click();
}

/** The text of the cells of `families` in every month of the plan, as this page shows them. */
async function familyCells(page: Page, families: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const name of families) {
    for (const month of ws.plan.periods.slice(0, 3)) {
      texts.push(await cellText(page, cellName('Demand', name, month)));
    }
  }
  return texts;
}

describe('the History view', () => {
  it('restores a cycle an editor wiped, as a new change the facilitator made', async () => {
    await prepareCycle(
      ws,
      (doc) =>
        RISKS.forEach((title) =>
          addRisk(doc, {
            title,
            kind: 'risk',
            probability: 3,
            impact: 4,
            status: 'open',
            raisedIn: ws.cycle,
          }),
        ),
      (doc) => readRecords(doc, 'risks').records.length === RISKS.length,
    );
    const original = await serverPlan(ws);
    const fran = await join(browser, ws, 'facilitator', 'Fran Facilitator');
    const ed = await join(browser, ws, 'editor', 'Ed Editor');
    for (const person of [fran, ed]) person.page.setDefaultTimeout(20_000);
    const wiped = ws.plan.families.slice(0, 2);
    const shown = await familyCells(
      ed.page,
      wiped.map((family) => family.name),
    );
    expect(shown.some((text) => text !== '' && text !== '0')).toBe(true);

    // Ed, through a client of his own, archives every risk, then clears two families' numbers.
    const syncUrl = `ws://127.0.0.1:${ws.port}/sync/${TEST_WORKSPACE}`;
    const client = connectClient(syncUrl, ws.cycle, {
      token: testToken('editor', { workspace: TEST_WORKSPACE, name: 'Ed Editor' }),
    });
    await waitFor('the editor client to sync', () => client.provider.synced);
    const doc = client.doc as CycleDoc;
    const portStrike = readRecords(doc, 'risks').records.find((r) => r.title === 'Port strike')!;
    for (const risk of readRecords(doc, 'risks').records) {
      archiveRecord(doc, 'risks', risk.id, { at: new Date().toISOString(), by: 'Ed Editor' });
    }
    const wipe: CellWrite[] = wiped.flatMap((family) =>
      ws.plan.periods.flatMap((month) =>
        (['demand', 'supply', 'budget'] as const).map((grid) => ({
          grid,
          id: family.id,
          month,
          value: null,
        })),
      ),
    );
    setCellBlock(doc, wipe);
    const wipedCells = wiped.reduce(
      (sum, family) =>
        sum +
        (['demand', 'supply', 'budget'] as const).reduce(
          (cells, grid) => cells + Object.keys(original[grid][family.id] ?? {}).length,
          0,
        ),
      0,
    );
    expect(wipedCells).toBeGreaterThan(0);
    await expect
      .poll(async () => (await serverPlan(ws)).demand[wiped[0].id]?.[ws.plan.periods[0]], {
        timeout: 20_000,
      })
      .toBeUndefined();
    client.destroy();
    await expect
      .poll(
        () =>
          familyCells(
            ed.page,
            wiped.map((family) => family.name),
          ),
        { timeout: 20_000 },
      )
      .not.toEqual(shown);

    // Ed sees the history, but the whole-cycle restore is the facilitator's, and says so.
    await openFromNav(ed.page, 'History');
    await changes(ed.page)
      .getByRole('button', { name: /Ed Editor · Editor.*Risk 'Resin shortage' archived/ })
      .click();
    const edRestore = ed.page.getByRole('button', { name: 'Restore cycle to before this change' });
    await expect.poll(() => edRestore.isDisabled()).toBe(true);
    await ed.page
      .getByText('Restoring the whole cycle writes every part of it. Only the facilitator')
      .waitFor();
    await ed.page.screenshot({ path: joinPath(SCREENSHOTS, 'history-editor.png'), fullPage: true });

    // Fran opens History, finds Ed's first change and restores the cycle to before it.
    await openFromNav(fran.page, 'History');
    // Newest first: Ed's first change is the last of his listed.
    const first = changes(fran.page)
      .getByRole('button', { name: /Ed Editor · Editor.*Risk '.*' archived/ })
      .last();
    await changes(fran.page)
      .getByRole('button', { name: /Ed Editor · Editor.*\d+ cells of Demand/ })
      .waitFor();
    await first.click();
    await fran.page.getByRole('button', { name: 'Restore cycle to before this change' }).click();
    await fran.page.screenshot({
      path: joinPath(SCREENSHOTS, 'history-confirm.png'),
      fullPage: true,
    });
    await fran.page
      .getByRole('group', { name: /Restore the whole cycle/ })
      .getByRole('button', { name: 'Restore cycle' })
      .click();
    const restored = fran.page.getByRole('status').filter({ hasText: /Restored/ });
    await restored.waitFor();
    expect(await restored.innerText()).toMatch(
      new RegExp(
        `^✓ Restored ${wipedCells.toLocaleString('en-US')} cells and ${RISKS.length} records to before `,
      ),
    );

    // The restore is the newest change, by Fran, once the server has it.
    await connection(fran.page).getByText('Server has all edits').waitFor();
    const newest = changes(fran.page).getByRole('listitem').first();
    await expect
      .poll(() => newest.innerText(), { timeout: 20_000 })
      .toMatch(/Fran Facilitator · Facilitator/);
    expect(await newest.innerText()).toMatch(/cells of Demand|changes in all/);
    await fran.page.screenshot({
      path: joinPath(SCREENSHOTS, 'history-restored.png'),
      fullPage: true,
    });
    // Before the oldest change kept there is nothing to restore the cycle to.
    await changes(fran.page)
      .getByRole('button', { name: /Fulcrum server/ })
      .click();
    await fran.page.getByText('This is the oldest change the server keeps').waitFor();

    // Every page and the server show the original plan and the risks again.
    await expect
      .poll(async () => JSON.stringify(await serverPlan(ws)), { timeout: 20_000 })
      .toBe(JSON.stringify(original));
    await openFromNav(ed.page, 'Plan');
    await openFromNav(fran.page, 'Plan');
    for (const person of [ed, fran]) {
      await expect
        .poll(
          () =>
            familyCells(
              person.page,
              wiped.map((family) => family.name),
            ),
          { timeout: 20_000 },
        )
        .toEqual(shown);
    }
    await openFromNav(ed.page, 'Risks & opportunities');
    for (const title of RISKS) await ed.page.getByText(title, { exact: true }).first().waitFor();

    // A risk's panel opens the history of that risk alone.
    await ed.page.goto(`${ws.viewUrl('risks')}/${portStrike.id}`);
    await ed.page.getByRole('link', { name: 'History of this risk' }).click();
    await ed.page.getByText("Showing the history of Risk 'Port strike'.").waitFor();
    await expect
      .poll(() => changes(ed.page).innerText(), { timeout: 20_000 })
      .toMatch(/Risk 'Port strike' archived[\s\S]*Risk 'Port strike' added/);
    expect(await changes(ed.page).innerText()).not.toMatch(/Resin shortage|cells of Supply/);
    await ed.page.getByRole('button', { name: 'Show every change' }).click();

    // Offline, the view says the history needs the server, and reads it again once back.
    await openFromNav(ed.page, 'History');
    await changes(ed.page)
      .getByRole('button', { name: /Fran Facilitator/ })
      .first()
      .waitFor();
    const cdp = await ed.context.newCDPSession(ed.page);
    await cdp.send('Network.enable');
    const network = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    await network(true);
    await connection(ed.page).getByText('Offline').waitFor({ timeout: 10_000 });
    await ed.page.getByLabel('Person', { exact: true }).selectOption('Fran Facilitator');
    await ed.page
      .getByRole('alert')
      .filter({ hasText: 'History needs the server: this page is offline.' })
      .waitFor();
    await ed.page.screenshot({
      path: joinPath(SCREENSHOTS, 'history-offline.png'),
      fullPage: true,
    });
    await network(false);
    await connection(ed.page).getByText('Online').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => changes(ed.page).innerText(), { timeout: 20_000 })
      .toMatch(/Fran Facilitator · Facilitator/);
    expect(await changes(ed.page).innerText()).not.toMatch(/Ed Editor/);

    for (const person of [fran, ed] as Participant[]) {
      expect(
        person.problems.filter((problem) => !/WebSocket|ERR_INTERNET_DISCONNECTED/.test(problem)),
      ).toEqual([]);
      await person.context.close();
    }
  }, 120_000);
});
