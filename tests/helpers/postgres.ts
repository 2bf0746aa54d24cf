import { execFile, execFileSync } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll } from 'vitest';
import { ensurePostgresBin } from './ensure-postgres.js';
import { freePort } from './ports.ts';

const run = promisify(execFile);

/**
 * A PostgreSQL server the tests may create databases on: the one `DATABASE_URL` names,
 * or a private one started from Debian's packages for this test file.
 */
interface TestServer {
  /** URL of a database on the server from which `CREATE DATABASE` works. */
  adminUrl: string;
  /** Drop the databases made at the end: yes on a server that stays, no on one removed whole. */
  dropDatabases: boolean;
  stop(): Promise<void>;
}

/**
 * For one test file: returns a function that creates a new, empty database and gives its
 * URL. The server starts on the first call only, so test files that never ask cost
 * nothing, and the default run stays as fast as it was. Registers an `afterAll` that
 * drops every database made and stops the server this file started.
 *
 * With `DATABASE_URL` set, databases are made on that server (the URL's user needs the
 * CREATEDB right) as `fulcrum_test_<pid>_<n>` and dropped afterwards. Without it, a
 * server is started from Debian's postgresql package (installed first when missing and
 * running as root): a cluster in a temporary folder, listening on 127.0.0.1 on a free
 * port with its socket in that folder, run as the `postgres` user when this process is
 * root (PostgreSQL refuses to run as root), stopped and removed when the file ends.
 */
export function postgresForFile(): () => Promise<string> {
  let server: Promise<TestServer> | null = null;
  const databases: string[] = [];
  afterAll(async () => {
    if (!server) return;
    const started = await server;
    try {
      if (!started.dropDatabases) return;
      // Each DROP DATABASE waits for a checkpoint: done only where the server stays.
      await withAdmin(started.adminUrl, async (admin) => {
        for (const name of databases) {
          await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        }
      });
    } finally {
      await started.stop();
    }
  });
  return async () => {
    server ??= process.env.DATABASE_URL
      ? Promise.resolve(givenServer(process.env.DATABASE_URL))
      : startLocalServer();
    const { adminUrl } = await server;
    const name = `fulcrum_test_${process.pid}_${databases.length + 1}`;
    await withAdmin(adminUrl, (admin) =>
      admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`),
    );
    databases.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
}

function givenServer(url: string): TestServer {
  return { adminUrl: url, dropDatabases: true, stop: async () => {} };
}

async function withAdmin<T>(url: string, use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

/** Runs a PostgreSQL program, as the `postgres` user when this process is root. */
function runPostgres(program: string, args: string[]): Promise<unknown> {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? run('runuser', ['-u', 'postgres', '--', program, ...args]) : run(program, args);
}

async function startLocalServer(): Promise<TestServer> {
  const bin = ensurePostgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'fulcrum-postgres-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const pgCtl = join(bin, 'pg_ctl');
  try {
    await runPostgres(join(bin, 'initdb'), [
      '--pgdata',
      data,
      '--username',
      'postgres',
      '--auth',
      'trust',
      '--encoding',
      'UTF8',
      '--locale',
      'C',
      // Only initdb's own files skip fsync; the server below syncs as in production.
      '--no-sync',
    ]);
    const port = await startOnFreePort(pgCtl, data, log, dir);
    let stopped: Promise<void> | null = null;
    const stop = () =>
      (stopped ??= (async () => {
        process.off('exit', stopAtExit);
        await runPostgres(pgCtl, ['stop', '--pgdata', data, '--mode', 'fast']).catch(() => {});
        await rm(dir, { recursive: true, force: true });
      })());
    // A worker that ends without running afterAll (a crash) still stops its server.
    const stopAtExit = () => {
      const args = ['stop', '--pgdata', data, '--mode', 'immediate'];
      try {
        if (process.getuid?.() === 0)
          execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args]);
        else execFileSync(pgCtl, args);
      } catch {
        // Already stopped.
      }
    };
    process.on('exit', stopAtExit);
    return {
      adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      dropDatabases: false,
      stop,
    };
  } catch (error) {
    const tail = await readFile(log, 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start a test PostgreSQL: ${(error as Error).message}\n${tail}`, {
      cause: error,
    });
  }
}

/** Starts the server on a free port of 127.0.0.1 (another process may take one first: retried). */
async function startOnFreePort(
  pgCtl: string,
  data: string,
  log: string,
  socketDir: string,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      await runPostgres(pgCtl, [
        'start',
        '--pgdata',
        data,
        '--log',
        log,
        '--wait',
        '--timeout',
        '60',
        '-o',
        `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1`,
      ]);
      return port;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
