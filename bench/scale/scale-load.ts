/**
 * The scale-out load: the relay benchmark's peers and edits (one Y.Map set of a plan cell
 * from a random peer, stamped with its send time), with each room's peers spread round
 * robin over several relay processes. Every delivery is classed by the writer's and the
 * receiver's process: within the same process (stored, then sent) or across processes
 * (stored, published through Redis, applied by the other process, then sent).
 */
import type * as Y from 'yjs';
import { createEditPacer, MAP_NAME, observeDeliveries } from '../relay/cell-edits.ts';
import { connectPeer, sleep, withTimeout, type BenchPeer } from '../relay/clients.ts';
import { concatSamples, summarize, type LatencySummary } from '../relay/latency.ts';
import { measureWindow } from '../relay/measured-window.ts';
import { freshRooms, rssBytes, type RelayProcess } from '../relay/servers.ts';

/** One load: peers in rooms, a total edit rate, a warm-up and a measured window. */
export interface ScaleLoadSpec {
  peers: number;
  rooms: number;
  /** Total edits per second over all rooms. */
  editsPerSecond: number;
  durationMs: number;
  warmupMs: number;
}

/** What one relay process did during the measured window. */
export interface ProcessUsage {
  /** % of one core over the window and the drain after it (/proc/<pid>/stat). */
  cpuPercent: number;
  /** Resident set size at the end (/proc/<pid>/status). */
  rssBytes: number;
  /** Peers connected to this process. */
  peers: number;
  alive: boolean;
}

/** Deliveries of one class: how many were due, how many arrived, and how fast. */
export interface DeliveryClass {
  expected: number;
  received: number;
  latencyMs: LatencySummary;
}

/** One measured window of a load. */
export interface ScaleLoadResult {
  processes: number;
  peers: number;
  rooms: number;
  durationS: number;
  editsSent: number;
  sendRate: number;
  /** Writer and receiver on the same relay process. */
  same: DeliveryClass;
  /** Writer and receiver on different processes. */
  across: DeliveryClass;
  deliveriesPerSecond: number;
  /** Received / expected over both classes. */
  reach: number;
  drainMs: number;
  perProcess: ProcessUsage[];
  generatorCpuPercent: number;
  /** p99 event-loop delay of the load generator: high values mean it was the bottleneck. */
  generatorLoopDelayP99Ms: number;
  peersDisconnected: number;
  machineLoadAverage: number;
  /** p99 of each round on its own (same process, across processes): how much the machine moved it. */
  roundP99sMs: Array<{ same: number; across: number }>;
  /** Raw samples, kept to pool rounds; dropped before the JSON is written. */
  raw?: { same: Float64Array; across: Float64Array; cpuSeconds: number[]; wallSeconds: number };
}

const DRAIN_LIMIT_MS = 10_000;
const CONNECT_BATCH = 25;
const CONNECT_TIMEOUT_MS = 30_000;

/** The process (index into the relays) that peer `slot` of room `room` connects to. */
export function processOf(room: number, slot: number, processes: number): number {
  // Round robin within the room, shifted per room so every process gets as many peers.
  return (slot + room) % processes;
}

interface Placed {
  peer: BenchPeer;
  room: number;
  slot: number;
  process: number;
  map: Y.Map<number>;
}

/** Connects every peer to its process, in batches, and waits until all have synced. */
async function connectAll(
  relays: readonly RelayProcess[],
  rooms: readonly string[],
  perRoom: number,
): Promise<Placed[]> {
  const placed: Placed[] = [];
  const jobs: Array<() => Placed> = [];
  rooms.forEach((name, room) => {
    for (let slot = 0; slot < perRoom; slot++) {
      jobs.push(() => {
        const home = processOf(room, slot, relays.length);
        const peer = connectPeer(relays[home], name);
        return { peer, room, slot, process: home, map: peer.doc.getMap<number>(MAP_NAME) };
      });
    }
  });
  for (let i = 0; i < jobs.length; i += CONNECT_BATCH) {
    const started = jobs.slice(i, i + CONNECT_BATCH).map((job) => job());
    placed.push(...started);
    try {
      await withTimeout(
        Promise.all(started.map(({ peer }) => peer.synced)),
        CONNECT_TIMEOUT_MS,
        `peers did not sync within ${CONNECT_TIMEOUT_MS / 1000} s`,
      );
    } catch (error) {
      for (const { peer } of placed) peer.destroy();
      throw error;
    }
  }
  return placed;
}

/**
 * Runs one load over `relays` in fresh rooms (new cycles, see `freshRooms`): connects, warms up (edits
 * not measured, so every process has loaded and subscribed to every room), then sends at
 * the target rate for `durationMs` and waits until every delivery arrived (or 10 s).
 * `during` runs alongside the measured window (the store probe).
 */
