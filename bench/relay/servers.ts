/**
 * The three relays of the fan-out benchmark, each started as a child process on a free
 * port of 127.0.0.1, so its CPU and RSS are read per process from /proc and a crash (the
 * malformed-frame probe) cannot take the benchmark down:
 * - fulcrum: our relay, `node --import tsx server/start.ts` with its real SQLite store in a
 *   temporary DATA_DIR (a prebuilt-client folder is given so start-up never builds the page);
 * - reference: the bin of `@y/websocket-server` 0.1.1, unchanged (in memory, no persistence);
 * - hocuspocus: `@hocuspocus/server` 3.4 through hocuspocus-server.ts (in memory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { signInvite } from '../../server/auth/tokens.ts';
import { freePort } from '../../tests/helpers/ports.ts';

export type RelayKind = 'fulcrum' | 'reference' | 'hocuspocus';

export const RELAY_KINDS: readonly RelayKind[] = ['fulcrum', 'reference', 'hocuspocus'];

export const RELAY_LABELS: Record<RelayKind, string> = {
  fulcrum: 'Fulcrum relay (SQLite)',
  reference: '@y/websocket-server 0.1.1',
  hocuspocus: '@hocuspocus/server 3.4.4',
};

/** The workspace every benchmark room of our relay lives in. */
export const BENCH_WORKSPACE = 'bench';

/**
 * The rooms the probe and the idle-memory run use. Our relay serves only cycles the
 * server created (a cycle is a month), so these are created at start; the other relays
 * take any name.
 */
export const PROBE_ROOM = '2099-12';
export const IDLE_ROOM = '2099-11';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOCUSPOCUS_ENTRY = fileURLToPath(new URL('./hocuspocus-server.ts', import.meta.url));
const REFERENCE_BIN = join(ROOT, 'node_modules/@y/websocket-server/src/server.js');
const START_TIMEOUT_MS = 30_000;
const OUTPUT_TAIL_LINES = 40;

/** A running relay child process. */
export interface RelayProcess {
  kind: RelayKind;
  pid: number;
  port: number;
  /** Invite token (our relay only): an editor's, as the load's peers are. */
  token: string | null;
  /** A facilitator's invite token (our relay only): creates the load's cycles. */
  facilitatorToken: string | null;
  /**
   * A new editor's invite token for each peer (our relay only; null for the others): each
   * peer is a person of its own, as in a meeting, so the relay's per-person limits apply
   * to each as they would to people.
   */
  personToken(): string | null;
  /** Temporary folders to delete when stopped. */
  dataDir: string | null;
  /** The process's inspector (`--inspect=127.0.0.1:0`), used only to ask for a full GC. */
  inspectorUrl(): string | null;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** True while the process runs. */
  isAlive(): boolean;
  /** The last lines the process wrote (stdout and stderr, interleaved). */
  outputTail(): string[];
  /** SIGTERM, then SIGKILL after a grace period; deletes its temporary folders unless kept. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Deletes the temporary folders (after `stop({ keepData: true })`). */
  removeData(): void;
}

const running = new Set<ChildProcess>();
/** Temporary data folders not yet removed. */
const tempDirs = new Set<string>();
let exitHookInstalled = false;

/**
 * Kills every relay still running and deletes their temporary folders; synchronous, so it
 * is safe in a process 'exit' hook.
 */
export function killAllRelays(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * Readies this process for a bench run with hundreds of peers and child relays: lifts the
 * listener limit (each y-websocket provider adds a process 'exit' listener) and kills every
 * relay on SIGINT or SIGTERM. Returns the function that puts both back.
 */
export function guardBenchProcess(): () => void {
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(0);
  const onSignal = (signal: NodeJS.Signals) => {
    killAllRelays();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.setMaxListeners(maxListeners);
  };
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllRelays);
}

/**
 * Starts one relay and resolves once it accepts connections. `extraEnv` is added to our
 * relay's environment (for example DATABASE_URL and REDIS_URL for the scale-out bench).
 */
