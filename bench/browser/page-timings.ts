/**
 * Timings of the workspace in headless Chromium on the reference cycle:
 * - open: navigation start -> the first `Demand, …` grid cell rendered, visible (laid out,
 *   not hidden; possibly a scroll away below the summary) and focusable, on
 *   a first visit (nothing on the device) and on reloads with the cycle on the device;
 * - keystroke: Enter's keydown -> the `Projected inventory` cell of the edited family and
 *   month shows the engine's new value and the Gaps count in the navigation the engine's
 *   new gap count (and the next animation frame after that);
 * - remote: Enter's keydown in one browser context -> the edited cell changes in another,
 *   each instant on its page's clock as wall time (`performance.timeOrigin + now`: both
 *   pages read the machine's one clock). Timed here, through the bindings that wake this
 *   process, the interval also held those messages' own delays (p95 65 against 42 ms).
 * Page instants are `performance.now()` in the page, whose origin is navigation start.
 * The page tells this process its instants through exposed bindings: nothing is asked of
 * the page while it loads (asking would run the automation's own script in it). First
 * visits are also timed in a Chromium with nothing of the automation in the page
 * (`plain-visits.ts`): those judge the first-visit goal.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { reconcile, type Plan } from '../../shared/engine/index.ts';
import { summarize, type Timing } from '../stats.ts';
import type { BenchServer } from './bench-server.ts';
import { launchBrowser } from '../../tests/helpers/browser.ts';
import { measurePlainVisits, NAME_HELPER, SETTLED_STATUS } from './plain-visits.ts';

const VIEWPORT = { width: 1280, height: 800 };
const LOAD_TIMEOUT_MS = 120_000;
const EDIT_TIMEOUT_MS = 60_000;

/** How many times each timing is taken. */
export interface PageRuns {
  /** First visits, each in a browser context of its own (nothing kept, nothing cached). */
  firstVisits: number;
  reloads: number;
  edits: number;
}

/** What the page timings found. */
export interface PageTimings {
  /**
   * First visit: invite link to an interactive plan (no device copy, no cached app), in a
   * browser with nothing of the automation in the page (`plain-visits.ts`).
   */
  firstOpen: Timing;
  /** The same first visits driven by the automation that takes the other timings. */
  firstOpenAutomated: Timing;
  /** Reloads with the cycle on the device and the app shell cached. */
  warmOpen: Timing;
  /** Enter -> the projected inventory cell and the gap count show the new values (DOM updated). */
  keystroke: Timing;
  /** Enter -> the next animation frame after the update (about when it is painted). */
  keystrokeFrame: Timing;
  /** Enter in one context -> the cell changes in another. */
  remote: Timing;
  /** How many families the page's grid had in the DOM when measured (virtualization check). */
  renderedFamilies: number;
  /** Grid cells in the page when measured, in every grid (families, capacity, setup). */
  gridCells: number;
}

