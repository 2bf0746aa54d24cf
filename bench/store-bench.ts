/**
 * What storing an update costs the relay's embedded store: `SqliteStorage` appending a
 * person's cell edit with its history row (one row: the update and who made it), each in
 * its own commit, in one room and spread over ten rooms (whose rows sit apart in the
 * file). Part of `npm run bench`; run alone with
 * `node --import tsx bench/store-bench.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { HistoryNote } from '../server/storage/history.ts';
import { databaseFile, SqliteStorage } from '../server/storage/sqlite-storage.ts';
import { table } from './report.ts';
import { runAlone } from './run-alone.ts';

/** Microseconds per append, median of the rounds, for one way of appending. */
export interface StoreCase {
  name: string;
  microsPerUpdate: number;
}

const NOTE: HistoryNote = {
  author: { inviteId: 'inv-1', name: 'Ana Ortiz', role: 'editor', via: null },
  connection: 'c-1',
  changes: [{ root: 'demand', key: 'F1|2027-06', field: null, action: 'set' }],
  changeCount: 1,
};

/** A real cell edit's update, as a person's page sends it. */
function cellEdit(): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getMap('demand').set('F1|2027-06', 120);
  return update!;
}

async function timeAppends(appends: number, groupSize: number, rounds: number): Promise<number> {
  const samples: number[] = [];
  const update = cellEdit();
  for (let round = 0; round < rounds; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'fulcrum-store-bench-'));
    const storage = new SqliteStorage(databaseFile(dir));
    try {
      const started = performance.now();
      for (let i = 0; i < appends / groupSize; i++) {
        await Promise.all(
          Array.from({ length: groupSize }, (_, room) =>
            storage.appendWithHistory(`bench/2099-${room}`, update, NOTE),
          ),
        );
      }
      samples.push(((performance.now() - started) * 1000) / appends);
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Times both ways of appending; `quick` appends fewer updates. */
export async function runStoreBench(
  quick: boolean,
): Promise<{ markdown: string; json: StoreCase[] }> {
  const appends = quick ? 2000 : 20_000;
  const rounds = quick ? 1 : 5;
  const cases: StoreCase[] = [
    { name: 'One room', microsPerUpdate: await timeAppends(appends, 1, rounds) },
    { name: 'Ten rooms, in turn', microsPerUpdate: await timeAppends(appends, 10, rounds) },
  ];
  const markdown = [
    `### Storing an update with its history row (SQLite, ${appends.toLocaleString('en-US')} cell edits, median of ${rounds})`,
    '',
    table(
      ['Appends', 'Per update'],
      cases.map((c) => [c.name, `${c.microsPerUpdate.toFixed(1)} µs`]),
    ),
  ].join('\n');
  return { markdown, json: cases };
}

runAlone(import.meta.url, 'store benchmark', runStoreBench);
