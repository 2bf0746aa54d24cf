import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlan } from '../../shared/engine/index.ts';
import { demoPlanFile } from '../../server/demo-workspace.ts';
import { TEST_SECRET, testToken } from '../helpers/relay.ts';
import { makeTempDir, startServer, type TestServer } from '../helpers/server.ts';

// A hand-made client folder: these tests are about the server, not the bundle.
const INDEX_HTML = '<!doctype html><title>Fulcrum test client</title><div id="app"></div>';
const ASSET_JS = 'console.log("asset");';
const SERVICE_WORKER_JS = 'self.addEventListener("fetch", () => {});';

let clientDir: string;
const servers: TestServer[] = [];
const tempDirs: string[] = [];

async function start(dataDir?: string): Promise<TestServer> {
  const server = await startServer({ clientDir, dataDir, secret: TEST_SECRET });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  clientDir = await makeTempDir('test-client');
  tempDirs.push(clientDir);
  await mkdir(join(clientDir, 'assets'));
  await writeFile(join(clientDir, 'index.html'), INDEX_HTML);
  await writeFile(join(clientDir, 'assets', 'app-abc123.js'), ASSET_JS);
  await writeFile(join(clientDir, 'sw.js'), SERVICE_WORKER_JS);
  await writeFile(join(clientDir, 'manifest.webmanifest'), JSON.stringify({ name: 'Fulcrum' }));
});

