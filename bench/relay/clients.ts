/**
 * One benchmark peer: a Y.Doc connected to a relay through the stock client of that relay
 * (`WebsocketProvider` of y-websocket 3.1 for ours and the reference server,
 * `HocuspocusProvider` 3.4 for Hocuspocus), each peer with its own websocket.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { BENCH_WORKSPACE, type RelayProcess } from './servers.ts';

export interface BenchPeer {
  doc: Y.Doc;
  /** Resolves when the first sync with the relay is done. */
  synced: Promise<void>;
  /** True while the websocket is open. */
  isConnected(): boolean;
  destroy(): void;
}

/** The websocket URL a raw client uses for `room` (probe.ts). */
export function roomUrl(relay: RelayProcess, room: string): string {
  if (relay.kind === 'fulcrum') {
    return `ws://127.0.0.1:${relay.port}/sync/${BENCH_WORKSPACE}/${room}?token=${relay.token}`;
  }
  // Hocuspocus names the document inside every message; the path is not used.
  if (relay.kind === 'hocuspocus') return `ws://127.0.0.1:${relay.port}`;
  return `ws://127.0.0.1:${relay.port}/${room}`;
}

/** Connects one peer to `room` (letters, digits, `-`). */
export function connectPeer(relay: RelayProcess, room: string): BenchPeer {
  const doc = new Y.Doc();
  if (relay.kind === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${relay.port}`,
      WebSocketPolyfill: WebSocket,
    });
    let connected = false;
    socket.on('status', ({ status }: { status: string }) => {
      connected = status === 'connected';
    });
    let provider: HocuspocusProvider;
    const synced = new Promise<void>((resolve) => {
      provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: room,
        document: doc,
        onSynced: () => resolve(),
      });
      provider.attach();
    });
    return {
      doc,
      synced,
      isConnected: () => connected,
      destroy() {
        provider.destroy();
        socket.destroy();
        doc.destroy();
      },
    };
  }
  const serverUrl =
    relay.kind === 'fulcrum'
      ? `ws://127.0.0.1:${relay.port}/sync/${BENCH_WORKSPACE}`
      : `ws://127.0.0.1:${relay.port}`;
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Node 20 has a global BroadcastChannel: peers of one process would otherwise talk to
    // each other without the relay.
    disableBc: true,
    params: relay.kind === 'fulcrum' ? { token: relay.personToken() ?? '' } : {},
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return {
    doc,
    synced,
    isConnected: () => provider.wsconnected,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Connects `count` peers to `room` in batches and waits until every one has synced. */
export async function connectPeers(
  relay: RelayProcess,
  rooms: readonly string[],
  perRoom: number,
  timeoutMs = 30_000,
  batch = 25,
): Promise<BenchPeer[][]> {
  const byRoom: BenchPeer[][] = rooms.map(() => []);
  const all: BenchPeer[] = [];
  const jobs: Array<() => BenchPeer> = [];
  for (let r = 0; r < rooms.length; r++) {
    for (let i = 0; i < perRoom; i++) {
      jobs.push(() => {
        const peer = connectPeer(relay, rooms[r]);
        byRoom[r].push(peer);
        return peer;
      });
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < jobs.length; i += batch) {
    const started = jobs.slice(i, i + batch).map((job) => job());
    all.push(...started);
    await withTimeout(
      Promise.all(started.map((peer) => peer.synced)),
      Math.max(1, deadline - Date.now()),
      `peers did not sync with ${relay.kind} in ${timeoutMs} ms`,
    ).catch((error: unknown) => {
      for (const peer of all) peer.destroy();
      throw error;
    });
  }
  return byRoom;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
