import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../server/app.ts';

/** A real Fulcrum server on a free port, with its own data folder. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server; removes the data folder if this helper made it. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Folder of the built client; the e2e global setup builds one (`inject('clientDir')`). */
  clientDir: string;
  /** Reuse a data folder (to test a second start); a fresh temporary one otherwise. */
  dataDir?: string;
  /** The workspace secret (the demo plan answers its invite tokens); none: no demo plan. */
  secret?: string;
}

/** Makes a temporary folder that the caller removes. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `fulcrum-${prefix}-`));
}

/** Serves `createApp` on port 0, exactly as `npm start` serves it, but in this process. */
export async function startServer(options: StartOptions): Promise<TestServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir('data'));
  const app = createApp({ dataDir, clientDir: options.clientDir, secret: options.secret });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections (a browser's, fetch's) would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
