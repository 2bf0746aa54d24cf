/**
 * First visits with nothing of the automation in the page: a Chromium of its own, driven
 * over the DevTools protocol's pipe with the Page and Emulation domains only.
 *
 * The automation the other timings use (Playwright) enables the page's Runtime domain,
 * exposes bindings and runs scripts of its own in every new page. Side by side on the
 * 2-core VM those cost a first visit about 120 ms that a person's browser does not pay:
 * under it, each script that creates an `Error` while it loads (Svelte, lib0) is parsed
 * again for the error's positions (35 to 48 ms a script in a trace). Here
 * the watcher is the only script added to the page; it keeps the instant in the page, and
 * this process reads it with `Runtime.evaluate` (which needs no enabled domain) once the
 * plan is in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/helpers/browser.ts';

const POLL_MS = 100;

/** What the page's connection status says once its copy and the server's are up to date. */
export const SETTLED_STATUS = ['Online', 'Saved on this device', 'Server has all edits'] as const;

/**
 * Defines the helper that tsx's compiled functions call (`__name`, from esbuild's
 * keepNames), for a function of this process sent to a page as its source.
 */
export const NAME_HELPER = 'globalThis.__name ??= (target) => target;';

const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/** A browser driven over `--remote-debugging-pipe`: one JSON message per NUL-ended chunk. */
class PipeBrowser {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (result: unknown) => void; reject: (error: Error) => void }
  >();
  private buffered = '';
  /** Why the browser can take no more messages, once it cannot. */
  private ended: string | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly toBrowser: Writable,
  ) {}

  static launch(): PipeBrowser {
    const child = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, '--remote-debugging-pipe'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    const browser = new PipeBrowser(child, child.stdio[3] as Writable);
    browser.toBrowser.on('error', (error) =>
      browser.failAll(`the browser's pipe: ${error.message}`),
    );
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => browser.receive(chunk));
    child.on('exit', () => browser.failAll('the browser exited'));
    child.on('error', (error) => browser.failAll(`the browser did not start: ${error.message}`));
    return browser;
  }

  /** Sends `method` (to the page of `sessionId` when given) and resolves with its result. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      if (this.ended) return reject(new Error(`${method}: ${this.ended}`));
      this.waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  close(): void {
    this.child.kill();
  }

  private receive(chunk: Buffer): void {
    const parts = (this.buffered + chunk.toString('utf8')).split('\0');
    this.buffered = parts.pop() ?? '';
    for (const part of parts) {
      const message = JSON.parse(part) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!waiter) continue; // an event: none is asked for
      this.waiting.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    }
  }

  private failAll(why: string): void {
    this.ended ??= why;
    for (const waiter of this.waiting.values()) waiter.reject(new Error(why));
    this.waiting.clear();
  }
}

/** What `measurePlainVisits` opens, how, and how long it waits. */
export interface PlainVisits {
  /** The link of the `n`th visit (from 1). */
  urlOf: (n: number) => string;
  count: number;
  viewport: { width: number; height: number };
  /** Run in the page before its own scripts; sets `window.benchInteractiveAt`. */
  watcher: string;
  timeoutMs: number;
}

/**
 * Opens each link in a browser context of its own and gives the instant (ms after
 * navigation start, the page's clock) each plan became interactive, as the watcher
 * recorded it. Each visit waits, as the automated ones do, until the page says its copy is
 * stored and the server has its edits, before the next starts.
 */
export async function measurePlainVisits(visits: PlainVisits): Promise<number[]> {
  const { viewport, watcher, timeoutMs } = visits;
  const browser = PipeBrowser.launch();
  try {
    const instants: number[] = [];
    for (let n = 1; n <= visits.count; n++) instants.push(await visit(browser, visits.urlOf(n)));
    return instants;
  } finally {
    browser.close();
  }

  async function visit(browser: PipeBrowser, url: string): Promise<number> {
    const { browserContextId } = await browser.send<{ browserContextId: string }>(
      'Target.createBrowserContext',
    );
    try {
      const { targetId } = await browser.send<{ targetId: string }>('Target.createTarget', {
        url: 'about:blank',
        browserContextId,
      });
      const { sessionId } = await browser.send<{ sessionId: string }>('Target.attachToTarget', {
        targetId,
        flatten: true,
      });
      await browser.send('Page.enable', {}, sessionId);
      await browser.send('Page.addScriptToEvaluateOnNewDocument', { source: watcher }, sessionId);
      await browser.send(
        'Emulation.setDeviceMetricsOverride',
        { ...viewport, deviceScaleFactor: 1, mobile: false },
        sessionId,
      );
      await browser.send('Emulation.setLocaleOverride', { locale: 'en-US' }, sessionId);
      await browser.send('Page.navigate', { url }, sessionId);
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        await pause();
        const { result } = await browser.send<{ result: { value?: unknown } }>(
          'Runtime.evaluate',
          { expression: 'window.benchInteractiveAt', returnByValue: true },
          sessionId,
        );
        if (typeof result.value === 'number') {
          await settled(browser, sessionId, started);
          return result.value;
        }
      }
      throw new Error(`the plan at ${url} never became interactive (nothing attached)`);
    } finally {
      await browser.send('Target.disposeBrowserContext', { browserContextId });
    }
  }

  /** Waits, as the other first visits do, until the page's edits and copy are all stored. */
  async function settled(browser: PipeBrowser, sessionId: string, started: number): Promise<void> {
    const expression = `document.querySelector('[role="status"][aria-label="Connection"]')?.textContent ?? ''`;
    while (Date.now() - started < timeoutMs) {
      const { result } = await browser.send<{ result: { value?: unknown } }>(
        'Runtime.evaluate',
        { expression, returnByValue: true },
        sessionId,
      );
      const status = String(result.value);
      if (SETTLED_STATUS.every((text) => status.includes(text))) return;
      await pause();
    }
    throw new Error('a first visit with nothing attached never stored its copy of the cycle');
  }
}
