import { join as joinPath } from 'node:path';
import * as encoding from 'lib0/encoding';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WebSocket } from 'ws';
import { openRawSocket, testToken } from '../helpers/relay.ts';
import {
  closeWorkspaceSuite,
  join,
  openView,
  SCREENSHOTS,
  startWorkspaceSuite,
  TEST_WORKSPACE,
  type Participant,
  type TestWorkspace,
} from '../helpers/workspace.ts';

let ws: TestWorkspace;
let browser: Browser;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  ({ ws, browser } = await startWorkspaceSuite(inject('clientDir')));
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await closeWorkspaceSuite(ws, browser);
});

/** An awareness frame (message type 1) of one state, under any client id: a forger's. */
function presenceFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

const avatars = (page: Page) => page.getByRole('list', { name: /here$/ });
const avatar = (page: Page, described: string) => avatars(page).locator(`li[title="${described}"]`);
const driver = (page: Page) => page.locator('.driver');

describe('who is here, as the relay stamps it', () => {
  let ben: Participant;

  it('shows a viewer who claims to be the facilitator as the viewer, and no one driving', async () => {
    ben = await join(browser, ws, 'editor', 'Ben Okafor');
    await openView(ws, ben, 'meeting');
    await avatar(ben.page, 'Ben Okafor (you), Editor').waitFor();

    // Vera, invited as a viewer, writes her own presence over a raw socket.
    const token = testToken('viewer', { workspace: TEST_WORKSPACE, name: 'Vera Viewer' });
    const vera = await openRawSocket(
      `ws://127.0.0.1:${ws.port}/sync/${TEST_WORKSPACE}/${ws.cycle}?token=${token}`,
    );
    sockets.push(vera);
    vera.send(
      presenceFrame(424242, 1, {
        user: { name: 'Fran Facilitator', role: 'facilitator', color: '#be123c' },
        view: 'meeting',
      }),
    );

    await avatar(ben.page, 'Vera Viewer, Viewer (read-only)').waitFor();
    expect(await avatars(ben.page).getByText('Fran Facilitator').count()).toBe(0);
    expect(await driver(ben.page).innerText()).toBe(
      'No facilitator is here yet: the facilitator drives the meeting.',
    );
    await ben.page
      .getByRole('banner')
      .screenshot({ path: joinPath(SCREENSHOTS, 'presence-stamped-viewer.png') });
  }, 60_000);

  it('names the real facilitator as the one who drives', async () => {
    const fran = await join(browser, ws, 'facilitator', 'Fran Facilitator');
    await openView(ws, fran, 'meeting');
    await avatar(ben.page, 'Fran Facilitator, Facilitator').waitFor();
    await expect
      .poll(() => driver(ben.page).innerText())
      .toBe('Driven by Fran Facilitator (Facilitator).');
    await ben.page
      .getByRole('region', { name: 'Executive meeting' })
      .screenshot({ path: joinPath(SCREENSHOTS, 'presence-driven-by.png') });
    expect(ben.problems).toEqual([]);
    expect(fran.problems).toEqual([]);
  }, 60_000);
});
