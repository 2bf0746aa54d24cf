import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLogLevel, type LogLevel } from './log.ts';
import type { SqliteSynchronous } from './storage/sqlite-storage.ts';

/** The repository root: the folder holding package.json, client/ and shared/. */
export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Where `npm start` builds the client and serves it from. */
export const CLIENT_DIST_DIR = resolve(ROOT_DIR, 'dist/client');

/** What the server needs to know to start. */
export interface ServerConfig {
  /** TCP port to listen on; 0 picks a free one. */
  port: number;
  /** Absolute path of the folder where workspaces are kept. */
  dataDir: string;
  /** `CLIENT_DIR`: serve this prebuilt client folder and never build; unset: dist/client. */
  clientDir: string | null;
  /** `LOG_LEVEL`: debug, info (default), warn, error or silent. */
  logLevel: LogLevel;
  /** The relay's settings. */
  relay: RelaySettings;
  /** `SQLITE_SYNCHRONOUS`: normal (default) or full. */
  sqliteSynchronous: SqliteSynchronous;
  /** `DATABASE_URL`: keep rooms in this PostgreSQL database instead of SQLite; null: SQLite. */
  databaseUrl: string | null;
  /** `REDIS_URL`: fan rooms' updates out to the other relay processes through this Redis; null: one process. */
  redisUrl: string | null;
  /** `METRICS_TOKEN`: `/metrics` needs `Authorization: Bearer <token>`; null: open. */
  metricsToken: string | null;
  /** `SHUTDOWN_TIMEOUT_MS`: how long a graceful stop may take before the process exits 1 (default 10000). */
  shutdownTimeoutMs: number;
  /** The HTTP server's body limits and timeouts. */
  http: HttpSettings;
}

/** The HTTP server's body limits and timeouts; every one can be set from the environment. */
export interface HttpSettings {
  /** `MAX_BODY_BYTES`: the largest request body, counted as it arrives (default 1 MiB). */
  maxBodyBytes: number;
  /** `MAX_IMPORT_BYTES`: the largest cycle file an import takes (default 64 MiB). */
  maxImportBytes: number;
  /** `REQUEST_TIMEOUT_MS`: time to receive a whole request, body included (default 120000). */
  requestTimeoutMs: number;
  /** `HEADERS_TIMEOUT_MS`: time to receive a request's headers (default 20000; at most `REQUEST_TIMEOUT_MS`). */
  headersTimeoutMs: number;
  /** `KEEP_ALIVE_TIMEOUT_MS`: how long an idle keep-alive connection stays open (default 5000). */
  keepAliveTimeoutMs: number;
}

/** The HTTP server's defaults (see {@link HttpSettings}). */
export const HTTP_DEFAULTS: HttpSettings = {
  maxBodyBytes: 1024 * 1024,
  maxImportBytes: 64 * 1024 * 1024,
  requestTimeoutMs: 120_000,
  headersTimeoutMs: 20_000,
  keepAliveTimeoutMs: 5_000,
};

/** The relay's limits and timings; every one can be set from the environment. */
export interface RelaySettings {
  /** `MAX_FRAME_BYTES`: the largest websocket frame accepted (default 16 MiB). */
  maxFrameBytes: number;
  /** `RATE_LIMIT_PER_SECOND`: messages per second one connection may send, sustained (default 200). */
  ratePerSecond: number;
  /** `RATE_LIMIT_BURST`: messages one connection may send at once (default 1000). */
  rateBurst: number;
  /** `COMPACT_EVERY`: compact a room's log into a snapshot after this many updates (default 500). */
  compactEvery: number;
  /** `ROOM_UNLOAD_MS`: unload a room this long after its last peer left (default 30000). */
  unloadDelayMs: number;
  /** `KEEPALIVE_MS`: send every client a message this often (default 10000; the client gives up after 30 s of silence). */
  keepaliveMs: number;
  /** `ALLOWED_ORIGINS`: origins allowed besides the server's own (comma-separated). */
  allowedOrigins: string[];
  /** `MAX_UPDATE_BYTES`: the largest change one update may carry (default 8 MiB; a 2,000-family import is about 3.9 MiB). */
  maxUpdateBytes: number;
  /** `MAX_ROOM_BYTES`: the most a cycle may hold in the store (default 32 MiB; a 500-family cycle is about 1 MiB). */
  maxRoomBytes: number;
  /** `PERSON_UPDATES_PER_MINUTE`: updates one invite may send a minute across its connections (default 6000). */
  personUpdatesPerMinute: number;
  /** `PERSON_BYTES_PER_MINUTE`: bytes of updates one invite may send a minute across its connections (default 16 MiB). */
  personBytesPerMinute: number;
  /** `CONNECTIONS_PER_INVITE`: connections one invite may hold open at once (default 20). */
  connectionsPerInvite: number;
}

