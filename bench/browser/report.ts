/**
 * The browser benchmark's goals and its Markdown: the four page timings (first visit,
 * reload, keystroke, a second browser) and the initial download against their goals, then
 * the chunks loaded on demand.
 */
import { machineText, ms, table, type Machine } from '../report.ts';
import type { Timing } from '../stats.ts';
import type { BundleReport } from './bundle-size.ts';
import type { PageRuns, PageTimings } from './page-timings.ts';

/** The goals. Timings are judged on their p95, the download on its gzipped bytes. */
export const BROWSER_GOALS = {
  initialGzipBytes: 150_000,
  firstOpenMs: 1000,
  warmOpenMs: 1000,
  /** One frame at 60 Hz. */
  keystrokeMs: 16.7,
  remoteMs: 50,
} as const;

/** One goal and whether it was met. */
export interface BrowserGoal {
  goal: string;
  value: string;
  met: boolean;
}

/** Everything the browser benchmark found. */
export interface BrowserBenchResult {
  machine: Machine;
  quick: boolean;
  runs: PageRuns;
  /** The plan the pages opened, in words. */
  plan: string;
  bundle: BundleReport;
  /** Null when the page timings could not be taken; `skipped` says why. */
  pages: PageTimings | null;
  skipped: string | null;
  /** Why the page timings failed (the page did not become interactive, an edit never showed). */
  failure: string | null;
  goals: BrowserGoal[];
  elapsedS: number;
}

/** The goals judged on what was measured. */
export function judgeBrowserGoals(bundle: BundleReport, pages: PageTimings | null): BrowserGoal[] {
  const goals: BrowserGoal[] = [
    {
      goal: `initial JavaScript <= ${kb(BROWSER_GOALS.initialGzipBytes)} gzipped (charts and the notes editor load later)`,
      value: kb(bundle.initialGzipBytes),
      met: bundle.initialGzipBytes <= BROWSER_GOALS.initialGzipBytes,
    },
  ];
  if (!pages) return goals;
  const timed: [string, Timing, number][] = [
    [
      'first visit from an invite link to an interactive 500-family plan, nothing of the automation in the page',
      pages.firstOpen,
      BROWSER_GOALS.firstOpenMs,
    ],
    [
      'navigation to an interactive 500-family plan, warm device store',
      pages.warmOpen,
      BROWSER_GOALS.warmOpenMs,
    ],
    ['keystroke to updated derived cells', pages.keystroke, BROWSER_GOALS.keystrokeMs],
    ['the edit appearing in a second context', pages.remote, BROWSER_GOALS.remoteMs],
  ];
  for (const [what, timing, limit] of timed) {
    goals.push({
      goal: `${what}: p95 <= ${ms(limit)}`,
      value: `p95 ${ms(timing.p95)}, median ${ms(timing.median)}`,
      met: timing.p95 <= limit,
    });
  }
  return goals;
}