export async function runScaleLoad(
  relays: readonly RelayProcess[],
  spec: ScaleLoadSpec,
  seed: number,
  during: (window: Promise<void>) => void = () => {},
): Promise<ScaleLoadResult> {
  const perRoom = Math.round(spec.peers / spec.rooms);
  const rooms = await freshRooms(relays[0], spec.rooms);
  const peers = await connectAll(relays, rooms, perRoom);
  // How many of each writer's room-mates sit on its own process, and on others.
  const sameOthers = peers.map(
    (writer) =>
      peers.filter((p) => p.room === writer.room && p !== writer && p.process === writer.process)
        .length,
  );
  const acrossOthers = peers.map(
    (writer) => peers.filter((p) => p.room === writer.room && p.process !== writer.process).length,
  );

  const capacity = Math.ceil((spec.editsPerSecond * spec.durationMs) / 1000) + 1000;
  const same = new Float64Array(capacity * perRoom);
  const across = new Float64Array(capacity * perRoom);
  let sameCount = 0;
  let acrossCount = 0;
  let expectedSame = 0;
  let expectedAcross = 0;
  const sentAt = new Float64Array(capacity);
  observeDeliveries(peers, perRoom, capacity, sentAt, (receiver, edit, latencyMs) => {
    if (peers[edit.w].process === receiver.process) same[sameCount++] = latencyMs;
    else across[acrossCount++] = latencyMs;
  });

  const edits = createEditPacer(peers, spec.editsPerSecond, capacity, seed, sentAt, (writer) => {
    expectedSame += sameOthers[writer];
    expectedAcross += acrossOthers[writer];
  });

  try {
    if (spec.warmupMs > 0) {
      await edits.pace(spec.warmupMs, false);
      await sleep(500);
    }
    const window = await measureWindow(
      relays,
      () => {
        const measured = edits.pace(spec.durationMs, true);
        during(measured);
        return measured;
      },
      () => sameCount + acrossCount >= expectedSame + expectedAcross,
      DRAIN_LIMIT_MS,
    );
    const { sendSeconds, wallSeconds } = window;
    const cpu = window.relayCpuSeconds;
    const sent = edits.sent();
    const perProcess = relays.map((relay, i) => ({
      cpuPercent: (cpu[i] / wallSeconds) * 100,
      rssBytes: relay.isAlive() ? rssBytes(relay.pid) : Number.NaN,
      peers: peers.filter((p) => p.process === i).length,
      alive: relay.isAlive(),
    }));
    const received = sameCount + acrossCount;
    const expected = expectedSame + expectedAcross;
    const sameSamples = same.slice(0, sameCount);
    const acrossSamples = across.slice(0, acrossCount);
    return {
      processes: relays.length,
      peers: peers.length,
      rooms: spec.rooms,
      durationS: sendSeconds,
      editsSent: sent,
      sendRate: sent / sendSeconds,
      same: { expected: expectedSame, received: sameCount, latencyMs: summarize(sameSamples) },
      across: {
        expected: expectedAcross,
        received: acrossCount,
        latencyMs: summarize(acrossSamples),
      },
      deliveriesPerSecond: received / sendSeconds,
      reach: expected === 0 ? 1 : received / expected,
      drainMs: window.drainMs,
      perProcess,
      generatorCpuPercent: (window.generatorCpuSeconds / wallSeconds) * 100,
      generatorLoopDelayP99Ms: window.generatorLoopDelayP99Ms,
      peersDisconnected: peers.filter(({ peer }) => !peer.isConnected()).length,
      machineLoadAverage: window.machineLoadAverage,
      roundP99sMs: [{ same: summarize(sameSamples).p99, across: summarize(acrossSamples).p99 }],
      raw: { same: sameSamples, across: acrossSamples, cpuSeconds: cpu, wallSeconds },
    };
  } finally {
    for (const { peer } of peers) peer.destroy();
    // Let the relays see the closes before the next load starts.
    await sleep(500);
  }
}

/** Pools the rounds of one setup: summed counts, pooled latency samples, CPU over all rounds. */
export function poolRounds(results: readonly ScaleLoadResult[]): ScaleLoadResult {
  if (results.length === 1) return results[0];
  const sum = (pick: (r: ScaleLoadResult) => number) => results.reduce((t, r) => t + pick(r), 0);
  const raws = results.map((r) => r.raw!);
  const sameSamples = concatSamples(raws.map((raw) => raw.same));
  const acrossSamples = concatSamples(raws.map((raw) => raw.across));
  const wall = raws.reduce((t, raw) => t + raw.wallSeconds, 0);
  const cpu = results[0].perProcess.map((_, i) =>
    raws.reduce((t, raw) => t + raw.cpuSeconds[i], 0),
  );
  const durationS = sum((r) => r.durationS);
  const editsSent = sum((r) => r.editsSent);
  const expected = sum((r) => r.same.expected + r.across.expected);
  const received = sum((r) => r.same.received + r.across.received);
  const last = results[results.length - 1];
  return {
    ...last,
    durationS,
    editsSent,
    sendRate: editsSent / durationS,
    same: {
      expected: sum((r) => r.same.expected),
      received: sum((r) => r.same.received),
      latencyMs: summarize(sameSamples),
    },
    across: {
      expected: sum((r) => r.across.expected),
      received: sum((r) => r.across.received),
      latencyMs: summarize(acrossSamples),
    },
    deliveriesPerSecond: received / durationS,
    reach: expected === 0 ? 1 : received / expected,
    drainMs: Math.max(...results.map((r) => r.drainMs)),
    perProcess: last.perProcess.map((usage, i) => ({
      ...usage,
      cpuPercent: (cpu[i] / wall) * 100,
      alive: results.every((r) => r.perProcess[i].alive),
    })),
    generatorCpuPercent:
      (results.reduce((t, r) => t + (r.generatorCpuPercent / 100) * r.raw!.wallSeconds, 0) / wall) *
      100,
    generatorLoopDelayP99Ms: Math.max(...results.map((r) => r.generatorLoopDelayP99Ms)),
    peersDisconnected: sum((r) => r.peersDisconnected),
    machineLoadAverage: sum((r) => r.machineLoadAverage) / results.length,
    roundP99sMs: results.flatMap((r) => r.roundP99sMs),
    raw: { same: sameSamples, across: acrossSamples, cpuSeconds: cpu, wallSeconds: wall },
  };
}
