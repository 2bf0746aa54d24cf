import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
}

/** A setting the person starting the server got wrong; the message says which and how. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads `PORT` (default 8080) and `DATA_DIR` (default `./data`, relative to `cwd`). */
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
  return { port, dataDir };
}
