/**
 * A PostgreSQL server to create databases on, without vitest: the tests' wrapper
 * (postgres.ts), the soak test and the scale-out benchmark start and stop it here.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ensurePostgresBin } from './ensure-postgres.js';
import { freePort } from './ports.ts';

const run = promisify(execFile);

/** A PostgreSQL server on which databases can be created. */
export interface PostgresServer {
  /** URL of a database on the server from which `CREATE DATABASE` works. */
  adminUrl: string;
  /** Drop the databases made at the end: yes on a server that stays, no on one removed whole. */
  dropDatabases: boolean;
  /** The postmaster's process id for a private server (its CPU can be read), null otherwise. */
  pid: number | null;
  stop(): Promise<void>;
  /**
   * A private server only: stops it at once, as a crash or a lost database host would,
   * keeping its data; `resume()` starts it again on the same port. Null for a given server.
   */
  outage: { halt(): Promise<void>; resume(): Promise<void> } | null;
}

/** The server `url` names (its user needs the CREATEDB right); stopping it does nothing. */
export function givenPostgresServer(url: string): PostgresServer {
  return { adminUrl: url, dropDatabases: true, pid: null, stop: async () => {}, outage: null };
}

/** Creates an empty database `name` on `server` and returns its URL. */
export async function createDatabase(server: PostgresServer, name: string): Promise<string> {
  await withAdmin(server.adminUrl, (admin) =>
    admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`),
  );
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases `names` of `server` (their connections are ended first). */
export async function dropDatabases(server: PostgresServer, names: string[]): Promise<void> {
  if (names.length === 0) return;
  // Each DROP DATABASE waits for a checkpoint: done only where the server stays.
  await withAdmin(server.adminUrl, async (admin) => {
    for (const name of names) {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    }
  });
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

/**
 * Starts a private server from Debian's postgresql package (installed first when missing
 * and running as root): a cluster in a temporary folder, listening on 127.0.0.1 on a free
 * port with its socket in that folder, run as the `postgres` user when this process is
 * root (PostgreSQL refuses to run as root). It syncs its writes as in production
 * (`fsync` and `synchronous_commit` on). `stop()` stops it and removes the folder; a
 * process that exits without calling it still stops the server.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
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
    const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    let stopped: Promise<void> | null = null;
    const stop = () =>
      (stopped ??= (async () => {
        process.off('exit', stopAtExit);
        await runPostgres(pgCtl, ['stop', '--pgdata', data, '--mode', 'fast']).catch(() => {});
        await rm(dir, { recursive: true, force: true });
      })());
    // A process that ends without calling stop() (a crash) still stops its server.
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
    const outage = {
      halt: async () => {
        await runPostgres(pgCtl, ['stop', '--pgdata', data, '--mode', 'immediate']);
      },
      resume: async () => {
        await runPostgres(pgCtl, startArguments(data, log, port, dir));
      },
    };
    return {
      adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      dropDatabases: false,
      pid: Number.isInteger(pid) && pid > 0 ? pid : null,
      stop,
      outage,
    };
  } catch (error) {
    const tail = await readFile(log, 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start a private PostgreSQL: ${(error as Error).message}\n${tail}`, {
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
      await runPostgres(pgCtl, startArguments(data, log, port, socketDir));
      return port;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** `pg_ctl start` for the cluster in `data`, on `port` of 127.0.0.1 only. */
function startArguments(data: string, log: string, port: number, socketDir: string): string[] {
  return [
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
  ];
}