/** The relay's defaults (see {@link RelaySettings}). */
export const RELAY_DEFAULTS: RelaySettings = {
  maxFrameBytes: 16 * 1024 * 1024,
  ratePerSecond: 200,
  rateBurst: 1000,
  compactEvery: 500,
  unloadDelayMs: 30_000,
  keepaliveMs: 10_000,
  allowedOrigins: [],
  maxUpdateBytes: 8 * 1024 * 1024,
  maxRoomBytes: 32 * 1024 * 1024,
  personUpdatesPerMinute: 6_000,
  personBytesPerMinute: 16 * 1024 * 1024,
  connectionsPerInvite: 20,
};

/** A setting the person starting the server got wrong; the message says which and how. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads `PORT` (default 8080), `DATA_DIR` (default `./data`, relative to `cwd`),
 * `CLIENT_DIR`, `LOG_LEVEL`, `SQLITE_SYNCHRONOUS`, `DATABASE_URL`, `REDIS_URL`,
 * `METRICS_TOKEN`, `SHUTDOWN_TIMEOUT_MS`, the relay settings and the HTTP settings.
 */
export function readConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): ServerConfig {
  const rawPort = env.PORT?.trim() || '8080';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);
  }
  const dataDir = resolve(cwd, env.DATA_DIR?.trim() || 'data');
  const clientDir = env.CLIENT_DIR?.trim() ? resolve(cwd, env.CLIENT_DIR.trim()) : null;
  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!isLogLevel(logLevel)) {
    throw new ConfigError(
      `LOG_LEVEL must be debug, info, warn, error or silent, got "${env.LOG_LEVEL}"`,
    );
  }
  const synchronous = env.SQLITE_SYNCHRONOUS?.trim().toLowerCase() || 'normal';
  if (synchronous !== 'normal' && synchronous !== 'full') {
    throw new ConfigError(`SQLITE_SYNCHRONOUS must be normal or full, got "${synchronous}"`);
  }
  const d = RELAY_DEFAULTS;
  const relay: RelaySettings = {
    maxFrameBytes: positive(env, 'MAX_FRAME_BYTES', d.maxFrameBytes),
    ratePerSecond: positive(env, 'RATE_LIMIT_PER_SECOND', d.ratePerSecond),
    rateBurst: positive(env, 'RATE_LIMIT_BURST', d.rateBurst),
    compactEvery: positive(env, 'COMPACT_EVERY', d.compactEvery),
    unloadDelayMs: positive(env, 'ROOM_UNLOAD_MS', d.unloadDelayMs),
    keepaliveMs: positive(env, 'KEEPALIVE_MS', d.keepaliveMs),
    allowedOrigins: readOrigins(env.ALLOWED_ORIGINS),
    maxUpdateBytes: positive(env, 'MAX_UPDATE_BYTES', d.maxUpdateBytes),
    maxRoomBytes: positive(env, 'MAX_ROOM_BYTES', d.maxRoomBytes),
    personUpdatesPerMinute: positive(env, 'PERSON_UPDATES_PER_MINUTE', d.personUpdatesPerMinute),
    personBytesPerMinute: positive(env, 'PERSON_BYTES_PER_MINUTE', d.personBytesPerMinute),
    connectionsPerInvite: positive(env, 'CONNECTIONS_PER_INVITE', d.connectionsPerInvite),
  };
  const databaseUrl = readDatabaseUrl(env.DATABASE_URL);
  const redisUrl = readRedisUrl(env.REDIS_URL, databaseUrl);
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  const shutdownTimeoutMs = positive(env, 'SHUTDOWN_TIMEOUT_MS', 10_000);
  const http = readHttpSettings(env);
  return {
    port,
    dataDir,
    clientDir,
    logLevel,
    relay,
    sqliteSynchronous: synchronous,
    databaseUrl,
    redisUrl,
    metricsToken,
    shutdownTimeoutMs,
    http,
  };
}

