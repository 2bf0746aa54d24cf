import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadSecret } from './auth/secret.ts';
import { HTTP_DEFAULTS, type HttpSettings, type RelaySettings } from './config.ts';
import type { Logger } from './log.ts';
import { RelayMetrics } from './metrics/relay-metrics.ts';
import type { Catalog } from './storage/catalog.ts';
import { MemoryCatalog } from './storage/memory-catalog.ts';
import { PostgresCatalog } from './storage/postgres-catalog.ts';
import { PostgresStorage } from './storage/postgres-storage.ts';
import { SqliteCatalog } from './storage/sqlite-catalog.ts';
import { checkSqliteFile } from './storage/sqlite-integrity.ts';
import { databaseFile, SqliteStorage, type SqliteSynchronous } from './storage/sqlite-storage.ts';
import type { Storage } from './storage/storage.ts';
import { HistoryTrimmer, retentionDaysFrom } from './storage/history-retention.ts';
import { indexStoredCycles } from './sync/cycle-index.ts';
import { RedisFanout } from './sync/redis-fanout.ts';
import { Relay } from './sync/relay.ts';
import type { PlanExporter } from './http/room-routes.ts';

/** What a running Fulcrum server is made of. */
export interface FulcrumOptions {
  port: number;
  /** Listen address; all interfaces when omitted. */
  hostname?: string;
  dataDir: string;
  clientDir: string;
  logger: Logger;
  relay: RelaySettings;
  /** The workspace secret; read or generated in the data folder when omitted. */
  secret?: string;
  /** The store; PostgreSQL at `databaseUrl` when given, else `<dataDir>/fulcrum.db`. */
  storage?: Storage;
  /**
   * The cycle index and revoked invites; beside the rooms when omitted (PostgreSQL at
   * `databaseUrl`, else `<dataDir>/fulcrum.db`), in memory when `storage` is given.
   */
  catalog?: Catalog;
  /** `DATABASE_URL`: keep rooms in this PostgreSQL database (when `storage` is omitted). */
  databaseUrl?: string | null;
  /** `REDIS_URL`: share rooms with the other relay processes through this Redis. */
  redisUrl?: string | null;
  sqliteSynchronous?: SqliteSynchronous;
  exportPlan: PlanExporter;
  /**
   * Runs once the store is open, before anyone connects (e.g. to seed the demo room).
   * Every stored room it adds becomes a cycle of the index right after.
   */
  seed?: (storage: Storage) => Promise<void>;
  /** `METRICS_TOKEN`: `/metrics` asks for `Authorization: Bearer <token>`; null: open. */
  metricsToken?: string | null;
  /** Body limits and timeouts of the HTTP server; {@link HTTP_DEFAULTS} when omitted. */
  http?: HttpSettings;
  /** Days history keeps every change (0: forever); `HISTORY_RETENTION_DAYS` when omitted. */
  historyRetentionDays?: number;
}

/** A listening server: the page, the API and the relay. */
export interface FulcrumServer {
  port: number;
  /** `http://localhost:<port>` (or the hostname given). */
  url: string;
  secret: string;
  relay: Relay;
  http: ServerType;
  /** This server's Prometheus metrics (`GET /metrics`). */
  metrics: RelayMetrics;
  /**
   * Graceful stop, each step logged (`shutdown.*`): new HTTP requests get 503 and new
   * websockets 1012 at once; every room stores its queued frames and writes its snapshot,
   * then its sockets are closed with 1012 (Service Restart); the HTTP server closes, then
   * the fan-out and the store. Calling it again returns the same promise.
   */
  close(): Promise<void>;
  /** While {@link close} runs: the step under way and the rooms not yet stored, in words. */
  pending(): string;
}

/**
 * The SQLite store at `file`, once the file passed its integrity check: a damaged file
 * throws `DamagedDatabaseError` (naming the file and the restore command) instead of
 * starting as if it were healthy.
 */
function openSqlite(file: string, synchronous: SqliteSynchronous | undefined): SqliteStorage {
  checkSqliteFile(file);
  return new SqliteStorage(file, { synchronous });
}

