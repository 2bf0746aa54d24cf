/**
 * The server the browser benchmark measures: `npm start`'s own entry (server/start.ts) as
 * a child process, serving a client built for the run, with the reference cycle (500
 * families, 36 months, 100 resources) already in its SQLite store. A child process keeps
 * the relay's event loop apart from the one driving the browsers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInvite } from '../../server/auth/tokens.ts';
import type { Role } from '../../shared/policy/roles.ts';
import { ROOT_DIR } from '../../server/config.ts';
import { seedRoom } from '../../server/demo-room.ts';
import { DEMO_WORKSPACE_ID } from '../../server/demo-workspace.ts';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import type { Plan } from '../../shared/engine/index.ts';
import { freePort } from '../../tests/helpers/ports.ts';

/** The reference plan of the benchmarks. */
export const REFERENCE_PLAN = { families: 500, periods: 36, resources: 100, seed: 20261 } as const;

const START_TIMEOUT_MS = 60_000;

/** A running server with the reference cycle. */
export interface BenchServer {
  url: string;
  plan: Plan;
  /** The invite link of a person. */
  inviteUrl(role: Role, name: string): string;
  /** The address of a view of the reference cycle. */
  viewUrl(view: string): string;
  /** An editor's token (for the plan export). */
  token(role: Role, name: string): string;
  stop(): Promise<void>;
}

/** Seeds a data folder with the reference cycle and starts the server on a free port. */
export async function startBenchServer(clientDir: string): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fulcrum-browser-bench-'));
  const plan = generateDemoPlan(REFERENCE_PLAN);
  const storage = new SqliteStorage(databaseFile(dataDir));
  try {
    await seedRoom(storage, `${DEMO_WORKSPACE_ID}/${plan.cycle}`, plan);
  } finally {
    await storage.close();
  }
  const secret = randomBytes(32).toString('base64url');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      CLIENT_DIR: clientDir,
      FULCRUM_SECRET: secret,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  try {
    await waitUntilListening(child, output);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const token = (role: Role, name: string) =>
    signInvite(secret, {
      workspace: DEMO_WORKSPACE_ID,
      role,
      name,
      expiresAt: Date.now() + 60 * 60 * 1000,
    });
  return {
    url,
    plan,
    token,
    inviteUrl: (role, name) => `${url}/?token=${token(role, name)}`,
    viewUrl: (view) => `${url}/w/${DEMO_WORKSPACE_ID}/${plan.cycle}/${view}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function waitUntilListening(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start in time:\n${output.join('')}`)),
      START_TIMEOUT_MS,
    );
    const read = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('Fulcrum is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}):\n${output.join('')}`));
    });
  });
}
