/**
 * The load generator: real websocket peers in this process, random small Yjs map sets
 * (one plan cell each, see cell-edits.ts) at a fixed total rate, and the edit-to-peer
 * latency of every delivery, read from each receiving peer's map events.
 */
import type * as Y from 'yjs';
import { createEditPacer, MAP_NAME, observeDeliveries } from './cell-edits.ts';
import { connectPeers, sleep, type BenchPeer } from './clients.ts';
import { concatSamples, summarize, type LatencySummary } from './latency.ts';
import { measureWindow } from './measured-window.ts';
import { freshRooms, rssBytes, type RelayProcess } from './servers.ts';

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

const DRAIN_LIMIT_MS = 5000;

/** Runs one load against `relay` in fresh rooms (new cycles, see `freshRooms`). */
export async function runLoad(relay: RelayProcess, spec: LoadSpec, seed = 1): Promise<LoadResult> {
  const perRoom = Math.round(spec.peers / spec.rooms);
  const rooms = await freshRooms(relay, spec.rooms);
  const byRoom = await connectPeers(relay, rooms, perRoom);
  const peers: Array<{ peer: BenchPeer; room: number; slot: number; map: Y.Map<number> }> = [];
  byRoom.forEach((list, room) =>
    list.forEach((peer, slot) =>
      peers.push({ peer, room, slot, map: peer.doc.getMap<number>(MAP_NAME) }),
    ),
  );

  const capacity = Math.ceil((spec.editsPerSecond * spec.durationMs) / 1000) + 1000;
  const latencies = new Float64Array(capacity * (perRoom - 1));
  let received = 0;
  const sentAt = new Float64Array(capacity);
  observeDeliveries(peers, perRoom, capacity, sentAt, (_receiver, _edit, latencyMs) => {
    latencies[received++] = latencyMs;
  });

  const edits = createEditPacer(peers, spec.editsPerSecond, capacity, seed, sentAt);
  if (spec.warmupMs > 0) {
    await edits.pace(spec.warmupMs, false);
    await sleep(300);
  }

  const window = await measureWindow(
    [relay],
    () => edits.pace(spec.durationMs, true),
    () => received >= edits.sent() * (perRoom - 1),
    DRAIN_LIMIT_MS,
  );
  const { sendSeconds, wallSeconds, generatorCpuSeconds } = window;
  const sent = edits.sent();
  const expected = sent * (perRoom - 1);
  const relayAlive = window.relayAlive[0];
  const relayCpu = window.relayCpuSeconds[0];
  const relayRss = relayAlive ? rssBytes(relay.pid) : Number.NaN;
  const disconnected = peers.filter(({ peer }) => !peer.isConnected()).length;
  const finalStates = new Map<string, string>();
  byRoom.forEach((list, room) =>
    finalStates.set(rooms[room], sortedJson(list[0].doc.getMap(MAP_NAME))),
  );

  for (const { peer } of peers) peer.destroy();
  // Let the relay see the closes before the next load starts.
  await sleep(500);

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
    generatorLoopDelayP99Ms: window.generatorLoopDelayP99Ms,
    peersDisconnected: disconnected,
    drainMs: window.drainMs,
    relayAlive,
    rounds: 1,
    roundP99sMs: [summarize(samples).p99],
    machineLoadAverage: window.machineLoadAverage,
    raw: { latencies: samples, relayCpuSeconds: relayCpu, generatorCpuSeconds, wallSeconds },
    finalStates,
  };
}

/** Pools rounds of one load on one relay: sums, pooled latency samples, CPU over all rounds. */
export function mergeRounds(results: readonly LoadResult[]): LoadResult {
  if (results.length === 1) return results[0];
  const sum = (pick: (r: LoadResult) => number) => results.reduce((t, r) => t + pick(r), 0);
  const raws = results.map((r) => r.raw!);
  const pooled = concatSamples(raws.map((raw) => raw.latencies));
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