/** Opens the store, builds the relay and the app, and listens on `options.port` (0: any). */
export async function startFulcrum(options: FulcrumOptions): Promise<FulcrumServer> {
  const retentionDays = options.historyRetentionDays ?? retentionDaysFrom(process.env);
  const secret = options.secret ?? (await loadSecret(options.dataDir));
  const storage =
    options.storage ??
    (options.databaseUrl
      ? await PostgresStorage.open(options.databaseUrl, { logger: options.logger })
      : openSqlite(databaseFile(options.dataDir), options.sqliteSynchronous));
  const httpSettings = options.http ?? HTTP_DEFAULTS;
  const metrics = new RelayMetrics();
  let fanout: RedisFanout | undefined;
  let catalog: Catalog | undefined;
  let relay: Relay;
  try {
    catalog =
      options.catalog ??
      (options.storage
        ? new MemoryCatalog()
        : options.databaseUrl
          ? await PostgresCatalog.open(options.databaseUrl, { logger: options.logger })
          : new SqliteCatalog(databaseFile(options.dataDir)));
    fanout = options.redisUrl
      ? await RedisFanout.open(options.redisUrl, options.logger, metrics.counts)
      : undefined;
    await options.seed?.(storage);
    // Rooms stored before the index existed (or restored since) become cycles of it.
    await indexStoredCycles(storage, catalog, options.logger);
    relay = new Relay({
      storage,
      catalog,
      logger: options.logger,
      secret,
      settings: options.relay,
      fanout,
      metrics,
    });
    await relay.start();
  } catch (error) {
    await fanout?.close();
    await catalog?.close();
    await storage.close();
    throw error;
  }
  const app = createApp({
    dataDir: options.dataDir,
    clientDir: options.clientDir,
    sync: {
      relay,
      secret,
      exportPlan: options.exportPlan,
      logger: options.logger,
      historyRetentionDays: retentionDays,
    },
    metrics: { metrics, token: options.metricsToken ?? null },
    bodyLimits: httpSettings,
  });
  let http: ServerType;
  try {
    http = await new Promise<ServerType>((resolve, reject) => {
      const started = serve(
        {
          fetch: app.fetch,
          port: options.port,
          hostname: options.hostname,
          websocket: { server: relay.wss },
          // A client that sends its headers or its body too slowly is answered 408 and
          // disconnected, so slow clients cannot hold the server's sockets. Upgraded
          // websockets are no longer HTTP requests: these timeouts never close them.
          serverOptions: {
            requestTimeout: httpSettings.requestTimeoutMs,
            headersTimeout: httpSettings.headersTimeoutMs,
            keepAliveTimeout: httpSettings.keepAliveTimeoutMs,
            // How often Node checks those timeouts (its default, 30 s, would let a slow
            // client overstay a short HEADERS_TIMEOUT_MS by that much).
            connectionsCheckingInterval: Math.min(1_000, httpSettings.headersTimeoutMs),
          },
        },
        () => resolve(started),
      );
      started.once('error', reject);
    });
  } catch (error) {
    await relay.close();
    await fanout?.close();
    await catalog.close();
    await storage.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const { logger } = options;
  // History older than the retention window folds into each room's base: at start, then daily.
  const trimmer = new HistoryTrimmer(storage, retentionDays, logger);
  trimmer.start();
  let closing: Promise<void> | null = null;
  let step = 'running';
  /** Runs one step of the shutdown, logging its end and how long it took. */
  const run = async (name: string, work: () => Promise<void>, fields = {}) => {
    step = name;
    const started = performance.now();
    await work();
    logger.info(`shutdown.${name}`, { ...fields, ms: Math.round(performance.now() - started) });
  };
  return {
    port,
    url: `http://${options.hostname ?? 'localhost'}:${port}`,
    secret,
    relay,
    http,
    metrics,
    close() {
      closing ??= (async () => {
        const started = performance.now();
        logger.info('shutdown.started', {
          connections: relay.connectionCount,
          rooms: relay.rooms.size,
        });
        // Rooms store their queued frames and snapshots, then sockets close with 1012.
        await run('rooms-stored', () => relay.close(), { rooms: relay.rooms.size });
        await run(
          'http-closed',
          () =>
            new Promise<void>((resolve) => {
              http.close(() => resolve());
              // Keep-alive HTTP connections would hold close() open.
              if ('closeAllConnections' in http) http.closeAllConnections();
            }),
        );
        if (fanout) await run('fanout-closed', () => fanout.close());
        await run('store-closed', async () => {
          await trimmer.stop();
          await catalog.close();
          await storage.close();
        });
        step = 'done';
        logger.info('shutdown.done', { ms: Math.round(performance.now() - started) });
      })();
      return closing;
    },
    pending() {
      if (step === 'rooms-stored') {
        const rooms = relay.rooms.closingRooms;
        const open = relay.connectionCount;
        return rooms.length > 0
          ? `storing rooms (${rooms.length} not done: ${rooms.slice(0, 10).join(', ')}${rooms.length > 10 ? ', ...' : ''})`
          : `closing sockets (${open} still open)`;
      }
      const names: Record<string, string> = {
        running: 'nothing (the shutdown has not begun)',
        'http-closed': 'closing the HTTP server',
        'fanout-closed': 'disconnecting from Redis',
        'store-closed': 'closing the store',
        done: 'nothing',
      };
      return names[step] ?? step;
    },
  };
}