export async function startRelay(
  kind: RelayKind,
  extraEnv: Record<string, string> = {},
): Promise<RelayProcess> {
  installExitHook();
  const port = await freePort();
  let dataDir: string | null = null;
  let token: string | null = null;
  let facilitatorToken: string | null = null;
  let signPerson: ((n: number) => string) | null = null;
  let people = 0;
  let args: string[];
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  // The bench's own environment never points a relay at a database or Redis by accident.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  let readyPattern: RegExp;
  if (kind === 'fulcrum') {
    dataDir = mkdtempSync(join(tmpdir(), 'fulcrum-relay-bench-'));
    tempDirs.add(dataDir);
    // An empty prebuilt-client folder: the relay never builds or serves the page here.
    const clientDir = join(dataDir, 'client');
    mkdirSync(clientDir);
    const secret = randomBytes(24).toString('base64url');
    env.DATA_DIR = join(dataDir, 'data');
    env.CLIENT_DIR = clientDir;
    env.FULCRUM_SECRET = secret;
    env.LOG_LEVEL = 'warn';
    Object.assign(env, extraEnv);
    const invite = { workspace: BENCH_WORKSPACE, expiresAt: Date.now() + 24 * 60 * 60 * 1000 };
    token = signInvite(secret, { ...invite, role: 'editor', name: 'Bench' });
    facilitatorToken = signInvite(secret, { ...invite, role: 'facilitator', name: 'Bench host' });
    signPerson = (n) => signInvite(secret, { ...invite, role: 'editor', name: `Bench ${n}` });
    args = ['--import', 'tsx', join(ROOT, 'server/start.ts')];
    readyPattern = /Fulcrum is running at/;
  } else if (kind === 'reference') {
    env.HOST = '127.0.0.1';
    args = [REFERENCE_BIN];
    readyPattern = /running at/;
  } else {
    args = ['--import', 'tsx', HOCUSPOCUS_ENTRY];
    readyPattern = /hocuspocus listening/;
  }
  // The inspector lets idle-memory.ts trigger a full GC before reading RSS, the same way
  // for the three relays, without changing their code. No session is open during loads.
  args = ['--inspect=127.0.0.1:0', ...args];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const tail: string[] = [];
  let inspector: string | null = null;
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let onLine: ((line: string) => void) | null = null;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      inspector ??= /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1] ?? null;
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      onLine?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${kind} did not start in ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    onLine = (line) => {
      if (readyPattern.test(line)) {
        clearTimeout(timer);
        onLine = null;
        resolve();
      }
    };
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`${kind} exited before it was ready (${code ?? signal}): ${tail.join(' | ')}`),
      );
    });
  });
  const handle: RelayProcess = {
    kind,
    pid: child.pid ?? -1,
    port,
    token,
    facilitatorToken,
    personToken: () => signPerson?.(people++) ?? null,
    dataDir,
    exited,
    isAlive: () => alive,
    inspectorUrl: () => inspector,
    outputTail: () => [...tail],
    async stop(options) {
      if (alive) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (alive) child.kill('SIGKILL');
        }, 3000);
        await exited;
        clearTimeout(timer);
      }
      if (!options?.keepData) handle.removeData();
    },
    removeData() {
      if (!dataDir) return;
      rmSync(dataDir, { recursive: true, force: true });
      tempDirs.delete(dataDir);
    },
  };
  try {
    await ready;
    // Through the scale-out bench's store, another process may have made them already.
    if (kind === 'fulcrum') await createCycles(handle, [PROBE_ROOM, IDLE_ROOM], true);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

/** The next unused cycle month of this bench run, from 2100-01 on. */
let nextCycle = 0;

/**
 * `count` fresh rooms for one load. Our relay serves only cycles the server created, so
 * each is a new month created through its API as a facilitator would (`POST
 * /api/workspaces/<w>/cycles`); the other relays take the names as they are.
 */
export async function freshRooms(relay: RelayProcess, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, () => {
    const n = nextCycle++;
    return `${2100 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  });
  if (relay.kind === 'fulcrum') await createCycles(relay, names, false);
  return names;
}

async function createCycles(
  relay: RelayProcess,
  cycles: readonly string[],
  mayExist: boolean,
): Promise<void> {
  for (const cycle of cycles) {
    const response = await fetch(
      `http://127.0.0.1:${relay.port}/api/workspaces/${BENCH_WORKSPACE}/cycles`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${relay.facilitatorToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ cycle, title: `Bench ${cycle}` }),
      },
    );
    if (response.ok || (mayExist && response.status === 409)) continue;
    throw new Error(`could not create bench cycle ${cycle}: ${await response.text()}`);
  }
}

/**
 * A full garbage collection in the relay process, through its inspector
 * (`HeapProfiler.collectGarbage`). Resolves false when it could not be done.
 */
export async function collectGarbage(relay: RelayProcess): Promise<boolean> {
  const url = relay.inspectorUrl();
  if (!url || !relay.isAlive()) return false;
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    for (let id = 1; id <= 2; id++) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer')), 10_000);
        socket.on('message', (data: Buffer) => {
          if ((JSON.parse(data.toString('utf8')) as { id?: number }).id === id) {
            clearTimeout(timer);
            resolve();
          }
        });
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    }
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

/** CPU time (user + system) of a process in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are the 12th and 13th after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / CLOCK_TICKS;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Peak resident set size of a process in bytes (VmHWM). */
export function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** USER_HZ: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;
