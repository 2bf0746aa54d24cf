import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { signInvite } from '../../server/auth/tokens.ts';
import { TEST_SECRET } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

/**
 * A change the relay refuses, as the page meets it, against the real server in Chromium:
 * this device's copy of the cycle holds a change the write policy does not allow the
 * person (an editor's publication of the pre-read, kept from an earlier visit). When the
 * page sends it, the relay closes the connection with 4403 and the rule; the page says
 * so in words, never sends it again, lets the person download their copy, and reloads
 * the cycle from the server without it. An invite that expires while the cycle is open
 * is refused differently: the person is asked for a new link.
 */

const EDITOR = 'Ed Editor';
/** Where the refused change sits in the device's log: after anything the page saved. */
const SEQ = 1_000_000;
const RULE = 'Only the facilitator publishes the pre-read. You joined as editor.';

let ws: TestWorkspace;
let browser: Browser;
let ed: Participant;

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
  ed = await join(browser, ws, 'editor', EDITOR, undefined, ['supplyChain']);
  ed.page.setDefaultTimeout(15_000);
}, 60_000);

afterAll(async () => {
  await closeWorkspaceSuite(ws, browser);
});

/** Whether this device keeps the saved update `seq` of `room`. */
function hasSavedUpdate(page: Page, room: string, seq: number): Promise<boolean> {
  return page.evaluate(
    ({ name, at }) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open('fulcrum-device');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('updates').objectStore('updates').get([name, at]);
          request.onsuccess = () => {
            db.close();
            resolve(request.result !== undefined);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    { name: room, at: seq },
  );
}

describe('a change the server refuses', () => {
  it('is named in words, never sent again, and the cycle reloads from the server without it', async () => {
    const room = `${TEST_WORKSPACE}/${ws.cycle}`;
    const page = ed.page;
    // Leave the cycle (its session closes), then put the refused change in the device's copy.
    await page.goto(`${ws.url}/`);
    await page.getByRole('heading', { name: `Cycles of workspace ${TEST_WORKSPACE}` }).waitFor();
    const forged = new Y.Doc();
    forged.getMap('preread').set('publishedBy', EDITOR);
    const update = Array.from(Y.encodeStateAsUpdate(forged));
    forged.destroy();
    await page.evaluate(
      ({ name, at, bytes }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('fulcrum-device');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const write = db.transaction('updates', 'readwrite');
            write.objectStore('updates').put({ room: name, seq: at, data: new Uint8Array(bytes) });
            write.oncomplete = () => {
              db.close();
              resolve();
            };
            write.onerror = () => reject(write.error);
          };
        }),
      { name: room, at: SEQ, bytes: update },
    );

    expect(await hasSavedUpdate(page, room, SEQ)).toBe(true);
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(ws.viewUrl('stages'));
    const notice = page.getByRole('alert').filter({ hasText: 'Your last change was refused' });
    await notice.waitFor();
    expect(await notice.getByText(`Your last change was refused: ${RULE}`).count()).toBe(1);
    await page
      .getByRole('status', { name: 'Connection' })
      .getByText(/refused/i)
      .waitFor();
    // Nothing more is changed on this copy: it would be lost with the refused change.
    const status = page.getByRole('combobox', { name: 'Input status of Supply chain' });
    expect(await status.count()).toBe(0);
    const signoff = page.getByRole('checkbox', { name: 'Supply chain sign-off of Product review' });
    expect(await signoff.isDisabled()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: joinPath(SCREENSHOTS, 'refused-change.png') });

    // The copy that holds it can be kept as a cycle file.
    const download = page.waitForEvent('download');
    await notice.getByRole('button', { name: 'Download my copy' }).click();
    expect((await download).suggestedFilename()).toBe(`cycle-${TEST_WORKSPACE}-${ws.cycle}.json`);
    // One connection, refused; the refused change was not sent again on another.
    expect(sockets.filter((url) => url.includes('/sync/'))).toHaveLength(1);

    await notice.getByRole('button', { name: 'Reload from the server' }).click();
    await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
    expect(await page.getByText('Your last change was refused').count()).toBe(0);
    await status.waitFor();
    expect(await signoff.isDisabled()).toBe(false);
    await page
      .getByRole('region', { name: 'Pre-read', exact: true })
      .getByText('No pre-read has been published for this cycle yet.')
      .waitFor();
    expect(sockets.filter((url) => url.includes('/sync/'))).toHaveLength(2);
    // This device's copy no longer holds the refused change.
    expect(await hasSavedUpdate(page, room, SEQ)).toBe(false);
    expect(ed.problems.filter((problem) => !problem.includes('WebSocket'))).toEqual([]);
  }, 60_000);

  it('is not how an expired invite reads: that one asks for a new link', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(25_000);
    // Long enough for a slow machine, under a full test run, to open the page and connect.
    const token = signInvite(TEST_SECRET, {
      workspace: TEST_WORKSPACE,
      role: 'editor',
      name: 'Sam Short',
      expiresAt: Date.now() + 10_000,
    });
    await page.goto(`${ws.url}/?token=${token}`);
    await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
    // The server closes the open connection when the invite expires.
    const banner = page.getByRole('alert').filter({ hasText: 'The server refused this invite' });
    await banner.waitFor();
    expect(await banner.innerText()).toBe(
      "The server refused this invite: the invite token has expired. What you see is this device's copy: ask for a new link to join again.",
    );
    expect(await page.getByText('Your last change was refused').count()).toBe(0);
    await context.close();
  }, 60_000);
});