/** The demo plan, asked with an invite of the demo workspace. */
function demoPlan(server: TestServer): Promise<Response> {
  return fetch(`${server.url}/api/workspaces/demo/plan`, {
    headers: { Authorization: `Bearer ${testToken('viewer', { workspace: 'demo' })}` },
  });
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the API', () => {
  it('answers the health check', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('creates the demo plan in the data folder on first request, valid and 12 x 18 x 4', async () => {
    const server = await start();
    const file = demoPlanFile(server.dataDir);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });

    // Without an invite of the demo workspace, nothing is served or created.
    const anonymous = await fetch(`${server.url}/api/workspaces/demo/plan`);
    expect(anonymous.status).toBe(401);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });

    const response = await demoPlan(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const served = await response.json();

    const parsed = parsePlan(served);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(served.format).toBe('fulcrum.plan');
    expect(served.families).toHaveLength(12);
    expect(served.periods).toHaveLength(18);
    expect(served.resources).toHaveLength(4);
    // The demo tells the demand review's story: frozen forecasts and this cycle's adjustments.
    expect(served.forecastSnapshots).toHaveLength(18);
    expect(Object.keys(served.demandStreams.adjustments).length).toBeGreaterThanOrEqual(3);
    // The data lives in DATA_DIR: the file on disk is the plan served.
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(served);
  });

  it('serves the same plan file on a second start, without regenerating it', async () => {
    const dataDir = await makeTempDir('data-restart');
    tempDirs.push(dataDir);
    const first = await start(dataDir);
    const original = await (await demoPlan(first)).json();
    await first.close();

    // Change the stored plan: a second start must serve the file, not a fresh demo plan.
    const edited = {
      ...original,
      families: original.families.map((family: { name: string }, index: number) =>
        index === 0 ? { ...family, name: 'Renamed family' } : family,
      ),
    };
    await writeFile(demoPlanFile(dataDir), JSON.stringify(edited));

    const second = await start(dataDir);
    const response = await demoPlan(second);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(edited);
  });

  it('answers 500 naming the file and its problems when the plan file is invalid', async () => {
    const server = await start();
    const file = demoPlanFile(server.dataDir);
    const plan = await (await demoPlan(server)).json();
    await writeFile(file, JSON.stringify({ ...plan, demand: { F99: { [plan.periods[0]]: 5 } } }));

    const response = await demoPlan(server);
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error).toContain(file);
    expect(body.error).toContain('demand.F99: unknown family "F99"');
    expect(body.file).toBe(file);
    expect(body.issues).toContainEqual({ path: 'demand.F99', message: 'unknown family "F99"' });
  });

  it('answers 500 naming the file when the plan file is not JSON', async () => {
    const server = await start();
    const file = demoPlanFile(server.dataDir);
    await mkdir(join(server.dataDir, 'workspaces', 'demo'), { recursive: true });
    await writeFile(file, '{ "format": "fulcrum.plan", truncated');

    const response = await demoPlan(server);
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error).toContain(file);
    expect(body.error).toMatch(/not valid JSON/);
    // The damaged file is reported, never silently replaced by a fresh demo plan.
    expect(await readFile(file, 'utf8')).toBe('{ "format": "fulcrum.plan", truncated');
  });

  it('answers 404 with a JSON error for unknown API paths and methods', async () => {
    const server = await start();
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api/workspaces/other/plan'],
      ['POST', '/api/health'],
      ['GET', '/api'],
    ]) {
      const response = await fetch(`${server.url}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      const body = await response.json();
      expect(body.error, `${method} ${path}`).toContain(path);
    }
  });
});

describe('the client files', () => {
  it('serves index.html at the root and assets by path', async () => {
    const server = await start();
    const root = await fetch(`${server.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toBe(INDEX_HTML);

    const asset = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe(ASSET_JS);
  });

  it('serves the service worker, its manifest and the page for revalidation on every load', async () => {
    const server = await start();
    const worker = await fetch(`${server.url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(await worker.text()).toBe(SERVICE_WORKER_JS);

    const manifest = await fetch(`${server.url}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect(await manifest.json()).toEqual({ name: 'Fulcrum' });

    for (const path of ['/', '/index.html']) {
      const page = await fetch(`${server.url}${path}`);
      expect(page.headers.get('cache-control'), path).toBe('no-cache');
    }
    // Other files keep their own caching: hashed assets are immutable.
    const asset = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('falls back to index.html for unknown page paths, but not for missing files', async () => {
    const server = await start();
    for (const path of ['/plan', '/workspaces/demo/gaps', '/meeting/2026-12']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(await response.text(), path).toBe(INDEX_HTML);
    }
    expect((await fetch(`${server.url}/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/logo.png`)).status).toBe(404);
  });

  it('sends the brotli or gzip copy the build wrote beside an asset, as the browser takes it', async () => {
    await writeFile(join(clientDir, 'assets', 'app-abc123.js.br'), brotliCompressSync(ASSET_JS));
    await writeFile(join(clientDir, 'assets', 'app-abc123.js.gz'), gzipSync(ASSET_JS));
    const server = await start();
    for (const [accepted, encoding] of [
      ['br, gzip', 'br'],
      ['gzip, deflate', 'gzip'],
      ['identity', null],
    ] as const) {
      const asset = await fetch(`${server.url}/assets/app-abc123.js`, {
        headers: { 'accept-encoding': accepted },
      });
      expect(asset.status, accepted).toBe(200);
      expect(asset.headers.get('content-encoding'), accepted).toBe(encoding);
      expect(asset.headers.get('content-type'), accepted).toMatch(/javascript/);
      expect(asset.headers.get('vary'), accepted).toMatch(/accept-encoding/i);
      // Undici undoes the encoding: the same script whichever copy was sent.
      expect(await asset.text(), accepted).toBe(ASSET_JS);
    }
    const head = await fetch(`${server.url}/assets/app-abc123.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves an asset that appears after it was asked for in vain, and nothing outside its folder', async () => {
    const server = await start();
    expect((await fetch(`${server.url}/assets/later-456.js`)).status).toBe(404);
    await writeFile(join(clientDir, 'assets', 'later-456.js'), 'console.log("later");');
    const later = await fetch(`${server.url}/assets/later-456.js`);
    expect(later.status).toBe(200);
    expect(await later.text()).toBe('console.log("later");');
    // A name climbing out of the folder is never served as an asset (kept a year).
    for (const path of ['/assets/..%2Findex.html', '/assets/%2E%2E/sw.js', '/assets/%E0%A4%A']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('cache-control') ?? '', path).not.toContain('immutable');
    }
  });
});
