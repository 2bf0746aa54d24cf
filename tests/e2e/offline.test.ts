import { mkdir, rm } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.ts';
import {
  cellName,
  cellText,
  demandOf,
  screenshotTop,
  serverPlan,
  typeIntoCell,
} from '../helpers/plan-cells.ts';
import { makeTempDir } from '../helpers/relay.ts';
import {
  launchBrowser,
  startWorkspace,
  watchPage,
  type TestWorkspace,
} from '../helpers/workspace.ts';

const SCREENSHOTS = joinPath(ROOT_DIR, 'screenshots');

let ws: TestWorkspace;
let profile: string;
let browser: Browser | null = null;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  ws = await startWorkspace({ clientDir: inject('clientDir') });
  profile = await makeTempDir('profile');
});

let serverStopped = false;

async function stopServer(): Promise<void> {
  serverStopped = true;
  await ws.stop();
}

async function startServer(): Promise<void> {
  await ws.start();
  serverStopped = false;
}

// A test that fails during an outage must not leave the next one without a server.
afterEach(async () => {
  if (serverStopped) await startServer();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await ws?.close();
  await rm(profile, { recursive: true, force: true });
});

/** A browser with a profile on disk: what a person's laptop keeps between visits. */
async function openProfile(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  contexts.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  watchPage(page, problems);
  return { context, page };
}

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const family = (index: number) => ws.plan.families[index];
const month = (index: number) => ws.plan.periods[index];
const demandCell = (index: number, period: number) =>
  cellName('Demand', family(index).name, month(period));

async function shows(page: Page, name: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, name), { timeout: 10_000 }).toBe(text);
}

/** Checks the server's plan holds each demand: a family's index, a month's, the value. */
async function serverKeeps(demands: [number, number, number][]): Promise<void> {
  const kept = await serverPlan(ws);
  for (const [f, m, value] of demands) {
    expect(demandOf(kept, family(f).id, month(m)), `${family(f).id} ${month(m)}`).toBe(value);
  }
}

async function saved(page: Page): Promise<void> {
  await connection(page).getByText('Saved on this device').waitFor({ timeout: 10_000 });
}