function readHttpSettings(env: Record<string, string | undefined>): HttpSettings {
  const d = HTTP_DEFAULTS;
  const http: HttpSettings = {
    maxBodyBytes: positive(env, 'MAX_BODY_BYTES', d.maxBodyBytes),
    maxImportBytes: positive(env, 'MAX_IMPORT_BYTES', d.maxImportBytes),
    requestTimeoutMs: positive(env, 'REQUEST_TIMEOUT_MS', d.requestTimeoutMs),
    headersTimeoutMs: positive(env, 'HEADERS_TIMEOUT_MS', d.headersTimeoutMs),
    keepAliveTimeoutMs: positive(env, 'KEEP_ALIVE_TIMEOUT_MS', d.keepAliveTimeoutMs),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new ConfigError(
      `HEADERS_TIMEOUT_MS (${http.headersTimeoutMs}) must be at most REQUEST_TIMEOUT_MS (${http.requestTimeoutMs}): the headers are part of the request`,
    );
  }
  return http;
}

/** `redis://host:6379` as given; null when unset. Several processes need one shared store. */
function readRedisUrl(raw: string | undefined, databaseUrl: string | null): string | null {
  const value = readServiceUrl('REDIS_URL', raw, ['redis', 'rediss'], {
    example: 'redis://localhost:6379',
    unset: 'for one relay process',
  });
  if (value !== null && databaseUrl === null) {
    throw new ConfigError(
      'REDIS_URL needs DATABASE_URL: relay processes that share rooms through Redis must keep them in one PostgreSQL database',
    );
  }
  return value;
}

/** `postgresql://user:password@host:5432/db` as given; null when unset. */
function readDatabaseUrl(raw: string | undefined): string | null {
  return readServiceUrl('DATABASE_URL', raw, ['postgres', 'postgresql'], {
    example: 'postgresql://fulcrum:password@localhost:5432/fulcrum',
    unset: 'to keep rooms in SQLite',
  });
}

/**
 * A service URL setting as given, null when unset; one of `schemes` or a ConfigError
 * that says what to set. The value itself is never echoed: it may hold a password.
 */
function readServiceUrl(
  name: string,
  raw: string | undefined,
  schemes: readonly string[],
  words: { example: string; unset: string },
): string | null {
  const value = raw?.trim();
  if (!value) return null;
  let protocol: string | null = null;
  try {
    protocol = new URL(value).protocol;
  } catch {
    // Reported below, like a URL of another kind.
  }
  if (protocol === null || !schemes.includes(protocol.slice(0, -1))) {
    // Only a scheme followed by `//` is named (`user:password@host` parses as a URL too).
    const got =
      protocol && value.startsWith(`${protocol}//`)
        ? `a ${protocol}// URL`
        : 'something that is not a URL';
    const kinds = schemes.map((scheme) => `${scheme}://`).join(' or ');
    throw new ConfigError(
      `${name} must be a ${kinds} URL such as ${words.example} (or unset, ${words.unset}), got ${got}`,
    );
  }
  return value;
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || !Number.isSafeInteger(value)) {
    throw new ConfigError(`${name} must be a whole number of at least 1, got "${env[name]}"`);
  }
  return value;
}

/** `https://a.example, http://localhost:5173` -> their normalised origins. */
function readOrigins(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new ConfigError(
          `ALLOWED_ORIGINS must be a comma-separated list of origins such as https://plan.example.com, got "${entry}"`,
        );
      }
      return url.origin;
    });
}