/** The Markdown the README takes. */
export function browserMarkdown(result: BrowserBenchResult): string {
  const { bundle, pages, machine: m } = result;
  const lines: string[] = ['## The workspace in the browser', ''];
  lines.push(
    `${machineText(m)}${result.quick ? ' (quick)' : ''}; ${result.elapsedS.toFixed(0)} s in all.`,
    '',
    `Headless Chromium (Debian's) against the real server (\`server/start.ts\` as a child process, SQLite store) holding the reference cycle: ${result.plan}. The client is built for the run. Page instants are \`performance.now()\` in the page (navigation start is 0), taken by a MutationObserver the moment the cell shows what is awaited; the second-context latency is from Enter's keydown in one context to the cell's change in the other, each instant as wall time on its page's clock (\`performance.timeOrigin + performance.now()\`: both pages read the machine's one clock). Each edit types a new demand value into the first family's cell of one of the first 12 months and presses Enter; the awaited projected inventory and gap count are the engine's own, computed here on the same plan. Goals are met when the p95 is within them.`,
    '',
  );
  const goalText = (limit: number | null) => (limit === null ? 'for reference' : `<= ${ms(limit)}`);
  const verdictOf = (timing: Timing, limit: number | null) =>
    limit === null ? '' : verdict(timing.p95 <= limit);
  const rows: string[][] = [
    [
      `Initial JavaScript, gzip -9: entry and its static imports (${bundle.initial.length} ${bundle.initial.length === 1 ? 'file' : 'files'}, ${kb(bundle.initialBytes)} before gzip)`,
      kb(bundle.initialGzipBytes),
      '',
      '',
      `<= ${kb(BROWSER_GOALS.initialGzipBytes)}`,
      verdict(bundle.initialGzipBytes <= BROWSER_GOALS.initialGzipBytes),
    ],
  ];
  if (pages) {
    const timed = (what: string, timing: Timing, limit: number | null) => [
      what,
      ms(timing.median),
      ms(timing.p95),
      String(timing.runs),
      goalText(limit),
      verdictOf(timing, limit),
    ];
    rows.push(
      timed(
        'First visit: invite link to an interactive plan (a new browser context each time: nothing on the device, nothing cached), in a Chromium driven with nothing of the automation in the page',
        pages.firstOpen,
        BROWSER_GOALS.firstOpenMs,
      ),
      timed(
        'The same first visit driven by the automation of the other timings (its scripts and bindings in the page)',
        pages.firstOpenAutomated,
        null,
      ),
      timed(
        'Reload to an interactive plan (first `Demand` cell visible and focusable), cycle on the device',
        pages.warmOpen,
        BROWSER_GOALS.warmOpenMs,
      ),
      timed(
        'Keystroke (Enter) to the `Projected inventory` cell and the Gaps count showing the engine’s new values',
        pages.keystroke,
        BROWSER_GOALS.keystrokeMs,
      ),
      timed('Keystroke (Enter) to the next animation frame after it', pages.keystrokeFrame, null),
      timed(
        'Enter in one browser context to the cell changing in a second (loopback)',
        pages.remote,
        BROWSER_GOALS.remoteMs,
      ),
    );
  }
  lines.push(table(['Measure', 'Median', 'p95', 'Runs', 'Goal', 'Result'], rows), '');
  if (result.skipped) lines.push(`Page timings not taken: ${result.skipped}`, '');
  if (result.failure) lines.push(`**Page timings failed**: ${result.failure}`, '');
  if (pages) {
    lines.push(
      `While measured the page held ${pages.gridCells.toLocaleString('en-US')} grid cells in all its grids, with ${pages.renderedFamilies} of the 500 families' rows (the others are virtualized).`,
      '',
    );
  }
  const chunkRows = [
    ...bundle.lazy.map((chunk) => [chunk.file, kb(chunk.gzipBytes), kb(chunk.bytes)]),
    ...bundle.serviceWorker.map((chunk) => [
      `${chunk.file} (service worker, installed in the background)`,
      kb(chunk.gzipBytes),
      kb(chunk.bytes),
    ]),
    ...bundle.css.map((chunk) => [
      `${chunk.file} (stylesheet, loaded with the page)`,
      kb(chunk.gzipBytes),
      kb(chunk.bytes),
    ]),
  ];
  lines.push('**Not in the initial JavaScript** (loaded on demand, or not JavaScript)', '');
  lines.push(table(['File', 'gzip -9', 'Before gzip'], chunkRows), '');
  const met = result.goals.filter((goal) => goal.met).length;
  lines.push(`Goals of the workspace in the browser: ${met} of ${result.goals.length} met.`, '');
  for (const goal of result.goals) {
    lines.push(`- ${goal.met ? 'met' : '**not met**'}: ${goal.goal}: ${goal.value}`);
  }
  return lines.join('\n');
}

function verdict(met: boolean): string {
  return met ? 'met' : '**not met**';
}

/** Bytes in kB of 1,000 bytes, as the goal is written. */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
