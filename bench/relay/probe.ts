/**
 * The malformed-frame probe: hostile frames sent to one relay, one case at a time, each on
 * its own raw connection into a room where a bystander peer is connected. After each case:
 * is the relay process still running, did the bystander keep its connection, does a fresh
 * client still sync and reach the bystander? A relay that died is restarted for the next
 * case, and the death is reported.
 *
 * The frames follow each server's framing: y-websocket messages for ours and the
 * reference server, the same messages prefixed with the document name for Hocuspocus.
 */
import { Socket, connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { connectPeer, roomUrl, sleep, withTimeout, type BenchPeer } from './clients.ts';
import { mulberry32 } from '../../shared/random.ts';
import { PROBE_ROOM, startRelay, type RelayKind, type RelayProcess } from './servers.ts';

export interface ProbeCase {
  name: string;
  description: string;
}

export interface ProbeOutcome {
  probe: string;
  description: string;
  /** How the relay answered the hostile connection: a close code, `open` or `reset`. */
  hostileConnection: string;
  relayAlive: boolean;
  /** Exit code or signal and the last line the process wrote, when it died. */
  death: string | null;
  bystanderConnected: boolean;
  /** A fresh client synced and its edit reached the bystander. */
  freshClientSyncs: boolean;
}

export interface ProbeReport {
  relay: RelayKind;
  outcomes: ProbeOutcome[];
  restarts: number;
}

const ROOM = PROBE_ROOM;
const WAIT_MS = 1500;

type Frames = (wrap: (message: Uint8Array) => Uint8Array) => Array<Uint8Array | string>;

interface FrameCase extends ProbeCase {
  frames: Frames;
}

/** `count` frames of 1 to `max` random bytes; the same bytes for every relay (seeded). */
function randomFrames(count: number, max: number): Uint8Array[] {
  const random = mulberry32(42);
  return Array.from({ length: count }, () => {
    const bytes = new Uint8Array(1 + Math.floor(random() * max));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    return bytes;
  });
}

/** A sync-protocol update message (type 0, sub-type 2) carrying `update`. */
function syncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Decodes cleanly as a Yjs update header, then fails in Y.applyUpdate (bad content). */
const INVALID_UPDATE = new Uint8Array([1, 1, 1, 0, 8, 0, 0, 1, 119, 1, 120]);

const FRAME_CASES: FrameCase[] = [
  {
    name: 'random bytes',
    description: '50 binary frames of 1-64 random bytes (seeded)',
    frames: (wrap) => randomFrames(50, 64).map(wrap),
  },
  {
    name: 'truncated varint',
    description: 'frames ending inside a varint: [0xff], [0x00 0xff], [0x00 0x02 0xff 0xff]',
    frames: (wrap) => [
      wrap(new Uint8Array([0xff])),
      wrap(new Uint8Array([0x00, 0xff])),
      wrap(new Uint8Array([0x00, 0x02, 0xff, 0xff])),
    ],
  },
  {
    name: 'bad length',
    description: 'an update message announcing 100,000 bytes and carrying 3',
    frames: (wrap) => [wrap(new Uint8Array([0x00, 0x02, 0xa0, 0x8d, 0x06, 1, 2, 3]))],
  },
  {
    name: 'invalid update',
    description: 'a well-framed update whose content fails Y.applyUpdate',
    frames: (wrap) => [wrap(syncUpdate(INVALID_UPDATE))],
  },
  {
    name: 'unknown type + text',
    description: 'message type 99, then a text frame',
    frames: (wrap) => [wrap(new Uint8Array([99, 1, 2])), 'hello'],
  },
  {
    name: '1,000 random frames',
    description: 'a burst of 1,000 random frames on one connection',
    frames: (wrap) => randomFrames(1000, 32).map(wrap),
  },
  {
    name: 'oversize frame (17 MiB)',
    description: 'one 17 MiB binary frame (our cap is 16 MiB)',
    frames: (wrap) => [wrap(syncUpdate(randomBytes(17 * 1024 * 1024)))],
  },
];

const HEADER_CASE: ProbeCase = {
  name: 'oversized frame header',
  description: 'raw TCP: a 14-byte frame header announcing 2^63 - 1 bytes, no payload',
};

export const PROBE_CASES: ProbeCase[] = [...FRAME_CASES, HEADER_CASE];

/** Hocuspocus messages start with the document name. */
function wrapperFor(kind: RelayKind): (message: Uint8Array) => Uint8Array {
  if (kind !== 'hocuspocus') return (message) => message;
  return (message) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, ROOM);
    encoding.writeUint8Array(encoder, message);
    return encoding.toUint8Array(encoder);
  };
}

/**
 * What a client sends before anything else: nothing for y-websocket; for Hocuspocus the
 * authentication message of the document (an empty token: the peer runs without auth),
 * without which its server only queues the document's messages.
 */
function openingFrames(kind: RelayKind): Uint8Array[] {
  if (kind !== 'hocuspocus') return [];
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, ROOM);
  encoding.writeVarUint(encoder, 2); // MessageType.Auth
  encoding.writeVarUint(encoder, 0); // AuthMessageType.Token
  encoding.writeVarString(encoder, '');
  return [encoding.toUint8Array(encoder)];
}

