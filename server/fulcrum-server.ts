import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadSecret } from './auth/secret.ts';
import type { RelaySettings } from './config.ts';
import type { Logger } from './log.ts';
import { PostgresStorage } from './storage/postgres-storage.ts';
import { databaseFile, SqliteStorage, type SqliteSynchronous } from './storage/sqlite-storage.ts';
import type { Storage } from './storage/storage.ts';
import { RedisFanout } from './sync/redis-fanout.ts';
import { Relay } from './sync/relay.ts';
import type { PlanExporter } from './sync/routes.ts';

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
  /** `DATABASE_URL`: keep rooms in this PostgreSQL database (when `storage` is omitted). */
  databaseUrl?: string | null;
  /** `REDIS_URL`: share rooms with the other relay processes through this Redis. */
  redisUrl?: string | null;
  sqliteSynchronous?: SqliteSynchronous;
  exportPlan: PlanExporter;
  /** Runs once the store is open, before anyone connects (e.g. to seed the demo room). */
  seed?: (storage: Storage) => Promise<void>;
}

/** A listening server: the page, the API and the relay. */
export interface FulcrumServer {
  port: number;
  /** `http://localhost:<port>` (or the hostname given). */
  url: string;
  secret: string;
  relay: Relay;
  http: ServerType;
  /**
   * Graceful stop: rooms store what is queued and write snapshots, upgraded sockets are
   * terminated (server.close() would wait for them forever), the server closes, the
   * store is flushed and closed.
   */
  close(): Promise<void>;
}

/** Opens the store, builds the relay and the app, and listens on `options.port` (0: any). */
export async function startFulcrum(options: FulcrumOptions): Promise<FulcrumServer> {
  const secret = options.secret ?? (await loadSecret(options.dataDir));
  const storage =
    options.storage ??
    (options.databaseUrl
      ? await PostgresStorage.open(options.databaseUrl, { logger: options.logger })
      : new SqliteStorage(databaseFile(options.dataDir), {
          synchronous: options.sqliteSynchronous,
        }));
  let fanout: RedisFanout | undefined;
  try {
    fanout = options.redisUrl
      ? await RedisFanout.open(options.redisUrl, options.logger)
      : undefined;
  } catch (error) {
    await storage.close();
    throw error;
  }
  await options.seed?.(storage);
  const relay = new Relay({
    storage,
    logger: options.logger,
    secret,
    settings: options.relay,
    fanout,
  });
  const app = createApp({
    dataDir: options.dataDir,
    clientDir: options.clientDir,
    sync: { relay, secret, exportPlan: options.exportPlan, logger: options.logger },
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
        },
        () => resolve(started),
      );
      started.once('error', reject);
    });
  } catch (error) {
    await relay.close();
    await fanout?.close();
    await storage.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    port,
    url: `http://${options.hostname ?? 'localhost'}:${port}`,
    secret,
    relay,
    http,
    close() {
      closing ??= (async () => {
        await relay.close();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          // Keep-alive HTTP connections would hold close() open.
          if ('closeAllConnections' in http) http.closeAllConnections();
        });
        await fanout?.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
