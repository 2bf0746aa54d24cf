import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createCycleDoc, docToPlan, exportCycle, importPlan } from '../../shared/doc/index.ts';
import { HTTP_DEFAULTS, RELAY_DEFAULTS, type HttpSettings } from '../../server/config.ts';
import { startFulcrum, type FulcrumServer } from '../../server/fulcrum-server.ts';
import { makePlan } from '../helpers/plan-builder.ts';
import {
  connectClient,
  destroyAllClients,
  makeTempDir,
  synced,
  TEST_SECRET,
  testLogger,
  testToken,
} from '../helpers/relay.ts';

const servers: FulcrumServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  destroyAllClients();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A real server (SQLite, relay, API) on 127.0.0.1 with these HTTP settings. */
async function start(http: Partial<HttpSettings> = {}): Promise<FulcrumServer> {
  const dataDir = await makeTempDir('http');
  dirs.push(dataDir);
  const server = await startFulcrum({
    port: 0,
    hostname: '127.0.0.1',
    dataDir,
    clientDir: dataDir,
    logger: testLogger(),
    relay: { ...RELAY_DEFAULTS, unloadDelayMs: 200 },
    secret: TEST_SECRET,
    exportPlan: docToPlan,
    http: { ...HTTP_DEFAULTS, ...http },
  });
  servers.push(server);
  return server;
}

/** A cycle file of a small plan, as `GET …/cycle.json` gives it. */
function cycleFileText(): string {
  const doc = createCycleDoc();
  importPlan(doc, makePlan());
  const text = JSON.stringify(exportCycle(doc));
  doc.destroy();
  return text;
}

/** `text` sent in chunks of `chunk` bytes with no Content-Length (Transfer-Encoding: chunked). */
function chunked(text: string, chunk = 16 * 1024): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  async function* parts() {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  }
  return Readable.toWeb(Readable.from(parts())) as ReadableStream<Uint8Array>;
}

function importRequest(server: FulcrumServer, body: ReadableStream<Uint8Array> | string) {
  return fetch(`${server.url}/api/workspaces/acme/cycles/import`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${testToken('facilitator')}`,
      'Content-Type': 'application/json',
    },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** Imports a small cycle into acme (as its facilitator would), so its room exists. */
async function importCycle(server: FulcrumServer): Promise<string> {
  const response = await importRequest(server, cycleFileText());
  expect(response.status).toBe(200);
  return `acme/${(await response.json()).cycle}`;
}

describe('the body limit', () => {
  it('refuses a chunked cycle file past MAX_IMPORT_BYTES, and takes one under it', async () => {
    const file = cycleFileText();
    expect(file.length).toBeLessThan(1024);
    const server = await start({ maxImportBytes: 1024 });

    const padded = file.replace(/}$/, `${' '.repeat(1024)}}`);
    const refused = await importRequest(server, chunked(padded, 64));
    expect(refused.status).toBe(413);
    expect((await refused.json()).error).toBe(
      'The cycle file is larger than the 1 KB the server takes.',
    );

    const taken = await importRequest(server, chunked(file, 64));
    expect(taken.status).toBe(200);
    expect((await taken.json()).cycle).toBe('2026-12');
  });

  it('refuses a body past MAX_BODY_BYTES on any other route, declared or chunked', async () => {
    const server = await start({ maxBodyBytes: 1024 });
    const next = `${server.url}/api/workspaces/acme/cycles/2026-12/next`;
    const headers = { Authorization: `Bearer ${testToken('facilitator')}` };
    for (const body of ['x'.repeat(2048), chunked('x'.repeat(2048), 256)]) {
      const refused = await fetch(next, {
        method: 'POST',
        headers,
        body,
        duplex: 'half',
      } as RequestInit);
      expect(refused.status).toBe(413);
      expect((await refused.json()).error).toBe(
        'The request body is larger than the 1 KB the server takes.',
      );
    }
    // Under the limit the route itself answers: this server holds no cycle 2026-12.
    const allowed = await fetch(next, { method: 'POST', headers, body: 'x'.repeat(100) });
    expect(allowed.status).toBe(404);
    expect((await allowed.json()).error).toMatch(/There is no cycle 2026-12 in this workspace/);
  });
});

describe('security headers', () => {
  it('are on pages, API answers, refusals and errors', async () => {
    const server = await start();
    for (const path of ['/', '/plan', '/healthz', '/api/health', '/api/nope', '/missing.png']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      // Only WebAssembly may be compiled (the solver); no JavaScript eval, no inline script.
      expect(csp, path).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp.replace("'wasm-unsafe-eval'", ''), path).not.toMatch(/script-src[^;]*unsafe/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('leave the sync websocket working', async () => {
    const server = await start();
    const room = await importCycle(server);
    const client = connectClient(`ws://127.0.0.1:${server.port}/sync`, room, {
      token: testToken('editor'),
    });
    await synced(client);
    expect(client.doc.share.size).toBeGreaterThan(0);
  });
});

describe('timeouts', () => {
  it('answer 408 to a client that never finishes its headers, but keep websockets open', async () => {
    const server = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const room = await importCycle(server);
    const client = connectClient(`ws://127.0.0.1:${server.port}/sync`, room, {
      token: testToken('viewer'),
    });
    await synced(client);

    const socket = connect(server.port, '127.0.0.1');
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (data) => (text += data.toString()));
      socket.on('close', () => resolve(text));
    });
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 408/);

    // Let the websocket outlive the request timeout twice over: it is not a request.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(client.closeCodes).toEqual([]);
    expect(client.provider.wsconnected).toBe(true);
  });

  it('answer a client that sends its request in time', async () => {
    const server = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/health`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(server.http).toMatchObject({
      requestTimeout: 600,
      headersTimeout: 300,
      keepAliveTimeout: HTTP_DEFAULTS.keepAliveTimeoutMs,
    });
  });
});

describe('the demo plan', () => {
  it('answers only an invite of the demo workspace', async () => {
    const server = await start();
    const url = `${server.url}/api/workspaces/demo/plan`;
    const anyone = await fetch(url);
    expect(anyone.status).toBe(401);
    expect((await anyone.json()).error).toBe('Unauthorized: missing token');

    const forged = await fetch(url, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(401);

    const other = await fetch(url, {
      headers: { Authorization: `Bearer ${testToken('facilitator', { workspace: 'acme' })}` },
    });
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatch(/another workspace/);

    const viewer = await fetch(url, {
      headers: { Authorization: `Bearer ${testToken('viewer', { workspace: 'demo' })}` },
    });
    expect(viewer.status).toBe(200);
    expect((await viewer.json()).format).toBe('fulcrum.plan');
  });
});
