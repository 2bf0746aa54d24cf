/**
 * `npm start`: builds the client when its sources changed, then serves Fulcrum: the page,
 * the API and the sync relay. Settings come from the environment (see config.ts): PORT
 * (default 8080), DATA_DIR (default ./data), FULCRUM_SECRET, LOG_LEVEL, the relay limits,
 * DATABASE_URL (rooms in PostgreSQL instead of DATA_DIR/fulcrum.db), REDIS_URL,
 * METRICS_TOKEN, SHUTDOWN_TIMEOUT_MS, the body limits (MAX_BODY_BYTES, MAX_IMPORT_BYTES) and
 * HTTP timeouts (REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS). SIGTERM or SIGINT stops it gracefully: exit 0 once
 * every room is stored and every socket closed with 1012, exit 1 when that takes longer
 * than SHUTDOWN_TIMEOUT_MS (a second signal exits 1 at once).
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { docToPlan } from '../shared/doc/index.ts';
import { FUNCTION_WORDS } from '../shared/vocabulary/cycle-words.ts';
import { SecretError, loadSecret } from './auth/secret.ts';
import { buildClient, isClientBuildStale } from './client-build.ts';
import { CLIENT_DIST_DIR, ConfigError, readConfig } from './config.ts';
import { DEMO_PEOPLE, DEMO_WORKSPACE_ID, DemoWorkspace, describeIssues } from './demo-workspace.ts';
import { seedRoom } from './demo-room.ts';
import { startFulcrum, type FulcrumServer } from './fulcrum-server.ts';
import { stopWithin } from './graceful-stop.ts';
import { inviteUrl } from './invite-url.ts';
import { createLogger } from './log.ts';
import { redisAddress } from './sync/redis-fanout.ts';
import { describeDatabaseUrl } from './storage/postgres-storage.ts';

/** How long the demo links printed at start-up stay valid. */
const START_LINK_DAYS = 30;

async function main(): Promise<void> {
  const config = readConfig();
  const { port, dataDir } = config;
  await mkdir(dataDir, { recursive: true });
  // Say so before spending seconds on a build that could not be served.
  if (port !== 0 && !(await isPortFree(port))) portInUse(port);
  const secret = await loadSecret(dataDir);
  const clientDir = config.clientDir ?? CLIENT_DIST_DIR;

  if (config.clientDir === null && (await isClientBuildStale(CLIENT_DIST_DIR))) {
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

  const logger = createLogger(config.logLevel);
  let server: FulcrumServer;
  try {
    server = await startFulcrum({
      port,
      dataDir,
      clientDir,
      secret,
      logger,
      relay: config.relay,
      sqliteSynchronous: config.sqliteSynchronous,
      databaseUrl: config.databaseUrl,
      redisUrl: config.redisUrl,
      metricsToken: config.metricsToken,
      http: config.http,
      exportPlan: docToPlan,
      seed: async (storage) => {
        if (!demo.ok) return;
        const room = `${DEMO_WORKSPACE_ID}/${demo.plan.cycle}`;
        if (await seedRoom(storage, room, demo.plan)) console.log(`Created the demo cycle ${room}`);
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') portInUse(port);
    if (code === 'EACCES') {
      console.error(
        `Not allowed to listen on port ${port}: choose a port above 1024, e.g. PORT=8081 npm start`,
      );
    } else {
      console.error(`Fulcrum could not start its server: ${(error as Error).message}`);
    }
    process.exit(1);
  }
  const rooms =
    (config.databaseUrl
      ? `, rooms in PostgreSQL at ${describeDatabaseUrl(config.databaseUrl)}`
      : '') +
    (config.redisUrl
      ? `, shared with other relays through Redis at ${redisAddress(config.redisUrl)}`
      : '');
  console.log(`Fulcrum is running at ${server.url}/ (data folder: ${dataDir}${rooms})`);
  const expiresAt = Date.now() + START_LINK_DAYS * 24 * 60 * 60 * 1000;
  console.log(`Links to the demo workspace (valid ${START_LINK_DAYS} days), one per person:`);
  for (const person of DEMO_PEOPLE) {
    const link = inviteUrl(server.url, secret, {
      workspace: DEMO_WORKSPACE_ID,
      expiresAt,
      ...person,
    });
    const words = person.functions.map((fn) => FUNCTION_WORDS[fn].toLowerCase());
    const functions = words.length > 0 ? `, ${words.join(' and ')}` : '';
    console.log(`  ${person.name} (${person.role}${functions}): ${link}`);
  }
  console.log('Invite others with: npx fulcrum invite --role editor --function sales --name "Ana"');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('shutdown.forced', { signal, pending: server.pending() });
      console.error(`${signal} received again: stopping now, without waiting for the rooms.`);
      process.exit(1);
    }
    stopping = true;
    const timeoutMs = config.shutdownTimeoutMs;
    console.log(`\n${signal} received: stopping Fulcrum (at most ${timeoutMs} ms)...`);
    logger.info('shutdown.signal', { signal, timeoutMs });
    void stopWithin(server, timeoutMs, logger).then((outcome) => {
      if (outcome.stopped) {
        console.log('Fulcrum stopped: every room is stored.');
        process.exit(0);
      }
      console.error(`Fulcrum did not stop within ${timeoutMs} ms; still ${outcome.pending}.`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
  if (error instanceof ConfigError || error instanceof SecretError) {
    console.error(`Fulcrum cannot start: ${error.message}`);
  } else {
    console.error('Fulcrum failed to start:', error);
  }
  process.exit(1);
});
