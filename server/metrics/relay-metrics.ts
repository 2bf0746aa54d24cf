import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { REFUSAL_REASONS, RelayCounts } from './relay-counts.ts';

/** What the gauges read when `/metrics` is scraped. */
export interface RelayGaugeSource {
  /** Open websocket connections. */
  readonly connectionCount: number;
  /** Rooms loaded in memory. */
  readonly roomCount: number;
}

/** Bucket bounds of the storage latency histograms, in seconds (0.5 ms to 5 s). */
const STORAGE_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/**
 * The relay's Prometheus metrics in a registry of their own (several servers can run in
 * one process, so the global default registry is never used). Counters are read from
 * {@link RelayCounts} at scrape time; the latency histograms are observed by the store
 * wrapper (see measured-storage.ts). prom-client's default process metrics (memory, CPU,
 * event loop lag, ...) follow under their usual names. No label names a room or a person.
 */
export class RelayMetrics {
  readonly registry = new Registry();
  readonly counts = new RelayCounts();
  /** `fulcrum_storage_append_duration_seconds`. */
  readonly appendSeconds: Histogram;
  /** `fulcrum_storage_load_duration_seconds`. */
  readonly loadSeconds: Histogram;
  #source: RelayGaugeSource | null = null;

  constructor() {
    const registers = [this.registry];
    const counts = this.counts;
    const source = () => this.#source;
    new Gauge({
      name: 'fulcrum_connections',
      help: 'Open websocket connections.',
      registers,
      collect() {
        this.set(source()?.connectionCount ?? 0);
      },
    });
    new Gauge({
      name: 'fulcrum_rooms_loaded',
      help: 'Rooms loaded in memory.',
      registers,
      collect() {
        this.set(source()?.roomCount ?? 0);
      },
    });
    counter(
      registers,
      'fulcrum_document_updates_stored_total',
      'Document updates appended to the store.',
      () => counts.updatesStored,
    );
    counter(
      registers,
      'fulcrum_websocket_received_bytes_total',
      'Bytes of websocket frames received from clients.',
      () => counts.bytesReceived,
    );
    counter(
      registers,
      'fulcrum_websocket_sent_bytes_total',
      'Bytes of websocket frames sent to clients.',
      () => counts.bytesSent,
    );
    new Counter({
      name: 'fulcrum_refusals_total',
      help: 'Connections and frames the relay refused, by reason.',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const reason of REFUSAL_REASONS) this.inc({ reason }, counts.refusals(reason));
      },
    });
    counter(
      registers,
      'fulcrum_fanout_published_total',
      'Fan-out messages handed to Redis (REDIS_URL only).',
      () => counts.fanoutPublished,
    );
    counter(
      registers,
      'fulcrum_fanout_received_total',
      'Fan-out messages received from the other relay processes.',
      () => counts.fanoutReceived,
    );
    counter(
      registers,
      'fulcrum_fanout_failed_total',
      'Fan-out messages Redis did not take; the rooms catch up from the store.',
      () => counts.fanoutFailed,
    );
    this.appendSeconds = new Histogram({
      name: 'fulcrum_storage_append_duration_seconds',
      help: 'Time to append one document update durably to the store.',
      buckets: STORAGE_BUCKETS,
      registers,
    });
    this.loadSeconds = new Histogram({
      name: 'fulcrum_storage_load_duration_seconds',
      help: "Time to read a room's snapshot and updates from the store.",
      buckets: STORAGE_BUCKETS,
      registers,
    });
  }

  /** Where the gauges read connections and rooms (the relay, once it exists). */
  observe(source: RelayGaugeSource): void {
    this.#source = source;
  }

  /** This server's metrics and the process's, in Prometheus text format. */
  async text(): Promise<string> {
    const [own, shared] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own}\n${shared}`;
  }

  /** The content type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}

let processRegistry: Registry | null = null;

/**
 * prom-client's default metrics (RSS, heap, CPU, event loop lag, GC, handles) describe the
 * process, not one server: collected once per process, in a registry of their own, and
 * shown by every server's `/metrics`.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A counter whose value is read from `value` on each scrape. */
function counter(registers: Registry[], name: string, help: string, value: () => number): void {
  new Counter({
    name,
    help,
    registers,
    collect() {
      this.reset();
      this.inc(value());
    },
  });
}
