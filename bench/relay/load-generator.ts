/**
 * The load generator: real websocket peers in this process, random small Yjs map sets
 * (one plan cell each) at a fixed total rate, and the edit-to-peer latency of every
 * delivery, read from each receiving peer's map events.
 *
 * Each edit writes `{ v, e, t, w }` (value, edit id, send time from performance.now(),
 * writer) under a key of the writer's own cells (`p<writer>:c<n>`, taken round robin), so
 * no two peers ever write one key and a key is rewritten by its writer only every 50 of
 * its edits: every delivery shows up as one map change at every other peer of the room, and
 * reach (received / expected deliveries) is exact.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { connectPeers, sleep, type BenchPeer } from './clients.ts';
import { cpuSeconds, rssBytes, type RelayProcess } from './servers.ts';

export interface LoadSpec {
  /** Short name used in room names and reports: `L1`, `L2`, `L3`. */
  name: string;
  peers: number;
  rooms: number;
  /** Total edits per second over all rooms. */
  editsPerSecond: number;
  durationMs: number;
  warmupMs: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  load: string;
  peers: number;
  rooms: number;
  targetEditsPerSecond: number;
  durationS: number;
  editsSent: number;
  sendRate: number;
  expectedDeliveries: number;
  receivedDeliveries: number;
  reach: number;
  deliveriesPerSecond: number;
  latencyMs: LatencySummary;
  /** % of one core, over the measured window and the drain after it. */
  relayCpuPercent: number;
  relayRssBytesAfter: number;
  generatorCpuPercent: number;
  /** p99 event-loop delay of the load generator: high values mean it, not the relay, was the bottleneck. */
  generatorLoopDelayP99Ms: number;
  peersDisconnected: number;
  /** Time from the last edit sent until every delivery arrived (or the drain limit). */
  drainMs: number;
  relayAlive: boolean;
  /** Rounds pooled into this result (see {@link mergeRounds}). */
  rounds: number;
  /** p99 latency of each round on its own: how much the shared machine moved it. */
  roundP99sMs: number[];
  /** 1-minute load average of the machine when each round started (mean). */
  machineLoadAverage: number;
  /** Raw measurements, kept to pool rounds; dropped before the JSON is written. */
  raw?: {
    latencies: Float64Array;
    relayCpuSeconds: number;
    generatorCpuSeconds: number;
    wallSeconds: number;
  };
  /** The converged map of each room (sorted-key JSON) at the end, for the durability check. */
  finalStates?: Map<string, string>;
}

/** A map's content as JSON with sorted keys (key order differs between replicas). */
export function sortedJson(map: Y.Map<unknown>): string {
  const json = map.toJSON() as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(json)
      .sort()
      .map((key) => [key, json[key]]),
  );
}

const CELLS_PER_PEER = 50;
const LOOP_RESOLUTION_MS = 2;
const DRAIN_LIMIT_MS = 5000;
const MAP_NAME = 'cells';

interface CellValue {
  v: number;
  e: number;
  t: number;
  w: number;
}

