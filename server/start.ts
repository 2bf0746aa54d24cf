/**
 * `npm start`: builds the client when its sources changed, then serves Fulcrum.
 * Settings come from the environment: PORT (default 8080), DATA_DIR (default ./data).
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { buildClient, isClientBuildStale } from './client-build.ts';
import { CLIENT_DIST_DIR, ConfigError, readConfig } from './config.ts';
import { DemoWorkspace, describeIssues } from './demo-workspace.ts';

async function main(): Promise<void> {
  const { port, dataDir } = readConfig();
  await mkdir(dataDir, { recursive: true });
  // Say so before spending seconds on a build that could not be served.
  if (port !== 0 && !(await isPortFree(port))) portInUse(port);

  if (await isClientBuildStale(CLIENT_DIST_DIR)) {
    console.log('Building the client...');
    const started = performance.now();
    await buildClient(CLIENT_DIST_DIR);
    console.log(`Built the client in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }

  // Create the demo workspace now, so its plan is in the data folder before anyone asks.
  const demo = await new DemoWorkspace(dataDir).readPlan();
  if (demo.ok && demo.created) console.log(`Created the demo workspace: ${demo.file}`);
  if (!demo.ok)
    console.warn(`Warning: ${demo.file} is not a valid plan: ${describeIssues(demo.issues)}`);

  const app = createApp({ dataDir, clientDir: CLIENT_DIST_DIR });
  const server = serve({ fetch: app.fetch, port }, (info) => {
    console.log(`Fulcrum is running at http://localhost:${info.port}/ (data folder: ${dataDir})`);
  });

  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      portInUse(port);
    } else if (error.code === 'EACCES') {
      console.error(
        `Not allowed to listen on port ${port}: choose a port above 1024, e.g. PORT=8081 npm start`,
      );
    } else {
      console.error(`Fulcrum could not start its server: ${error.message}`);
    }
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping Fulcrum...`);
    server.close(() => process.exit(0));
    // Idle keep-alive connections would hold close() open; a busy one gets 5 s to finish.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function portInUse(port: number): never {
  console.error(
    `Port ${port} is already in use: stop the program using it, or start Fulcrum with another port, e.g. PORT=8081 npm start`,
  );
  process.exit(1);
}

/** True when nothing listens on `port` (checked the way the server will listen: all interfaces). */
function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Fulcrum cannot start: ${error.message}`);
  } else {
    console.error('Fulcrum failed to start:', error);
  }
  process.exit(1);
});
