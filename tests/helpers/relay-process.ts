import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { createCyclesInStore, TEST_CYCLES, TEST_SECRET } from './relay.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm start`'s server in a child process, as an operator runs it. */
export interface RelayProcess {
  child: ChildProcess;
  port: number;
  url: string;
  syncUrl: string;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node --import tsx server/start.ts` with PORT=0 and the given data folder, and
 * waits for the line that names its URL. A prebuilt stand-in client (CLIENT_DIR) keeps
 * it from building the real one. `cycles` are created in its store first (SQLite in
 * `dataDir`, or PostgreSQL at `env.DATABASE_URL`), as a facilitator would create them.
 */
export async function spawnRelay(
  dataDir: string,
  env: Record<string, string> = {},
  cycles: readonly string[] = TEST_CYCLES,
): Promise<RelayProcess> {
  try {
    await createCyclesInStore({ dataDir, databaseUrl: env.DATABASE_URL }, cycles);
  } catch {
    // A store that cannot be opened: the process says so itself, which is what tests of
    // a bad DATABASE_URL look for.
  }
  const clientDir = join(dataDir, 'client');
  await mkdir(clientDir, { recursive: true });
  await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>test</title>');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      CLIENT_DIR: clientDir,
      FULCRUM_SECRET: TEST_SECRET,
      LOG_LEVEL: 'warn',
      // The tests' DATABASE_URL and REDIS_URL name servers for tests, not this relay's own.
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The relay did not start within 20 s:\n${output}`));
    }, 20_000);
    const onData = () => {
      const match = /running at http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`The relay exited (${code}) before starting:\n${output}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    output: () => output,
    exited,
  };
}

/**
 * For one test file: returns {@link spawnRelay}, and registers an `afterAll` that kills
 * every process it started (SIGKILL) and waits until each has ended.
 */
export function spawnedRelaysForFile(): typeof spawnRelay {
  const processes: RelayProcess[] = [];
  afterAll(async () => {
    for (const running of processes) running.child.kill('SIGKILL');
    await Promise.all(processes.map((running) => running.exited));
  });
  return async (dataDir, env, cycles) => {
    const running = await spawnRelay(dataDir, env, cycles);
    processes.push(running);
    return running;
  };
}
