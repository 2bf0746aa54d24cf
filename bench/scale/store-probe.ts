/**
 * PostgreSQL write latency during a load: a side connection appends a small Yjs update
 * (the size of one benchmark edit) to a room of its own every 50 ms, through
 * `PostgresStorage.append`, the very call the relay makes before it passes an edit on,
 * and times each append. The appends wait on the same server, disk and commit queue as
 * the relays' own.
 */
import * as Y from 'yjs';
import { PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { sleep } from '../relay/clients.ts';

const INTERVAL_MS = 50;

/** A side connection that times appends. */
export interface StoreProbe {
  /** Appends to `room` every 50 ms until `until` settles; resolves with each append's latency. */
  measure(room: string, until: Promise<unknown>): Promise<Float64Array>;
  close(): Promise<void>;
}

/** A real update of one plan cell, as the benchmark's peers write them. */
function cellUpdate(n: number): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (change: Uint8Array) => (update = change));
  doc.getMap('demand').set(`probe${n % 50}|2027-01`, n / 10);
  doc.destroy();
  return update;
}

/** Opens one connection to `databaseUrl` for the probe. */
export async function openStoreProbe(databaseUrl: string): Promise<StoreProbe> {
  const storage = await PostgresStorage.open(databaseUrl, { maxConnections: 1 });
  return {
    async measure(room, until) {
      let running = true;
      void until.finally(() => (running = false));
      const samples: number[] = [];
      for (let n = 0; running; n++) {
        const update = cellUpdate(n);
        const started = performance.now();
        await storage.append(room, update);
        samples.push(performance.now() - started);
        await sleep(INTERVAL_MS);
      }
      return Float64Array.from(samples);
    },
    close: () => storage.close(),
  };
}
