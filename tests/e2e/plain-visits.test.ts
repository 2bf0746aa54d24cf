import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurePlainVisits, type PlainVisits } from '../../bench/browser/plain-visits.ts';

// A page that shows its first demand cell `?after=` ms after it starts, then says its copy
// is stored; with `?never`, it shows nothing.
const PAGE = `<!doctype html><html><body><script>
  const query = new URLSearchParams(location.search);
  if (!query.has('never')) setTimeout(() => {
    document.body.innerHTML = '<table><tr><td role="gridcell" tabindex="-1" aria-label="Demand, F1, 2027-01: 10">10</td></tr></table>'
      + '<p role="status" aria-label="Connection">Online Saved on this device Server has all edits</p>';
  }, Number(query.get('after')));
</script></body></html>`;

// The watcher the benchmark runs: the instant the first demand cell is in and focusable.
const WATCHER = `new MutationObserver((_, observer) => {
  if (!document.querySelector('[role="gridcell"][aria-label^="Demand, "][tabindex]')) return;
  window.benchInteractiveAt = performance.now();
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });`;

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const visits = (query: (n: number) => string, count: number, timeoutMs = 20_000): PlainVisits => ({
  urlOf: (n) => `${origin}/?${query(n)}`,
  count,
  viewport: { width: 1280, height: 800 },
  watcher: WATCHER,
  timeoutMs,
});

describe('first visits with nothing of the automation in the page', () => {
  it('gives the instant each page recorded, on its own clock, one visit after another', async () => {
    const instants = await measurePlainVisits(visits((n) => `after=${n * 300}`, 2));
    expect(instants).toHaveLength(2);
    // Each page showed its cell no sooner than it was told to, and the second later.
    expect(instants[0]).toBeGreaterThanOrEqual(300);
    expect(instants[1]).toBeGreaterThanOrEqual(600);
    expect(instants[1]).toBeGreaterThan(instants[0]);
  }, 60_000);

  it('says which page never became interactive', async () => {
    await expect(measurePlainVisits(visits(() => 'never', 1, 1500))).rejects.toThrow(
      /\/\?never never became interactive/,
    );
  }, 30_000);
});
