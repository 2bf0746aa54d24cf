import { mkdir, rm } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { signInvite } from '../../server/auth/tokens.ts';
import type { Role, SopFunction } from '../../shared/policy/roles.ts';
import { RELAY_DEFAULTS, ROOT_DIR } from '../../server/config.ts';
import { seedRoom } from '../../server/demo-room.ts';
import { startFulcrum, type FulcrumServer } from '../../server/fulcrum-server.ts';
import { docToPlan, type CycleDoc } from '../../shared/doc/index.ts';
import { generateDemoPlan, type DemoPlanOptions } from '../../shared/demo/demo-plan.ts';
import type { Plan } from '../../shared/engine/index.ts';
import { launchBrowser } from './browser.ts';
import {
  connectClient,
  makeTempDir,
  testLogger,
  testToken,
  TEST_SECRET,
  waitFor,
} from './relay.ts';

/** The workspace the browser tests open. */
export const TEST_WORKSPACE = 'demo';

/**
 * A real Fulcrum server (page, API, relay, SQLite) serving the built client, with one
 * seeded cycle (a demo plan and the standard agenda). It can be stopped and started
 * again on the same port with the same data, as a relay outage would.
 */
export interface TestWorkspace {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  dataDir: string;
  /** The seeded cycle's month, e.g. `2026-12`. */
  cycle: string;
  /** The plan the cycle was seeded with. */
  plan: Plan;
  /**
   * The join link a person opens: `<url>/?token=...`, for the functions they speak for
   * (their sign-offs and input status; none unless given).
   */
  inviteUrl(role: Role, name: string, functions?: readonly SopFunction[]): string;
  /** The address of a view of the seeded cycle (`plan`, `gaps`, `meeting` ...). */
  viewUrl(view: string): string;
  /** Stops the server (sockets closed, data kept). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

/** Starts a server serving `clientDir` (the global setup's build: `inject('clientDir')`). */
export async function startWorkspace(options: {
  clientDir: string;
  plan?: DemoPlanOptions;
  /** A plan to seed instead of a generated demo plan. */
  seedPlan?: Plan;
}): Promise<TestWorkspace> {
  const dataDir = await makeTempDir('workspace');
  await mkdir(dataDir, { recursive: true });
  const plan = options.seedPlan ?? generateDemoPlan(options.plan);
  const room = `${TEST_WORKSPACE}/${plan.cycle}`;
  let port = 0;
  let server: FulcrumServer | null = null;

  async function start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        server = await startFulcrum({
          port,
          hostname: '127.0.0.1',
          dataDir,
          clientDir: options.clientDir,
          logger: testLogger(),
          relay: { ...RELAY_DEFAULTS, unloadDelayMs: 500 },
          secret: TEST_SECRET,
          exportPlan: docToPlan,
          seed: async (storage) => {
            await seedRoom(storage, room, plan);
          },
        });
        port = server.port;
        return;
      } catch (error) {
        // The port of a server just stopped can take a moment to be free again.
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  await start();
  const base = () => `http://127.0.0.1:${port}`;
  return {
    get url() {
      return base();
    },
    get port() {
      return port;
    },
    dataDir,
    cycle: plan.cycle,
    plan,
    inviteUrl(role, name, functions = []) {
      const token = signInvite(TEST_SECRET, {
        workspace: TEST_WORKSPACE,
        role,
        name,
        functions,
        expiresAt: Date.now() + 60 * 60 * 1000,
      });
      return `${base()}/?token=${token}`;
    },
    viewUrl(view) {
      return `${base()}/w/${TEST_WORKSPACE}/${plan.cycle}/${view}`;
    },
    async stop() {
      await server?.close();
      server = null;
    },
    start,
    async close() {
      await server?.close();
      server = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects what a person should never see: console errors, page errors. */
export function watchPage(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => into.push(`page error: ${error.message}`));
}

/** One person in a browser context of their own, joined through their invite link. */
export interface Participant {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * Opens an invite link (for `functions`, none unless given) in a new browser context and
 * waits until the cycle is open and synced (the Connection status reads Online).
 */
export async function join(
  browser: Browser,
  workspace: TestWorkspace,
  role: Role,
  name: string,
  viewport = { width: 1280, height: 800 },
  functions: readonly SopFunction[] = [],
): Promise<Participant> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  watchPage(page, problems);
  await page.goto(workspace.inviteUrl(role, name, functions));
  await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
  return { context, page, problems };
}

export { launchBrowser };

/** Opens a view of the seeded cycle in this person's page and waits until it is synced. */
export async function openView(
  workspace: TestWorkspace,
  person: Participant,
  view: string,
): Promise<void> {
  await person.page.goto(workspace.viewUrl(view));
  await person.page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor();
}

/**
 * What planners record before anyone opens the page, written into the seeded cycle
 * through the relay like any other client's edits (Priya Prep, a facilitator, so the
 * write policy lets every kind of record through): `write` runs once that client has
 * synced, then a second client reads the cycle back until `arrived` finds the writes
 * there, so the relay has them all.
 */
export async function prepareCycle(
  workspace: TestWorkspace,
  write: (doc: CycleDoc) => void,
  arrived: (doc: CycleDoc) => boolean,
): Promise<void> {
  const syncUrl = `ws://127.0.0.1:${workspace.port}/sync/${TEST_WORKSPACE}`;
  const token = testToken('facilitator', { workspace: TEST_WORKSPACE, name: 'Priya Prep' });
  const prep = connectClient(syncUrl, workspace.cycle, { token });
  await waitFor('the planner to sync', () => prep.provider.synced);
  write(prep.doc);
  const check = connectClient(syncUrl, workspace.cycle, { token });
  await waitFor(
    'the prepared records to reach the relay',
    () => check.provider.synced && arrived(check.doc),
  );
  check.destroy();
  prep.destroy();
}

/** Where the browser tests save their screenshots. */
export const SCREENSHOTS = joinPath(ROOT_DIR, 'screenshots');

/**
 * What a browser test file starts with: the screenshots folder, a seeded workspace serving
 * the built client, and headless Chromium. Close both with {@link closeWorkspaceSuite}.
 */
export async function startWorkspaceSuite(
  clientDir: string,
): Promise<{ ws: TestWorkspace; browser: Browser }> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const ws = await startWorkspace({ clientDir });
  const browser = await launchBrowser();
  return { ws, browser };
}

/** Closes what {@link startWorkspaceSuite} started; either may be missing if it failed part-way. */
export async function closeWorkspaceSuite(
  ws: TestWorkspace | undefined,
  browser: Browser | undefined,
): Promise<void> {
  await browser?.close();
  await ws?.close();
}

/**
 * A workspace suite with two people already in: Fran Facilitator and Ben Okafor (an
 * editor), each page failing a wait after 15 s rather than the test's whole timeout.
 */
export async function startFacilitatorAndEditor(clientDir: string): Promise<{
  ws: TestWorkspace;
  browser: Browser;
  fran: Participant;
  ben: Participant;
}> {
  const { ws, browser } = await startWorkspaceSuite(clientDir);
  const fran = await join(browser, ws, 'facilitator', 'Fran Facilitator');
  const ben = await join(browser, ws, 'editor', 'Ben Okafor');
  fran.page.setDefaultTimeout(15_000);
  ben.page.setDefaultTimeout(15_000);
  return { ws, browser, fran, ben };
}

/** The workspace, browser and two people of {@link facilitatorAndEditorForFile}. */
export interface FacilitatorAndEditor {
  ws: TestWorkspace;
  browser: Browser;
  fran: Participant;
  ben: Participant;
}

/**
 * For one browser test file: starts {@link startFacilitatorAndEditor} on `clientDir()`
 * before the file's first test and closes it after its last. The object it returns holds
 * the workspace, browser and people once they are started.
 */
export function facilitatorAndEditorForFile(clientDir: () => string): FacilitatorAndEditor {
  const suite = {} as Partial<FacilitatorAndEditor>;
  beforeAll(async () => {
    Object.assign(suite, await startFacilitatorAndEditor(clientDir()));
  });
  afterAll(async () => {
    await closeWorkspaceSuite(suite.ws, suite.browser);
  });
  return suite as FacilitatorAndEditor;
}
