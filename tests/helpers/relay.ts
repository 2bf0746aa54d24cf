import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { signInvite } from '../../server/auth/tokens.ts';
import type { Role, SopFunction } from '../../shared/policy/roles.ts';
import { RELAY_DEFAULTS, type RelaySettings } from '../../server/config.ts';
import { startFulcrum, type FulcrumServer } from '../../server/fulcrum-server.ts';
import { createLogger, isLogLevel, type Logger } from '../../server/log.ts';
import { PostgresCatalog } from '../../server/storage/postgres-catalog.ts';
import { databaseFile } from '../../server/storage/sqlite-storage.ts';
import { SqliteCatalog } from '../../server/storage/sqlite-catalog.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { addAgendaItem, agendaNotes, docToPlan } from '../../shared/doc/index.ts';

/** The secret test relays sign their tokens with. */
export const TEST_SECRET = 'test-secret-for-the-relay-0123456789';

/** Test relays log nothing unless `TEST_LOG_LEVEL` asks (e.g. TEST_LOG_LEVEL=info). */
export function testLogger(): Logger {
  const level = process.env.TEST_LOG_LEVEL ?? 'silent';
  return createLogger(isLogLevel(level) ? level : 'silent');
}

export interface TestRelay extends FulcrumServer {
  dataDir: string;
  /** `ws://127.0.0.1:<port>/sync`: the provider's server URL. */
  syncUrl: string;
}

export interface RelayStartOptions {
  /** Reuse a data folder (restart tests); the caller removes it. A temporary one otherwise. */
  dataDir?: string;
  storage?: Storage;
  /** Keep rooms in this PostgreSQL database (as `DATABASE_URL` does) instead of SQLite. */
  databaseUrl?: string;
  /** Share rooms with other relays through this Redis (as `REDIS_URL` does). */
  redisUrl?: string;
  settings?: Partial<RelaySettings>;
  logger?: Logger;
  /** The bearer token `/metrics` asks for (as `METRICS_TOKEN` sets it); open without. */
  metricsToken?: string;
  /**
   * Cycles (`<workspace>/<cycle>` rooms) the server creates at start, as a facilitator
   * would: connecting never creates one. Default: {@link TEST_CYCLES}.
   */
  cycles?: readonly string[];
}

/** The cycles a test relay holds unless told otherwise: the usual test room. */
export const TEST_CYCLES: readonly string[] = ['acme/2026-12'];

/**
 * Creates cycles in a running relay's index, as the server does for a facilitator
 * (connecting to a room the server never created is refused). Rooms already there stay.
 */
export async function createCycles(
  server: { relay: FulcrumServer['relay'] },
  rooms: readonly string[],
): Promise<void> {
  for (const room of rooms) {
    const [workspace, cycle] = room.split('/');
    await server.relay.cycles.create(workspace, cycle, { title: '', closedAt: null });
  }
}

/**
 * Creates cycles directly in a store's index (SQLite in `dataDir`, or PostgreSQL at
 * `databaseUrl`), for relays run as processes of their own.
 */
export async function createCyclesInStore(
  where: { dataDir?: string; databaseUrl?: string },
  rooms: readonly string[],
): Promise<void> {
  const catalog = where.databaseUrl
    ? await PostgresCatalog.open(where.databaseUrl)
    : new SqliteCatalog(databaseFile(where.dataDir!));
  try {
    for (const room of rooms) {
      const [workspace, cycle] = room.split('/');
      await catalog.addCycle({
        workspace,
        cycle,
        title: '',
        closedAt: null,
        createdAt: Date.now(),
      });
    }
  } finally {
    await catalog.close();
  }
}

/** Makes a temporary folder that the caller removes. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `fulcrum-${prefix}-`));
}

/**
 * For one test file: returns a function that makes a temporary folder, and registers an
 * `afterAll` that removes every folder made. Call it before the file's other `...ForFile`
 * helpers: `afterAll` hooks run last-registered first, so the folders go once the relays
 * and processes using them have stopped.
 */
export function tempDirsForFile(): (prefix: string) => Promise<string> {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (prefix) => {
    const dir = await makeTempDir(prefix);
    dirs.push(dir);
    return dir;
  };
}

