/**
 * The measured window of a relay load: what the machine, the relays and the load generator
 * itself spent while the edits were sent and until every delivery arrived.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sleep } from './clients.ts';
import { cpuSeconds, type RelayProcess } from './servers.ts';

const LOOP_RESOLUTION_MS = 2;

/** What one measured window took. */
export interface WindowMeasure {
  /** 1-minute load average of the machine when the window started. */
  machineLoadAverage: number;
  /** From the first edit sent to the last. */
  sendSeconds: number;
  /** Time from the last edit sent until every delivery arrived (or the drain limit). */
  drainMs: number;
  /** Sending and draining together. */
  wallSeconds: number;
  /** Whether each relay was still running at the end. */
  relayAlive: boolean[];
  /** CPU seconds of each relay over sending and draining; NaN for one that is gone. */
  relayCpuSeconds: number[];
  generatorCpuSeconds: number;
  /** p99 event-loop delay of the load generator: high values mean it was the bottleneck. */
  generatorLoopDelayP99Ms: number;
}

/**
 * Runs `send`, then waits until `delivered()` (checked every 10 ms, at most `drainLimitMs`),
 * and reports the time and CPU both took.
 */
export async function measureWindow(
  relays: readonly RelayProcess[],
  send: () => Promise<void>,
  delivered: () => boolean,
  drainLimitMs: number,
): Promise<WindowMeasure> {
  const machineLoadAverage = loadavg()[0];
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const cpuStart = relays.map((relay) => cpuSeconds(relay.pid));
  const generatorStart = process.cpuUsage();
  const wallStart = performance.now();
  await send();
  const sendEnd = performance.now();
  const sendSeconds = (sendEnd - wallStart) / 1000;
  while (!delivered() && performance.now() - sendEnd < drainLimitMs) {
    await sleep(10);
  }
  const drainMs = performance.now() - sendEnd;
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const relayAlive = relays.map((relay) => relay.isAlive());
  const relayCpuSeconds = relays.map((relay, i) =>
    relayAlive[i] ? cpuSeconds(relay.pid) - cpuStart[i] : Number.NaN,
  );
  const generator = process.cpuUsage(generatorStart);
  loopDelay.disable();
  return {
    machineLoadAverage,
    sendSeconds,
    drainMs,
    wallSeconds,
    relayAlive,
    relayCpuSeconds,
    generatorCpuSeconds: (generator.user + generator.system) / 1e6,
    // The histogram records whole timer intervals: the delay is what exceeds the resolution.
    generatorLoopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
  };
}
