/**
 * A Redis for the relays to share, without vitest: the tests' wrapper (redis.ts), the
 * soak test and the scale-out benchmark start and stop it here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { ensureRedisServer } from './ensure-redis.js';
import { freePort } from './ports.ts';

/** A Redis: its URL, and (for a private one) stopping and starting it again. */
export interface TestRedis {
  url: string;
  /** False for the server `REDIS_URL` names: it cannot be stopped from here. */
  controllable: boolean;
  /** The server's process id while a private one runs, null otherwise (its CPU can be read). */
  pid(): number | null;
  /** Stops the server (a private one); what it held is gone, as after a crash. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/** The Redis `url` names; it is never stopped or started from here. */
export function givenRedis(url: string): TestRedis {
  return {
    url,
    controllable: false,
    pid: () => null,
    stop: async () => {},
    start: async () => {},
  };
}

/**
 * Starts a private `redis-server` from Debian's package (installed first when missing and
 * running as root) on a free port of 127.0.0.1, with no persistence. It is killed when
 * this process exits.
 */
export async function startRedisServer(): Promise<TestRedis> {
  const server = ensureRedisServer();
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    if (child) return;
    const started = spawn(
      server,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    child = started;
    started.once('exit', () => {
      if (child === started) child = null;
    });
    await waitForPort(port, 10_000);
  };
  const stop = async () => {
    const running = child;
    if (!running) return;
    child = null;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    controllable: true,
    pid: () => child?.pid ?? null,
    stop,
    start,
  };
}

/** Resolves once something accepts connections on `port` of 127.0.0.1. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Redis did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
