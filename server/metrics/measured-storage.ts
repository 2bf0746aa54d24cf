import type { Storage, StoredRoom } from '../storage/storage.ts';
import type { RelayMetrics } from './relay-metrics.ts';

/**
 * The relay's store with its appends counted and its appends and loads timed; every
 * call goes to `inner` unchanged. Closing it closes `inner`.
 */
export class MeasuredStorage implements Storage {
  readonly #inner: Storage;
  readonly #metrics: RelayMetrics;

  constructor(inner: Storage, metrics: RelayMetrics) {
    this.#inner = inner;
    this.#metrics = metrics;
  }

  async load(room: string): Promise<StoredRoom> {
    const started = performance.now();
    const stored = await this.#inner.load(room);
    this.#metrics.loadSeconds.observe((performance.now() - started) / 1000);
    return stored;
  }

  async append(room: string, update: Uint8Array): Promise<number> {
    const started = performance.now();
    const seq = await this.#inner.append(room, update);
    this.#metrics.appendSeconds.observe((performance.now() - started) / 1000);
    this.#metrics.counts.updatesStored++;
    return seq;
  }

  compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    return this.#inner.compact(room, snapshot, upToSeq);
  }

  rooms(prefix: string): Promise<string[]> {
    return this.#inner.rooms(prefix);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