describe('with no network', () => {
  it('opens the cycle from this device, keeps offline edits and sends them when the server is back', async () => {
    let { context, page } = await openProfile();
    await page.goto(ws.inviteUrl('editor', 'Olga Offline'));
    await connection(page).getByText('Online').waitFor();
    await typeIntoCell(page, demandCell(0, 0), '4321');
    await shows(page, demandCell(0, 0), '4,321');
    await saved(page);
    await connection(page).getByText('Server has all edits').waitFor();

    // The app shell is on the device once the service worker controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await connection(page).getByText('Online').waitFor();

    await stopServer();
    const reload = await page.reload();
    expect(reload?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
    await connection(page).getByText('Offline').waitFor({ timeout: 15_000 });
    await shows(page, demandCell(0, 0), '4,321');

    await typeIntoCell(page, demandCell(1, 1), '2468');
    await shows(page, demandCell(1, 1), '2,468');
    await saved(page);
    await connection(page).getByText('Edits wait for the network').waitFor();
    await screenshotTop(page, joinPath(SCREENSHOTS, 'offline.png'));

    // Close the browser and open it again, still with no server: the edit is on the device.
    await context.close();
    ({ context, page } = await openProfile());
    await page.goto(ws.viewUrl('plan'));
    await connection(page).getByText('Offline').waitFor({ timeout: 15_000 });
    await shows(page, demandCell(1, 1), '2,468');
    await shows(page, demandCell(0, 0), '4,321');

    await startServer();
    await connection(page).getByText('Online').waitFor({ timeout: 20_000 });
    await connection(page).getByText('Server has all edits').waitFor({ timeout: 20_000 });
    await serverKeeps([
      [0, 0, 4321],
      [1, 1, 2468],
    ]);
    await context.close();
  }, 60_000);
});

describe('two tabs of one browser', () => {
  it('share their edits with each other while the server is down, and send them all when it is back', async () => {
    const { context, page: first } = await openProfile();
    await first.goto(ws.inviteUrl('editor', 'Tomas Tabs'));
    await connection(first).getByText('Server has all edits').waitFor({ timeout: 10_000 });
    const second = await context.newPage();
    watchPage(second, problems);
    await second.goto(ws.viewUrl('plan'));
    await connection(second).getByText('Server has all edits').waitFor({ timeout: 10_000 });

    await stopServer();
    for (const page of [first, second]) {
      await connection(page).getByText('Offline').waitFor({ timeout: 15_000 });
    }
    // Only the browser's own channel between the tabs carries these.
    await typeIntoCell(first, demandCell(5, 5), '3579');
    await shows(second, demandCell(5, 5), '3,579');
    await typeIntoCell(second, demandCell(6, 6), '7531');
    await shows(first, demandCell(6, 6), '7,531');

    await startServer();
    for (const page of [first, second]) {
      await connection(page).getByText('Server has all edits').waitFor({ timeout: 20_000 });
    }
    await serverKeeps([
      [5, 5, 3579],
      [6, 6, 7531],
    ]);
    await context.close();
  }, 60_000);
});

describe('when the network goes away while the page is open', () => {
  // One session per page: each CDP session keeps its own emulation.
  const sessions = new WeakMap<Page, CDPSession>();

  /**
   * Cuts this page's network with Chromium's own emulation (as `context.setOffline` does).
   * It does not close an open websocket: frames are only held, like a network that went
   * silently away, which is what the page must notice by itself.
   */
  async function cutNetwork(page: Page, offline: boolean): Promise<void> {
    let cdp = sessions.get(page);
    if (!cdp) {
      cdp = await page.context().newCDPSession(page);
      sessions.set(page, cdp);
      await cdp.send('Network.enable');
    }
    await cdp.send('Network.emulateNetworkConditions', {
      offline,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }

  async function openPage(name: string, options: { hearsOffline: boolean }): Promise<Page> {
    browser ??= await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    if (!options.hearsOffline) {
      // A network that dies behind the router: the browser is never told. Registered before
      // the page's own listener, this one keeps the event from the page.
      await context.addInitScript(() => {
        addEventListener('offline', (event) => event.stopImmediatePropagation(), true);
      });
    }
    const page = await context.newPage();
    watchPage(page, problems);
    await page.goto(ws.inviteUrl('editor', name));
    await connection(page).getByText('Online').waitFor();
    await connection(page).getByText('Server has all edits').waitFor({ timeout: 10_000 });
    return page;
  }

  it('reads offline within 3 s of a silent loss and stops claiming the server has all edits', async () => {
    const page = await openPage('Nina Network', { hearsOffline: false });
    await cutNetwork(page, true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    // Only the heartbeat can tell: no offline event reached the page, the socket stays open.
    await connection(page).getByText('Offline').waitFor({ timeout: 3000 });
    const header = await connection(page).innerText();
    expect(header).not.toContain('Server has all edits');
    expect(header).toContain('Not confirmed by the server');
    await screenshotTop(page, joinPath(SCREENSHOTS, 'offline-at-once.png'), 800);

    // An edit made meanwhile waits, then reaches the server once the network is back.
    await typeIntoCell(page, demandCell(4, 4), '9753');
    await connection(page).getByText('Edits wait for the network').waitFor();
    await cutNetwork(page, false);
    await connection(page).getByText('Online').waitFor({ timeout: 15_000 });
    await connection(page).getByText('Server has all edits').waitFor({ timeout: 15_000 });
    await serverKeeps([[4, 4, 9753]]);
  }, 60_000);

  it('reads offline at once when the browser says its network is gone, and stays online while it answers', async () => {
    const page = await openPage('Otto Online', { hearsOffline: true });
    // Idle but connected: the pings keep it online well past the 2 s it takes to notice a loss.
    await page.waitForTimeout(4000);
    await expect(connection(page).innerText()).resolves.toContain('Online');
    await expect(connection(page).innerText()).resolves.toContain('Server has all edits');

    await cutNetwork(page, true);
    await connection(page).getByText('Offline').waitFor({ timeout: 3000 });
    expect(await connection(page).innerText()).not.toContain('Server has all edits');
    await cutNetwork(page, false);
    await connection(page).getByText('Server has all edits').waitFor({ timeout: 15_000 });
  }, 60_000);
});

describe('when the device store fails', () => {
  it('says so when this device cannot open its store, and still works online', async () => {
    browser ??= await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    // The browser refuses to open the device's database at all (as when it has no room).
    await patchDeviceStore(
      context,
      `IDBFactory.prototype.open = function open() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };`,
    );
    const page = await context.newPage();
    const seen: string[] = [];
    watchPage(page, seen);
    await page.goto(ws.inviteUrl('editor', 'Dana Disk'));
    await connection(page).getByText('Online').waitFor();

    const alert = page.getByRole('alert').filter({ hasText: /device/i });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/edits/i);
    await expect(connection(page).innerText()).resolves.toContain('Not saved on this device');
    await screenshotTop(page, joinPath(SCREENSHOTS, 'device-store-failed.png'), 800);

    await typeIntoCell(page, demandCell(2, 2), '1357');
    await connection(page).getByText('Server has all edits').waitFor();
    await serverKeeps([[2, 2, 1357]]);
    await chartsDrawn(page);
  });

  it('says so when the device runs out of space while saving an edit', async () => {
    browser ??= await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    // Once the device is full, every write of its database fails as a full disk does.
    await patchDeviceStore(
      context,
      `for (const method of ['put', 'add']) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (...args) {
          if (globalThis.fulcrumDiskFull === true)
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return original.apply(this, args);
        };
      }`,
    );
    const page = await context.newPage();
    await page.goto(ws.inviteUrl('editor', 'Finn Full'));
    await connection(page).getByText('Online').waitFor();
    await saved(page);

    const store = page.workers().find((worker) => worker.url().includes('device-store'));
    expect(store, 'the device store runs in its worker').toBeDefined();
    await store!.evaluate(
      () => ((globalThis as { fulcrumDiskFull?: boolean }).fulcrumDiskFull = true),
    );
    await typeIntoCell(page, demandCell(3, 3), '8642');
    const alert = page.getByRole('alert').filter({ hasText: /device/i });
    await alert.waitFor({ timeout: 10_000 });
    await expect(connection(page).innerText()).resolves.toContain('Not saved on this device');
    // The edit is not lost: it is in the page and reaches the server.
    await shows(page, demandCell(3, 3), '8,642');
    await connection(page).getByText('Server has all edits').waitFor();
    await serverKeeps([[3, 3, 8642]]);
    await chartsDrawn(page);
  });

  it('shows no errors in the console', () => {
    // Cutting the network makes the browser log the requests it cut (the socket, a first
    // look at the cycle's history); the page handles each: that is the test.
    const unexpected = problems.filter(
      (problem) =>
        !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED/.test(
          problem,
        ),
    );
    expect(unexpected).toEqual([]);
  });
});

/**
 * Runs `patch` in the device store's worker before its own code (the worker keeps the
 * device's database): how a test makes the browser's storage fail there.
 */
async function patchDeviceStore(context: BrowserContext, patch: string): Promise<void> {
  await context.route(/device-store\.worker[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${patch}\n${await response.text()}` });
  });
}

/**
 * Waits until the plan's charts have loaded their library: a test that ends sooner closes
 * the page mid-download, and the page rightly logs the load it lost.
 */
async function chartsDrawn(page: Page): Promise<void> {
  const loading = async () =>
    (await page.locator('canvas').count()) === 0 ||
    (await page.getByText('Loading chart…').count()) > 0;
  await expect.poll(loading, { timeout: 15_000 }).toBe(false);
}
