import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { Fanout, FanoutListener } from './fanout.ts';

/** Where a fan-out counts its messages (for `/metrics`); plain numbers, bumped in place. */
export interface FanoutCounts {
  fanoutPublished: number;
  fanoutReceived: number;
  fanoutFailed: number;
}

/**
 * Fan-out through Redis pub/sub: one channel per room (`fulcrum:room:<name>`), joined only
 * while this process holds the room. Pub/sub, not streams, because the durable log is the
 * store (PostgreSQL): a message is only a fast path, so Redis keeps nothing and a process
 * that missed messages reads the store instead of replaying a stream.
 *
 * Messages are binary: a kind byte, the sending process's 8-byte id (its own messages come
 * back and are skipped), then for an update its sequence number and bytes, for awareness
 * the encoded awareness update. A third kind asks the room's holders to catch up from the
 * store: a process sends it for every room whose update it could not publish, once Redis
 * is back. A subscriber that lost its connection resubscribes and catches every room up.
 */
export class RedisFanout implements Fanout {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #logger: Logger;
  readonly #id = randomBytes(8);
  readonly #listeners = new Map<string, Set<FanoutListener>>();
  /** Rooms with an update or awareness change that did not reach Redis. */
  readonly #unsent = new Set<string>();
  readonly #counts: FanoutCounts;
  #subInterrupted = false;
  #closed = false;

  private constructor(url: string, logger: Logger, counts: FanoutCounts) {
    this.#logger = logger;
    this.#counts = counts;
    const options = {
      // Publishing while Redis is away fails at once: the store has the update, and the
      // other processes catch up when Redis is back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      autoResubscribe: false,
      retryStrategy: (times: number) => Math.min(100 * times, 2000),
      lazyConnect: true,
    };
    this.#pub = new Redis(url, options);
    this.#sub = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const [name, client] of [
      ['publisher', this.#pub],
      ['subscriber', this.#sub],
    ] as const) {
      client.on('error', (error: Error) => {
        if (!this.#closed)
          logger.warn('fanout.redis-error', { client: name, error: error.message });
      });
    }
    this.#sub.on('close', () => {
      if (!this.#closed) this.#subInterrupted = true;
    });
    this.#sub.on('ready', () => void this.#subReady());
    this.#pub.on('ready', () => void this.#pubReady());
    this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.#receive(channel.toString(), message),
    );
  }

  /** Connects to Redis at `url`; throws with the address (never the password) when it cannot. */
  static async open(
    url: string,
    logger: Logger,
    counts: FanoutCounts = { fanoutPublished: 0, fanoutReceived: 0, fanoutFailed: 0 },
  ): Promise<RedisFanout> {
    const fanout = new RedisFanout(url, logger, counts);
    try {
      await Promise.all([fanout.#pub.connect(), fanout.#sub.connect()]);
    } catch (error) {
      await fanout.close();
      throw new Error(
        `could not connect to Redis at ${redisAddress(url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return fanout;
  }

  async subscribe(room: string, listener: FanoutListener): Promise<void> {
    let listeners = this.#listeners.get(room);
    if (!listeners) this.#listeners.set(room, (listeners = new Set()));
    listeners.add(listener);
    if (listeners.size > 1) return;
    try {
      // Bounded: while Redis is away the room loads from the store and catches up later.
      await withTimeout(this.#sub.subscribe(channelOf(room)), 2000);
    } catch (error) {
      this.#subInterrupted = true;
      this.#logger.warn('fanout.subscribe-failed', { room, error: (error as Error).message });
    }
  }

  unsubscribe(room: string, listener: FanoutListener): void {
    const listeners = this.#listeners.get(room);
    if (!listeners?.delete(listener) || listeners.size > 0) return;
    this.#listeners.delete(room);
    this.#sub.unsubscribe(channelOf(room)).catch(() => {});
  }

  publishUpdate(room: string, seq: number, update: Uint8Array): void {
    const number = Buffer.alloc(8);
    number.writeDoubleBE(seq);
    this.#publish(room, Buffer.concat([this.#header(KIND.update), number, update]));
  }

  publishAwareness(room: string, update: Uint8Array): void {
    this.#publish(room, Buffer.concat([this.#header(KIND.awareness), update]));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    this.#pub.disconnect();
    this.#sub.disconnect();
  }

  #header(kind: number): Buffer {
    const head = Buffer.alloc(9);
    head[0] = kind;
    this.#id.copy(head, 1);
    return head;
  }

  #publish(room: string, message: Buffer): void {
    if (this.#closed) return;
    this.#counts.fanoutPublished++;
    this.#pub.publish(channelOf(room), message).catch((error: unknown) => {
      if (this.#closed) return;
      this.#counts.fanoutFailed++;
      this.#unsent.add(room);
      this.#logger.warn('fanout.publish-failed', { room, error: (error as Error).message });
    });
  }

  #receive(channel: string, message: Buffer): void {
    if (!channel.startsWith(CHANNEL_PREFIX) || message.length < 9) return;
    if (message.subarray(1, 9).equals(this.#id)) return;
    const listeners = this.#listeners.get(channel.slice(CHANNEL_PREFIX.length));
    if (!listeners) return;
    this.#counts.fanoutReceived++;
    const kind = message[0];
    for (const listener of listeners) {
      if (kind === KIND.update && message.length >= 17) {
        listener.update(message.readDoubleBE(9), new Uint8Array(message.subarray(17)));
      } else if (kind === KIND.awareness) {
        listener.awareness(new Uint8Array(message.subarray(9)));
      } else if (kind === KIND.resync) {
        listener.resync();
      }
    }
  }

  /** The subscriber is back: join every held room again, and catch each one up. */
  async #subReady(): Promise<void> {
    if (!this.#subInterrupted || this.#closed) return;
    this.#subInterrupted = false;
    const rooms = [...this.#listeners.keys()];
    try {
      if (rooms.length > 0) await this.#sub.subscribe(...rooms.map(channelOf));
    } catch (error) {
      this.#subInterrupted = true;
      this.#logger.warn('fanout.resubscribe-failed', { error: (error as Error).message });
      return;
    }
    this.#logger.info('fanout.resumed', { rooms: rooms.length });
    for (const room of rooms)
      for (const listener of this.#listeners.get(room) ?? []) listener.resync();
  }

  /** The publisher is back: ask the holders of rooms whose messages were lost to catch up. */
  async #pubReady(): Promise<void> {
    const rooms = [...this.#unsent];
    this.#unsent.clear();
    for (const room of rooms) this.#publish(room, this.#header(KIND.resync));
  }
}

const CHANNEL_PREFIX = 'fulcrum:room:';
const KIND = { update: 1, awareness: 2, resync: 3 } as const;

function channelOf(room: string): string {
  return `${CHANNEL_PREFIX}${room}`;
}

/** `host:port` of a Redis URL, for messages (never the password). */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