/** A real relay (page, API, websocket, SQLite) on a free port of 127.0.0.1. */
export async function startRelay(options: RelayStartOptions = {}): Promise<TestRelay> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir('relay'));
  // No client bundle: these tests are about the relay; pages answer 503.
  const clientDir = join(dataDir, 'no-client');
  await mkdir(clientDir, { recursive: true });
  const server = await startFulcrum({
    port: 0,
    hostname: '127.0.0.1',
    dataDir,
    clientDir,
    logger: options.logger ?? testLogger(),
    relay: { ...RELAY_DEFAULTS, unloadDelayMs: 200, ...options.settings },
    secret: TEST_SECRET,
    storage: options.storage,
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    metricsToken: options.metricsToken,
    exportPlan: docToPlan,
  });
  await createCycles(server, options.cycles ?? TEST_CYCLES);
  return {
    ...server,
    dataDir,
    syncUrl: `ws://127.0.0.1:${server.port}/sync`,
    async close() {
      await server.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A signed invite token for tests (one hour unless `expiresAt` says otherwise; no
 * functions unless `functions` names some; a new invite id unless `id` is given).
 */
export function testToken(
  role: Role = 'editor',
  options: {
    workspace?: string;
    name?: string;
    expiresAt?: number;
    secret?: string;
    functions?: readonly SopFunction[];
    id?: string;
  } = {},
): string {
  return signInvite(options.secret ?? TEST_SECRET, {
    id: options.id,
    workspace: options.workspace ?? 'acme',
    role,
    name: options.name ?? `Test ${role}`,
    functions: options.functions ?? [],
    expiresAt: options.expiresAt ?? Date.now() + 60 * 60 * 1000,
  });
}

/** One y-websocket client: its doc and provider. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes the server sent, in order. */
  closeCodes: number[];
  destroy(): void;
}

const clients = new Set<TestClient>();

/**
 * The stock `WebsocketProvider` over `ws`. BroadcastChannel is off: Node has one, and
 * clients in one process would otherwise sync through it, bypassing the relay.
 */
export function connectClient(
  syncUrl: string,
  room: string,
  options: { token?: string | null; doc?: Y.Doc; connect?: boolean } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const token = options.token === undefined ? testToken('editor') : options.token;
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    params: token === null ? {} : { token },
    maxBackoffTime: 300,
  });
  const client: TestClient = {
    doc,
    provider,
    closeCodes: [],
    destroy() {
      if (!clients.delete(client)) return;
      provider.destroy();
      doc.destroy();
    },
  };
  provider.on('connection-close', (event) => {
    if (event) client.closeCodes.push(event.code);
  });
  clients.add(client);
  return client;
}

/** Destroys every client made by {@link connectClient} (each awareness runs a timer). */
export function destroyAllClients(): void {
  for (const client of [...clients]) client.destroy();
}

/**
 * Polls `check` until it returns true (or a value other than false/undefined), failing
 * with `what` after `timeoutMs`. No fixed sleeps: the wait ends as soon as it can.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | false | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== false && value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the provider has finished its first sync with the relay. */
export function synced(client: TestClient, timeoutMs = 10_000): Promise<true> {
  return waitFor('the client to sync', () => client.provider.synced, timeoutMs);
}

/**
 * Edits demand cells without pause (five new cells `k<n>|2027-01` per turn of the event
 * loop) until `stop()`; `sent()` counts the cells set so far.
 */
