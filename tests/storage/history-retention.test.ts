import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../server/log.ts';
import {
  DEFAULT_RETENTION_DAYS,
  HistoryTrimmer,
  retentionCutoff,
  retentionDaysFrom,
  retentionWords,
} from '../../server/storage/history-retention.ts';
import { serverAuthor } from '../../server/storage/history.ts';
import { MemoryStorage } from '../../server/storage/memory-storage.ts';

describe('the retention window', () => {
  it('reads HISTORY_RETENTION_DAYS: 180 when unset, 0 for forever, a sentence for anything else', () => {
    expect(retentionDaysFrom({})).toBe(DEFAULT_RETENTION_DAYS);
    expect(DEFAULT_RETENTION_DAYS).toBe(180);
    expect(retentionDaysFrom({ HISTORY_RETENTION_DAYS: ' 30 ' })).toBe(30);
    expect(retentionDaysFrom({ HISTORY_RETENTION_DAYS: '0' })).toBe(0);
    for (const bad of ['-1', '1.5', 'a year']) {
      expect(() => retentionDaysFrom({ HISTORY_RETENTION_DAYS: bad })).toThrow(
        `HISTORY_RETENTION_DAYS must be a whole number of days (0 keeps history forever), got "${bad}"`,
      );
    }
    expect(retentionWords(180)).toBe('180 days');
    expect(retentionWords(1)).toBe('1 day');
    expect(retentionWords(0)).toBe('forever');
    expect(retentionCutoff(0)).toBeNull();
    expect(retentionCutoff(2, Date.parse('2026-12-05T00:00:00.000Z'))).toBe(
      '2026-12-03T00:00:00.000Z',
    );
  });

  it('trims at start what is older than the window, and nothing when history is kept forever', async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getMap('demand').set('F1', 1);
    doc.getMap('demand').set('F1', 2);
    const fill = async (store: MemoryStorage) => {
      const old = new Date(Date.now() - 200 * 24 * 3600 * 1000).toISOString();
      const note = {
        author: serverAuthor('import'),
        connection: null,
        changes: [],
        changeCount: 0,
      };
      await store.appendWithHistory('acme/2026-12', updates[0], { ...note, at: old });
      await store.appendWithHistory('acme/2026-12', updates[1], note);
    };
    const logger = createLogger('silent');

    const forever = new MemoryStorage();
    await fill(forever);
    const keepAll = new HistoryTrimmer(forever, 0, logger);
    keepAll.start();
    await keepAll.trim();
    await keepAll.stop();
    expect((await forever.history('acme/2026-12')).map((entry) => entry.seq)).toEqual([2, 1]);

    const store = new MemoryStorage();
    await fill(store);
    const trimmer = new HistoryTrimmer(store, 180, logger);
    trimmer.start();
    await trimmer.stop();
    expect((await store.history('acme/2026-12')).map((entry) => entry.seq)).toEqual([2]);
    const state = await store.stateAt('acme/2026-12', 2);
    const rebuilt = new Y.Doc();
    if (state.ok) Y.applyUpdate(rebuilt, state.update);
    expect(rebuilt.getMap('demand').get('F1')).toBe(2);
  });
});
