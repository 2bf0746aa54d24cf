import {
  appendAttributed,
  isHistoryStore,
  type HistoryEntry,
  type HistoryNote,
  type HistoryQuery,
  type HistoryStore,
  type PastState,
  type TrimResult,
} from '../storage/history.ts';
import type { Storage, StoredRoom } from '../storage/storage.ts';
import type { RelayMetrics } from './relay-metrics.ts';

/**
 * The relay's store with its appends counted and its appends and loads timed; every
 * call goes to `inner` unchanged (history to a store that keeps none: an empty history).
 * Closing it closes `inner`.
 */
export class MeasuredStorage implements HistoryStore {
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

  async appendWithHistory(room: string, update: Uint8Array, note: HistoryNote): Promise<number> {
    const started = performance.now();
    const seq = await appendAttributed(this.#inner, room, update, note);
    this.#metrics.appendSeconds.observe((performance.now() - started) / 1000);
    this.#metrics.counts.updatesStored++;
    return seq;
  }

  async history(room: string, query?: HistoryQuery): Promise<HistoryEntry[]> {
    return isHistoryStore(this.#inner) ? this.#inner.history(room, query) : [];
  }

  async stateAt(room: string, seq: number): Promise<PastState> {
    return isHistoryStore(this.#inner)
      ? this.#inner.stateAt(room, seq)
      : { ok: false, problem: 'unknown', keptSince: null };
  }

  async trimHistory(cutoff: string): Promise<TrimResult> {
    return isHistoryStore(this.#inner)
      ? this.#inner.trimHistory(cutoff)
      : { rooms: 0, entries: 0, failed: [] };
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