export function editBurst(client: TestClient): { sent(): number; stop(): Promise<void> } {
  let sent = 0;
  let writing = true;
  const burst = (async () => {
    while (writing) {
      for (let i = 0; i < 5; i++) {
        client.doc.getMap('demand').set(`k${sent}|2027-01`, sent);
        sent++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    sent: () => sent,
    stop() {
      writing = false;
      return burst;
    },
  };
}

/** What {@link writeDemandAndNotes} leaves in a room: its demand (sorted JSON) and notes. */
export interface RoomContent {
  demand: string;
  notes: string;
}

/** The agenda item whose notes {@link writeDemandAndNotes} and {@link addNotesItem} use. */
export const NOTES_ITEM = 'agenda-notes';

/** The notes of agenda item `id` as text ('' while the item has not arrived). */
export function notesText(doc: Y.Doc, id = NOTES_ITEM): string {
  const item = doc.getMap('agenda').get(id);
  return item instanceof Y.Map ? String(item.get('notes') ?? '') : '';
}

/**
 * Has a facilitator add agenda item `id` to `room` through the relay at `syncUrl`, so that
 * editors may type its notes ({@link agendaNotes}); resolves once another person has it,
 * so it is stored. Both connections are closed after.
 */
export async function addNotesItem(syncUrl: string, room: string, id = NOTES_ITEM): Promise<void> {
  const fran = connectClient(syncUrl, room, { token: testToken('facilitator') });
  await synced(fran);
  addAgendaItem(fran.doc, { title: 'Notes', timeBoxMinutes: 10 }, id);
  const witness = connectClient(syncUrl, room);
  try {
    await waitFor('the agenda item to be stored', () => witness.doc.getMap('agenda').has(id));
  } finally {
    fran.destroy();
    witness.destroy();
  }
}

/**
 * Writes 20 demand cells and 20 pieces of an agenda item's notes into `room` through one
 * client (a facilitator, who adds the item) and deletes one cell, then waits until a
 * second client has all of it: the relay forwards an update only after storing it, so
 * everything is stored then. Both clients are destroyed after.
 */
export async function writeDemandAndNotes(syncUrl: string, room: string): Promise<RoomContent> {
  const ana = connectClient(syncUrl, room, { token: testToken('facilitator') });
  await synced(ana);
  addAgendaItem(ana.doc, { title: 'Notes', timeBoxMinutes: 10 }, NOTES_ITEM);
  const text = agendaNotes(ana.doc, NOTES_ITEM);
  for (let i = 0; i < 20; i++) {
    ana.doc.getMap('demand').set(`F${i}|2026-12`, i * 10);
    text.insert(text.length, `${i};`);
  }
  ana.doc.getMap('demand').delete('F3|2026-12');
  const written = { demand: sortedJson(ana.doc.getMap('demand')), notes: text.toString() };
  const ben = connectClient(syncUrl, room);
  await waitFor(
    'Ben to see everything',
    () =>
      sortedJson(ben.doc.getMap('demand')) === written.demand &&
      notesText(ben.doc) === written.notes,
  );
  ana.destroy();
  ben.destroy();
  return written;
}

/** What a new client finds in `room` once synced: its demand (sorted JSON) and notes. */
export async function roomContent(syncUrl: string, room: string): Promise<RoomContent> {
  const cleo = connectClient(syncUrl, room);
  await synced(cleo);
  return { demand: sortedJson(cleo.doc.getMap('demand')), notes: notesText(cleo.doc) };
}

/** A Y.Map's content as JSON with sorted keys (replicas order keys differently). */
export function sortedJson(map: Y.Map<unknown>): string {
  const json = map.toJSON() as Record<string, unknown>;
  return JSON.stringify(
    Object.fromEntries(Object.entries(json).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

/** Frames each raw socket received (collected from the start: they can arrive with 'open'). */
export const received = new WeakMap<WebSocket, Buffer[]>();

/** A raw `ws` socket to the relay (no provider), open; its frames are in {@link received}. */
export async function openRawSocket(
  url: string,
  options: { origin?: string } = {},
): Promise<WebSocket> {
  const socket = new WebSocket(url, options.origin ? { origin: options.origin } : {});
  socket.binaryType = 'nodebuffer';
  const frames: Buffer[] = [];
  received.set(socket, frames);
  socket.on('message', (data: Buffer) => frames.push(data));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves with the close code and reason the socket ends with. */
export function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) {
      resolve({ code: -1, reason: 'already closed' });
      return;
    }
    // A socket the server refuses may error (e.g. on an oversize frame): swallow it here.
    socket.on('error', () => {});
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/**
 * For one test file: returns a function that starts relays, and registers hooks that
 * destroy every client after each test and stop every relay after the file.
 */
export function relaysForFile(): (options?: RelayStartOptions) => Promise<TestRelay> {
  const relays: TestRelay[] = [];
  afterEach(() => destroyAllClients());
  afterAll(async () => {
    destroyAllClients();
    await Promise.all(relays.map((r) => r.close()));
  });
  return async (options = {}) => {
    const started = await startRelay(options);
    relays.push(started);
    return started;
  };
}
