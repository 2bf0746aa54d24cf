/**
 * What the soak test reads from its relay processes: resident memory from
 * /proc/<pid>/status, sampled over time, and the rooms each process loaded and unloaded,
 * from its JSON log lines (`LOG_LEVEL=info`).
 */
import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes (VmRSS of /proc/<pid>/status); NaN once it is gone. */
export function rssBytes(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return Number.NaN;
  }
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** One reading of every watched process's RSS, at `atMs` from the start of the load. */
export interface RssSample {
  atMs: number;
  bytes: number[];
}

/** Samples the RSS of `pids` every `everyMs` until stopped. */
export function sampleRss(
  pids: readonly number[],
  everyMs: number,
): { samples: RssSample[]; stop(): void } {
  const started = performance.now();
  const samples: RssSample[] = [];
  const take = () =>
    samples.push({ atMs: performance.now() - started, bytes: pids.map((pid) => rssBytes(pid)) });
  take();
  const timer = setInterval(take, everyMs);
  return { samples, stop: () => clearInterval(timer) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** RSS of one process after the warm-up: at its start, at the end, and the growth between. */
export interface RssGrowth {
  /** Median of the first readings after the warm-up. */
  afterWarmupBytes: number;
  /** Median of the last readings. */
  endBytes: number;
  /** (end - after warm-up) / after warm-up. */
  growth: number;
}

/**
 * Growth of each process's RSS from the end of the warm-up to the end of the load. Each
 * end is the median of a window of readings (a tenth of them, at least five), so one
 * reading taken just before a garbage collection does not decide it.
 */
export function rssGrowth(samples: readonly RssSample[], warmupMs: number): RssGrowth[] {
  const after = samples.filter((sample) => sample.atMs >= warmupMs);
  if (after.length < 10) {
    throw new Error(`only ${after.length} RSS readings after the warm-up: the load is too short`);
  }
  const window = Math.max(5, Math.floor(after.length / 10));
  const first = after.slice(0, window);
  const last = after.slice(-window);
  return after[0].bytes.map((_, i) => {
    const afterWarmupBytes = median(first.map((sample) => sample.bytes[i]));
    const endBytes = median(last.map((sample) => sample.bytes[i]));
    return { afterWarmupBytes, endBytes, growth: (endBytes - afterWarmupBytes) / afterWarmupBytes };
  });
}

/** The rooms a process's log says it loaded and unloaded (each name once per event). */
export interface RoomEvents {
  loaded: string[];
  unloaded: string[];
}

/** Reads `room.loaded` and `room.unloaded` lines out of a relay's output. */
export function roomEvents(output: string): RoomEvents {
  const events: RoomEvents = { loaded: [], unloaded: [] };
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { event?: unknown; room?: unknown };
    try {
      entry = JSON.parse(line) as { event?: unknown; room?: unknown };
    } catch {
      continue;
    }
    if (typeof entry.room !== 'string') continue;
    if (entry.event === 'room.loaded') events.loaded.push(entry.room);
    if (entry.event === 'room.unloaded') events.unloaded.push(entry.room);
  }
  return events;
}