/** Seeded pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function summarize(samples: Float64Array): LatencySummary {
  const count = samples.length;
  if (count === 0) return { count, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(count - 1, Math.ceil(q * count) - 1)];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count, p50: at(0.5), p99: at(0.99), max: sorted[count - 1], mean: sum / count };
}

/** Runs one load against `relay` in fresh rooms named `<prefix>-<load>-r<i>`. */
export async function runLoad(
  relay: RelayProcess,
  spec: LoadSpec,
  prefix: string,
  seed = 1,
): Promise<LoadResult> {
  const perRoom = Math.round(spec.peers / spec.rooms);
  const rooms = Array.from({ length: spec.rooms }, (_, r) => `${prefix}-${spec.name}-r${r}`);
  const byRoom = await connectPeers(relay, rooms, perRoom);
  const peers: Array<{ peer: BenchPeer; room: number; slot: number; map: Y.Map<CellValue> }> = [];
  byRoom.forEach((list, room) =>
    list.forEach((peer, slot) =>
      peers.push({ peer, room, slot, map: peer.doc.getMap<CellValue>(MAP_NAME) }),
    ),
  );

  const capacity = Math.ceil((spec.editsPerSecond * spec.durationMs) / 1000) + 1000;
  // seen[e * perRoom + receiverSlot] = 1 once that peer has the edit.
  const seen = new Uint8Array(capacity * perRoom);
  const latencies = new Float64Array(capacity * (perRoom - 1));
  let received = 0;

  for (const { map, slot } of peers) {
    map.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const key of event.keysChanged) {
        const value = map.get(key);
        if (!value || value.e < 0) continue;
        const index = value.e * perRoom + slot;
        if (seen[index] === 1) continue;
        seen[index] = 1;
        latencies[received++] = now - value.t;
      }
    });
  }

  const random = seededRandom(seed);
  const nextCell = new Int32Array(peers.length);
  let sent = 0;
  const edit = (measured: boolean) => {
    const writer = Math.floor(random() * peers.length);
    const { map } = peers[writer];
    const cell = nextCell[writer]++ % CELLS_PER_PEER;
    const id = measured ? sent++ : -1;
    map.set(`p${writer}:c${cell}`, {
      v: Math.round(random() * 100_000) / 10,
      e: id,
      t: performance.now(),
      w: writer,
    });
  };

  /** Sends edits at the target rate until `ms` have passed. */
  const pace = async (ms: number, measured: boolean) => {
    const started = performance.now();
    let done = 0;
    for (;;) {
      const elapsed = performance.now() - started;
      if (elapsed >= ms) break;
      const due = Math.floor((elapsed / 1000) * spec.editsPerSecond);
      while (done < due && (!measured || sent < capacity)) {
        edit(measured);
        done++;
      }
      await sleep(1);
    }
    return done;
  };

  if (spec.warmupMs > 0) {
    await pace(spec.warmupMs, false);
    await sleep(300);
  }

  const loadAverage = loadavg()[0];
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const cpuStart = cpuSeconds(relay.pid);
  const generatorStart = process.cpuUsage();
  const wallStart = performance.now();
  await pace(spec.durationMs, true);
  const sendEnd = performance.now();
  const sendSeconds = (sendEnd - wallStart) / 1000;
  const expected = sent * (perRoom - 1);
  while (received < expected && performance.now() - sendEnd < DRAIN_LIMIT_MS) {
    await sleep(10);
  }
  const drainMs = performance.now() - sendEnd;
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const relayAlive = relay.isAlive();
  const relayCpu = relayAlive ? cpuSeconds(relay.pid) - cpuStart : Number.NaN;
  const generator = process.cpuUsage(generatorStart);
  loopDelay.disable();
  const relayRss = relayAlive ? rssBytes(relay.pid) : Number.NaN;
  const disconnected = peers.filter(({ peer }) => !peer.isConnected()).length;
  const finalStates = new Map<string, string>();
  byRoom.forEach((list, room) =>
    finalStates.set(rooms[room], sortedJson(list[0].doc.getMap(MAP_NAME))),
  );

  for (const { peer } of peers) peer.destroy();
  // Let the relay see the closes before the next load starts.
  await sleep(500);

  const generatorCpuSeconds = (generator.user + generator.system) / 1e6;
  const samples = latencies.slice(0, received);
  return {
    load: spec.name,
    peers: peers.length,
    rooms: spec.rooms,
    targetEditsPerSecond: spec.editsPerSecond,
    durationS: sendSeconds,
    editsSent: sent,
    sendRate: sent / sendSeconds,
    expectedDeliveries: expected,
    receivedDeliveries: received,
    reach: expected === 0 ? 1 : received / expected,
    deliveriesPerSecond: received / sendSeconds,
    latencyMs: summarize(samples),
    relayCpuPercent: (relayCpu / wallSeconds) * 100,
    relayRssBytesAfter: relayRss,
    generatorCpuPercent: (generatorCpuSeconds / wallSeconds) * 100,
    // The histogram records whole timer intervals: the delay is what exceeds the resolution.
    generatorLoopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
    peersDisconnected: disconnected,
    drainMs,
    relayAlive,
    rounds: 1,
    roundP99sMs: [summarize(samples).p99],
    machineLoadAverage: loadAverage,
    raw: { latencies: samples, relayCpuSeconds: relayCpu, generatorCpuSeconds, wallSeconds },
    finalStates,
  };
}

/** Pools rounds of one load on one relay: sums, pooled latency samples, CPU over all rounds. */
export function mergeRounds(results: readonly LoadResult[]): LoadResult {
  if (results.length === 1) return results[0];
  const sum = (pick: (r: LoadResult) => number) => results.reduce((t, r) => t + pick(r), 0);
  const raws = results.map((r) => r.raw!);
  const pooled = new Float64Array(raws.reduce((t, raw) => t + raw.latencies.length, 0));
  let offset = 0;
  for (const raw of raws) {
    pooled.set(raw.latencies, offset);
    offset += raw.latencies.length;
  }
  const wall = raws.reduce((t, raw) => t + raw.wallSeconds, 0);
  const relayCpu = raws.reduce((t, raw) => t + raw.relayCpuSeconds, 0);
  const generatorCpu = raws.reduce((t, raw) => t + raw.generatorCpuSeconds, 0);
  const durationS = sum((r) => r.durationS);
  const editsSent = sum((r) => r.editsSent);
  const expected = sum((r) => r.expectedDeliveries);
  const received = sum((r) => r.receivedDeliveries);
  const finalStates = new Map<string, string>();
  for (const r of results)
    for (const [room, state] of r.finalStates ?? []) finalStates.set(room, state);
  const last = results[results.length - 1];
  return {
    ...last,
    durationS,
    editsSent,
    sendRate: editsSent / durationS,
    expectedDeliveries: expected,
    receivedDeliveries: received,
    reach: expected === 0 ? 1 : received / expected,
    deliveriesPerSecond: received / durationS,
    latencyMs: summarize(pooled),
    relayCpuPercent: (relayCpu / wall) * 100,
    generatorCpuPercent: (generatorCpu / wall) * 100,
    generatorLoopDelayP99Ms: Math.max(...results.map((r) => r.generatorLoopDelayP99Ms)),
    peersDisconnected: sum((r) => r.peersDisconnected),
    drainMs: Math.max(...results.map((r) => r.drainMs)),
    relayAlive: results.every((r) => r.relayAlive),
    rounds: results.length,
    roundP99sMs: results.flatMap((r) => r.roundP99sMs),
    machineLoadAverage: sum((r) => r.machineLoadAverage) / results.length,
    raw: {
      latencies: pooled,
      relayCpuSeconds: relayCpu,
      generatorCpuSeconds: generatorCpu,
      wallSeconds: wall,
    },
    finalStates,
  };
}