/** Tells the instant the first demand cell is on screen and focusable, on every load. */
function watchInteractive(): void {
  const w = window as unknown as {
    benchInteractiveAt?: number;
    benchInteractive?: (at: number) => void;
  };
  const ready = (): boolean => {
    const cell = document.querySelector<HTMLElement>('[role="gridcell"][aria-label^="Demand, "]');
    if (!cell || !cell.hasAttribute('tabindex')) return false;
    // Visible as Playwright means it: laid out with a size, not hidden (it may sit below
    // the summary and charts, a scroll away).
    const box = cell.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(cell).visibility !== 'hidden';
  };
  const observer = new MutationObserver(() => {
    if (w.benchInteractiveAt === undefined && ready()) {
      w.benchInteractiveAt = performance.now();
      observer.disconnect();
      void w.benchInteractive?.(w.benchInteractiveAt);
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/** Records Enter's keydown (capture phase: before the grid handles it) for the armed run. */
function watchEnter(): void {
  addEventListener(
    'keydown',
    (event) => {
      const w = window as unknown as {
        benchRun?: { enterAt: number | null; enterWallAt: number | null };
      };
      if (event.key !== 'Enter' || !w.benchRun || w.benchRun.enterAt !== null) return;
      w.benchRun.enterAt = performance.now();
      w.benchRun.enterWallAt = performance.timeOrigin + w.benchRun.enterAt;
    },
    { capture: true },
  );
}

/**
 * Arms a run: watches the cell named `name` until its number is `expected` and, when
 * `gaps` is given, the count of the navigation's Gaps view is the engine's gap count.
 */
function armRun(args: {
  name: string;
  expected: number;
  gaps: number | null;
  notify: boolean;
}): void {
  const w = window as unknown as {
    benchRun?: { enterAt: number | null; domAt: number | null; frameAt: number | null };
    benchSeen?: (wallAt: number) => void;
  };
  const run = { enterAt: null, enterWallAt: null, domAt: null, frameAt: null } as {
    enterAt: number | null;
    enterWallAt: number | null;
    domAt: number | null;
    frameAt: number | null;
  };
  w.benchRun = run;
  // A cell's accessible name is which cell it is, then what it shows: `Demand, F1, 2027-01: 1,240`.
  const selector = `[role="gridcell"][aria-label^="${args.name.replace(/["\\]/g, '\\$&')}"]`;
  const isTheCell = (cell: Element) => {
    const label = cell.getAttribute('aria-label') ?? '';
    return label === args.name || label.startsWith(`${args.name}: `);
  };
  const valueOf = (text: string) => Number(text.replace(/\u2212/g, '-').replace(/[^0-9.-]/g, ''));
  const observer = new MutationObserver(() => {
    // The page showed what it shows now when this was called: the looks below are the
    // benchmark's own work (a query of a 12,000-element page), not the page's.
    const calledAt = performance.now();
    const cell = [...document.querySelectorAll(selector)].find(isTheCell);
    if (!cell || run.domAt !== null) return;
    if (Math.abs(valueOf(cell.textContent ?? '') - args.expected) > 0.5) return;
    if (args.gaps !== null) {
      const link = [...document.querySelectorAll('nav a')].find((a) =>
        a.textContent?.trim().startsWith('Gaps'),
      );
      const count = valueOf(link?.textContent?.replace('Gaps', '') || '0');
      if (count !== args.gaps) return;
    }
    run.domAt = calledAt;
    observer.disconnect();
    // The instant the page showed it, as wall time, to compare with the other page's.
    if (args.notify) void w.benchSeen?.(performance.timeOrigin + calledAt);
    requestAnimationFrame(() => (run.frameAt = performance.now()));
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}

/** Opens the reference cycle in two browser contexts and takes every page timing. */
export async function measurePages(server: BenchServer, runs: PageRuns): Promise<PageTimings> {
  const browser = await launchBrowser();
  let timings: Omit<PageTimings, 'firstOpen'>;
  try {
    timings = await measureWith(browser, server, runs);
  } finally {
    await browser.close();
  }
  const watcher = `${NAME_HELPER} (${watchInteractive.toString()})();`;
  const plain = await measurePlainVisits({
    urlOf: (n) => server.inviteUrl('editor', `Pia Plain ${n}`),
    count: runs.firstVisits,
    viewport: VIEWPORT,
    watcher,
    timeoutMs: LOAD_TIMEOUT_MS,
  });
  return { firstOpen: summarize(plain), ...timings };
}

async function measureWith(
  browser: Browser,
  server: BenchServer,
  runs: PageRuns,
): Promise<Omit<PageTimings, 'firstOpen'>> {
  const a = await openPerson(browser, server, 'Ana Bench');
  const first = [await a.opened];
  await settled(a.page);
  for (let i = 1; i < runs.firstVisits; i++) {
    const visitor = await openPerson(browser, server, `Vera Visit ${i}`);
    first.push(await visitor.opened);
    await settled(visitor.page);
    await visitor.context.close();
  }

  const warm: number[] = [];
  for (let i = 0; i < runs.reloads; i++) {
    const reloaded = a.nextLoad();
    await a.page.reload({ waitUntil: 'commit' });
    warm.push(await reloaded);
    await settled(a.page);
  }

  const b = await openPerson(browser, server, 'Ben Bench');
  await settled(b.page);

  // The second person's page calls back with its instant when it shows the edit.
  let seen: ((wallAt: number) => void) | null = null;
  await b.page.exposeBinding('benchSeen', (_source, wallAt: number) => {
    seen?.(wallAt);
  });
  await a.page.evaluate(watchEnter);

  const plan: Plan = structuredClone(server.plan);
  const family = plan.families[0];
  const months = plan.periods.slice(0, 12);
  const keystroke: number[] = [];
  const frame: number[] = [];
  const remote: number[] = [];
  for (let i = 0; i < runs.edits; i++) {
    const month = months[i % months.length];
    const value = Math.round((plan.demand[family.id]?.[month] ?? 0) + 7 + (i % 5));
    (plan.demand[family.id] ??= {})[month] = value;
    const result = reconcile(plan);
    const row = result.families[0].rows.find((r) => r.period === month)!;
    const demandName = `Demand, ${family.name}, ${month}`;
    const inventoryName = `Projected inventory, ${family.name}, ${month}`;

    await a.page.evaluate(armRun, {
      name: inventoryName,
      expected: row.projectedInventory,
      gaps: result.gaps.length,
      notify: false,
    });
    await b.page.evaluate(armRun, { name: demandName, expected: value, gaps: null, notify: true });
    const seenAt = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the second person never saw ${demandName} = ${value}`)),
        EDIT_TIMEOUT_MS,
      );
      seen = (wallAt) => {
        clearTimeout(timer);
        resolve(wallAt);
      };
    });
    seenAt.catch(() => {});

    const cell = a.page.getByRole('gridcell', { name: cellNamePattern(demandName) });
    await cell.scrollIntoViewIfNeeded();
    await cell.click();
    await a.page.keyboard.type(String(value));
    await a.page.keyboard.press('Enter');
    const times = await a.page
      .waitForFunction(
        () => {
          const run = (window as unknown as { benchRun?: Record<string, number | null> }).benchRun;
          return run && run.frameAt !== null ? run : null;
        },
        undefined,
        { timeout: EDIT_TIMEOUT_MS, polling: 20 },
      )
      .then((handle) => handle.jsonValue() as Promise<Record<string, number>>)
      .catch(() => {
        throw new Error(
          `${inventoryName} never showed the engine's ${row.projectedInventory} (with ${result.gaps.length} gaps) after typing ${value}`,
        );
      });
    keystroke.push(times.domAt - times.enterAt);
    frame.push(times.frameAt - times.enterAt);
    remote.push((await seenAt) - times.enterWallAt);
  }

  const { renderedFamilies, gridCells } = await a.page.evaluate(() => {
    const cells = document.querySelectorAll('[role="gridcell"]');
    const families = new Set<string>();
    for (const cell of cells) {
      const name = cell.getAttribute('aria-label') ?? '';
      const identity = name.split(': ')[0];
      if (identity.startsWith('Demand, '))
        families.add(identity.split(', ').slice(1, -1).join(', '));
    }
    return { renderedFamilies: families.size, gridCells: cells.length };
  });

  await a.context.close();
  await b.context.close();
  return {
    firstOpenAutomated: summarize(first),
    warmOpen: summarize(warm),
    keystroke: summarize(keystroke),
    keystrokeFrame: summarize(frame),
    remote: summarize(remote),
    renderedFamilies,
    gridCells,
  };
}

/** A person's page, and the instants (ms after navigation start) its loads became interactive. */
interface Person {
  context: BrowserContext;
  page: Page;
  /** The first load's instant. */
  opened: Promise<number>;
  /** The next load's instant: asked for before the load starts. */
  nextLoad(): Promise<number>;
}

async function openPerson(browser: Browser, server: BenchServer, name: string): Promise<Person> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  let told: ((at: number) => void) | null = null;
  await context.exposeBinding('benchInteractive', (_source, at: number) => {
    told?.(at);
    told = null;
  });
  const nextLoad = () =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name}'s plan never became interactive`)),
        LOAD_TIMEOUT_MS,
      );
      told = (at) => {
        clearTimeout(timer);
        resolve(at);
      };
    });
  // The functions this file sends to the page call tsx's `__name` helper.
  await context.addInitScript({ content: NAME_HELPER });
  await context.addInitScript(watchInteractive);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  page error (${name}): ${error.message}`));
  const opened = nextLoad();
  opened.catch(() => {}); // awaited by the caller
  await page.goto(server.inviteUrl('editor', name), { waitUntil: 'commit' });
  return { context, page, opened, nextLoad };
}

/** Waits until the page is online, its copy on the device and the server up to date. */
async function settled(page: Page): Promise<void> {
  const status = page.getByRole('status', { name: 'Connection' });
  for (const text of SETTLED_STATUS) {
    await status.getByText(text).waitFor({ timeout: LOAD_TIMEOUT_MS });
  }
}

/** Matches the accessible name of the cell `name`, whatever it shows after it. */
function cellNamePattern(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(: |$)`);
}
