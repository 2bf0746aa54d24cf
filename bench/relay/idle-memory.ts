/**
 * RSS per idle connection: with one room loaded and one peer in it, open `count` more
 * synced peers in that room, let the relay settle, and divide the growth of its resident
 * set by `count`. Read twice: as is (garbage of the handshakes included, as a plain RSS
 * reading sees it) and after a full GC in the relay (through its inspector), which is what
 * the connections keep.
 */
import { connectPeers, sleep } from './clients.ts';
import { collectGarbage, rssBytes, type RelayProcess } from './servers.ts';

export interface IdleMemoryResult {
  connections: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  /** RSS growth per connection, no GC forced. */
  bytesPerConnection: number;
  rssBeforeGcBytes: number;
  rssAfterGcBytes: number;
  /** RSS growth per connection, each reading after a full GC; NaN when GC was not possible. */
  bytesPerConnectionAfterGc: number;
  allConnected: boolean;
}

const SETTLE_MS = 2000;
const SAMPLES = 5;

/** Mean RSS over a few samples 200 ms apart. */
async function sampleRss(relay: RelayProcess): Promise<number> {
  let sum = 0;
  for (let i = 0; i < SAMPLES; i++) {
    sum += rssBytes(relay.pid);
    await sleep(200);
  }
  return sum / SAMPLES;
}

/** Plain reading, then a full GC and a second reading. */
async function readings(relay: RelayProcess): Promise<{ plain: number; afterGc: number }> {
  const plain = await sampleRss(relay);
  const collected = await collectGarbage(relay);
  await sleep(200);
  return { plain, afterGc: collected ? await sampleRss(relay) : Number.NaN };
}

export async function measureIdleMemory(
  relay: RelayProcess,
  room: string,
  count = 300,
): Promise<IdleMemoryResult> {
  const [[first]] = await connectPeers(relay, [room], 1);
  first.doc.getMap('demand').set('seed|2027-01', 1);
  await sleep(SETTLE_MS);
  const before = await readings(relay);
  const [idle] = await connectPeers(relay, [room], count, 60_000);
  await sleep(SETTLE_MS);
  const after = await readings(relay);
  const allConnected = idle.every((peer) => peer.isConnected());
  for (const peer of idle) peer.destroy();
  first.destroy();
  await sleep(500);
  return {
    connections: count,
    rssBeforeBytes: before.plain,
    rssAfterBytes: after.plain,
    bytesPerConnection: (after.plain - before.plain) / count,
    rssBeforeGcBytes: before.afterGc,
    rssAfterGcBytes: after.afterGc,
    bytesPerConnectionAfterGc: (after.afterGc - before.afterGc) / count,
    allConnected,
  };
}