/** Sends the frames on a raw ws connection; resolves with the close code or `open`. */
async function sendFrames(relay: RelayProcess, frames: Array<Uint8Array | string>) {
  const socket = new WebSocket(roomUrl(relay, ROOM), { maxPayload: 64 * 1024 * 1024 });
  let closeCode: number | null = null;
  let failed = false;
  socket.on('error', () => {
    failed = true;
  });
  const closed = new Promise<void>((resolve) => {
    socket.on('close', (code) => {
      closeCode = code;
      resolve();
    });
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  try {
    await withTimeout(opened, 5000, 'no open');
  } catch {
    return 'refused';
  }
  for (const frame of openingFrames(relay.kind)) socket.send(frame);
  // Let the server finish its own opening (sync step 1, authentication).
  await sleep(150);
  for (const frame of frames) {
    if (socket.readyState !== WebSocket.OPEN) break;
    socket.send(frame);
  }
  await Promise.race([closed, sleep(WAIT_MS)]);
  if (closeCode === null) {
    socket.terminate();
    return failed ? 'error' : 'open';
  }
  return String(closeCode);
}

/** Raw TCP: the websocket handshake, then one frame header announcing 2^63 - 1 bytes. */
async function sendOversizedHeader(relay: RelayProcess): Promise<string> {
  const url = new URL(roomUrl(relay, ROOM));
  const socket: Socket = connect(relay.port, '127.0.0.1');
  let outcome = 'open';
  socket.on('error', () => {
    outcome = 'reset';
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\n` +
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
      'Sec-WebSocket-Version: 13\r\n\r\n',
  );
  let response = '';
  await withTimeout(
    new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        response += chunk.toString('latin1');
        if (response.includes('\r\n\r\n')) resolve();
      });
    }),
    5000,
    'no handshake',
  ).catch(() => {});
  if (!response.startsWith('HTTP/1.1 101')) {
    socket.destroy();
    return `handshake refused: ${response.split('\r\n')[0]}`;
  }
  await sleep(150);
  // FIN + binary, masked, 127: 64-bit length 0x7fff_ffff_ffff_ffff, then a 4-byte mask.
  const header = Buffer.from([
    0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4,
  ]);
  socket.write(header);
  await Promise.race([closed, sleep(WAIT_MS)]);
  if (!socket.destroyed) {
    socket.destroy();
    return outcome;
  }
  return outcome === 'reset' ? 'reset' : 'closed';
}

/** A fresh client syncs and its edit reaches the bystander within a few seconds. */
async function freshClientSyncs(relay: RelayProcess, bystander: BenchPeer): Promise<boolean> {
  if (!relay.isAlive()) return false;
  const fresh = connectPeer(relay, ROOM);
  try {
    await withTimeout(fresh.synced, 5000, 'no sync');
    const marker = Math.floor(Math.random() * 1e9);
    const reached = new Promise<void>((resolve) => {
      const map = bystander.doc.getMap('demand');
      const check = () => {
        if (map.get('marker|2027-01') === marker) {
          map.unobserve(check);
          resolve();
        }
      };
      map.observe(check);
    });
    fresh.doc.getMap('demand').set('marker|2027-01', marker);
    await withTimeout(reached, 3000, 'no delivery');
    return true;
  } catch {
    return false;
  } finally {
    fresh.destroy();
  }
}

async function startBystander(relay: RelayProcess): Promise<BenchPeer> {
  const peer = connectPeer(relay, ROOM);
  await withTimeout(peer.synced, 10_000, `bystander did not sync with ${relay.kind}`);
  return peer;
}

/** Runs every probe case against a fresh process of `kind`. */
export async function probeRelay(kind: RelayKind): Promise<ProbeReport> {
  let relay = await startRelay(kind);
  let bystander = await startBystander(relay);
  const wrap = wrapperFor(kind);
  const outcomes: ProbeOutcome[] = [];
  let restarts = 0;
  try {
    for (const probe of PROBE_CASES) {
      const frameCase = FRAME_CASES.find((c) => c.name === probe.name);
      let hostile: string;
      try {
        hostile = frameCase
          ? await sendFrames(relay, frameCase.frames(wrap))
          : await sendOversizedHeader(relay);
      } catch (error) {
        hostile = `probe failed: ${(error as Error).message}`;
      }
      await sleep(300);
      const alive = relay.isAlive();
      let death: string | null = null;
      if (!alive) {
        const { code, signal } = await relay.exited;
        // The last error line is the one that ended the process (earlier ones were logged).
        const output = relay.outputTail();
        const errors = output.filter((line) => /^\s*\w*Error\b/.test(line));
        const lastLines = errors.length ? errors.slice(-1) : output.slice(-1);
        death = `exit ${code ?? signal}${lastLines.length ? `: ${lastLines[0].trim()}` : ''}`;
      }
      outcomes.push({
        probe: probe.name,
        description: probe.description,
        hostileConnection: hostile,
        relayAlive: alive,
        death,
        bystanderConnected: alive && bystander.isConnected(),
        freshClientSyncs: await freshClientSyncs(relay, bystander),
      });
      if (!alive) {
        bystander.destroy();
        await relay.stop();
        relay = await startRelay(kind);
        bystander = await startBystander(relay);
        restarts++;
      }
    }
  } finally {
    bystander.destroy();
    await relay.stop();
  }
  return { relay: kind, outcomes, restarts };
}
