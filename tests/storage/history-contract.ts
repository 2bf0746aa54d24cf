import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MAX_SUMMARY_CHANGES,
  SERVER_NAME,
  type HistoryNote,
  type HistoryStore,
} from '../../server/storage/history.ts';

/** How a suite gets a store: `reopen` gives a new instance over the same data (if durable). */
export interface HistoryStoreFactory {
  open(): Promise<HistoryStore>;
  reopen?(store: HistoryStore): Promise<HistoryStore>;
}

const ANA: HistoryNote['author'] = { inviteId: 'inv-ana', name: 'Ana', role: 'editor', via: null };
const BEN: HistoryNote['author'] = {
  inviteId: 'inv-ben',
  name: 'Ben Ops',
  role: 'facilitator',
  via: null,
};

function note(
  author: HistoryNote['author'],
  root: string,
  key: string,
  extra: Partial<HistoryNote> = {},
): HistoryNote {
  return {
    author,
    connection: author.inviteId === null ? null : `c-${author.name}`,
    changes: [{ root, key, field: null, action: 'set' }],
    changeCount: 1,
    ...extra,
  };
}

/**
 * A document written step by step: each step's update, and the document's content right
 * after it, to compare rebuilt states with.
 */
class Writer {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];
  readonly states: string[] = [];

  constructor() {
    this.doc.on('update', (update: Uint8Array) => this.updates.push(update));
  }

  /** Runs one step and returns its update. */
  step(write: (doc: Y.Doc) => void): Uint8Array {
    const before = this.updates.length;
    this.doc.transact(() => write(this.doc));
    expect(this.updates.length).toBe(before + 1);
    this.states.push(contentOf(this.doc));
    return this.updates.at(-1)!;
  }
}

/** A document's content as sorted JSON, for comparing states. */
function contentOf(doc: Y.Doc): string {
  const content: Record<string, [string, unknown][]> = {};
  for (const name of ['demand', 'risks']) {
    content[name] = Object.entries(doc.getMap(name).toJSON()).sort(([a], [b]) => (a < b ? -1 : 1));
  }
  return JSON.stringify(content);
}

function contentOfUpdate(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return contentOf(doc);
}

/**
 * The history contract every server store keeps (see `HistoryStore` in
 * server/storage/history.ts): attribution, order, filters, compaction, rebuilding a past
 * state and trimming into a base.
 */
export function runHistoryContract(name: string, factory: HistoryStoreFactory): void {
  describe(`${name} keeps the history contract`, () => {
    async function withStore(
      test: (store: HistoryStore) => Promise<HistoryStore | void>,
    ): Promise<void> {
      const store = await factory.open();
      let current = store;
      try {
        current = (await test(store)) ?? store;
      } finally {
        await current.close();
      }
    }

    it('keeps who stored each update, when, through which connection, its size and summary', () =>
      withStore(async (store) => {
        const writer = new Writer();
        const first = writer.step((doc) => doc.getMap('demand').set('F1|2027-06', 700));
        const second = writer.step((doc) => doc.getMap('risks').set('r-1', 'late supplier'));
        const many = Array.from({ length: 60 }, (_, n) => ({
          root: 'demand',
          key: `F${n}|2027-06`,
          field: null,
          action: 'set' as const,
        }));
        expect(
          await store.appendWithHistory(
            'acme/2026-12',
            first,
            note(ANA, 'demand', 'F1|2027-06', { at: '2026-12-01T09:00:00.000Z' }),
          ),
        ).toBe(1);
        expect(
          await store.appendWithHistory('acme/2026-12', second, {
            ...note(BEN, 'risks', 'r-1', { at: '2026-12-01T09:05:00.000Z' }),
            changes: many,
            changeCount: 60,
          }),
        ).toBe(2);
        // A plain append is the server's, with nothing known of what it touched.
        const third = writer.step((doc) => doc.getMap('demand').delete('F1|2027-06'));
        expect(await store.append('acme/2026-12', third)).toBe(3);

        const entries = await store.history('acme/2026-12');
        expect(entries.map((entry) => entry.seq)).toEqual([3, 2, 1]);
        expect(entries[2]).toEqual({
          seq: 1,
          at: '2026-12-01T09:00:00.000Z',
          author: ANA,
          connection: 'c-Ana',
          bytes: first.length,
          changes: [{ root: 'demand', key: 'F1|2027-06', field: null, action: 'set' }],
          changeCount: 1,
        });
        expect(entries[1].author).toEqual(BEN);
        expect(entries[1].changes).toHaveLength(MAX_SUMMARY_CHANGES);
        expect(entries[1].changes[0]).toEqual(many[0]);
        expect(entries[1].changeCount).toBe(60);
        expect(entries[0]).toMatchObject({
          seq: 3,
          author: { inviteId: null, name: SERVER_NAME, role: null, via: 'store' },
          connection: null,
          bytes: third.length,
        });
        // Server time, as ISO text.
        expect(new Date(entries[0].at).toISOString()).toBe(entries[0].at);
        // The log is the ordinary one: the room loads as before.
        expect((await store.load('acme/2026-12')).lastSeq).toBe(3);
        expect(await store.history('acme/never')).toEqual([]);
      }));

    it('lists newest first, pages backwards and filters by person, collection and time', () =>
      withStore(async (store) => {
        const writer = new Writer();
        const plan = [
          [ANA, 'demand', '2026-12-01T09:00:00.000Z'],
          [BEN, 'risks', '2026-12-02T09:00:00.000Z'],
          [ANA, 'risks', '2026-12-03T09:00:00.000Z'],
          [BEN, 'demand', '2026-12-04T09:00:00.000Z'],
          [ANA, 'demand', '2026-12-05T09:00:00.000Z'],
        ] as const;
        for (const [index, [author, root, at]] of plan.entries()) {
          const update = writer.step((doc) => doc.getMap(root).set(`k${index}`, index));
          await store.appendWithHistory(
            'acme/2026-12',
            update,
            note(author, root, `k${index}`, { at }),
          );
        }
        await store.appendWithHistory(
          'acme/2027-01',
          new Writer().step((doc) => doc.getMap('demand').set('other', 1)),
          note(ANA, 'demand', 'other'),
        );
        const seqs = async (query: Parameters<HistoryStore['history']>[1]) =>
          (await store.history('acme/2026-12', query)).map((entry) => entry.seq);

        expect(await seqs({})).toEqual([5, 4, 3, 2, 1]);
        expect(await seqs({ limit: 2 })).toEqual([5, 4]);
        expect(await seqs({ limit: 2, before: 4 })).toEqual([3, 2]);
        expect(await seqs({ before: 2 })).toEqual([1]);
        expect(await seqs({ who: 'ana' })).toEqual([5, 3, 1]);
        expect(await seqs({ who: 'Ben Ops' })).toEqual([4, 2]);
        expect(await seqs({ who: 'Nobody' })).toEqual([]);
        expect(await seqs({ root: 'risks' })).toEqual([3, 2]);
        expect(await seqs({ since: '2026-12-03T09:00:00.000Z' })).toEqual([5, 4, 3]);
        expect(await seqs({ until: '2026-12-03T09:00:00.000Z' })).toEqual([2, 1]);
        expect(
          await seqs({
            who: 'Ana',
            root: 'demand',
            since: '2026-12-01T10:00:00.000Z',
            until: '2026-12-31T00:00:00.000Z',
          }),
        ).toEqual([5]);
      }));

    it('rebuilds the state right after any stored update, and survives compacting the log', () =>
      withStore(async (store) => {
        const writer = new Writer();
        const room = 'acme/2026-12';
        const steps: ((doc: Y.Doc) => void)[] = [
          (doc) => doc.getMap('demand').set('F1|2027-06', 700),
          (doc) => doc.getMap('demand').set('F2|2027-06', 80),
          (doc) => doc.getMap('risks').set('r-1', 'late supplier'),
          (doc) => doc.getMap('demand').set('F1|2027-06', 650),
          (doc) => {
            doc.getMap('demand').clear();
            doc.getMap('risks').clear();
          },
        ];
        for (const step of steps) {
          await store.appendWithHistory(room, writer.step(step), note(ANA, 'demand', 'x'));
        }
        // The room's log is compacted: history keeps every entry and every point.
        await store.compact(room, Y.encodeStateAsUpdate(writer.doc), 5);
        expect((await store.load(room)).updates).toHaveLength(1);
        expect((await store.history(room)).map((entry) => entry.seq)).toEqual([5, 4, 3, 2, 1]);
        for (let seq = 1; seq <= 5; seq++) {
          const state = await store.stateAt(room, seq);
          if (!state.ok) throw new Error(`state at ${seq}: ${state.problem}`);
          expect(contentOfUpdate(state.update)).toBe(writer.states[seq - 1]);
        }
        // The state before the wipe still holds what the wipe removed.
        const before = await store.stateAt(room, 4);
        expect(before.ok && contentOfUpdate(before.update)).toContain('late supplier');
        // Before the first change: the empty document.
        const empty = await store.stateAt(room, 0);
        expect(empty.ok && contentOfUpdate(empty.update)).toBe(contentOf(new Y.Doc()));
        expect(await store.stateAt(room, 6)).toEqual({
          ok: false,
          problem: 'unknown',
          keptSince: null,
        });
        expect(await store.stateAt('acme/never', 1)).toMatchObject({
          ok: false,
          problem: 'unknown',
        });
      }));

    it('trims entries older than the cutoff into a base: later points rebuild exactly', () =>
      withStore(async (store) => {
        const writer = new Writer();
        const room = 'acme/2026-12';
        const times = [
          '2026-01-01T00:00:00.000Z',
          '2026-01-02T00:00:00.000Z',
          '2026-01-03T00:00:00.000Z',
          '2026-06-01T00:00:00.000Z',
          '2026-06-02T00:00:00.000Z',
        ];
        for (const [index, at] of times.entries()) {
          const update = writer.step((doc) => {
            doc.getMap('demand').set(`F${index % 2}|2027-06`, index * 100);
            if (index === 1) doc.getMap('risks').set('r-1', 'late supplier');
            if (index === 3) doc.getMap('risks').delete('r-1');
          });
          await store.appendWithHistory(room, update, note(ANA, 'demand', `F${index % 2}`, { at }));
        }
        // Another room, all of it recent: untouched.
        await store.appendWithHistory(
          'acme/2027-01',
          new Writer().step((doc) => doc.getMap('demand').set('other', 1)),
          note(BEN, 'demand', 'other', { at: '2026-06-03T00:00:00.000Z' }),
        );

        const result = await store.trimHistory('2026-03-01T00:00:00.000Z');
        expect(result).toEqual({ rooms: 1, entries: 3, failed: [] });
        expect((await store.history(room)).map((entry) => entry.seq)).toEqual([5, 4]);
        expect((await store.history('acme/2027-01')).map((entry) => entry.seq)).toEqual([1]);
        // The base is the state at the window's start; every kept point rebuilds.
        for (const seq of [3, 4, 5]) {
          const state = await store.stateAt(room, seq);
          if (!state.ok) throw new Error(`state at ${seq}: ${state.problem}`);
          expect(contentOfUpdate(state.update)).toBe(writer.states[seq - 1]);
        }
        // Folded points are gone, and say since when.
        expect(await store.stateAt(room, 2)).toEqual({
          ok: false,
          problem: 'trimmed',
          keptSince: '2026-01-03T00:00:00.000Z',
        });
        // Trimming again with nothing older changes nothing; appends go on numbering.
        expect(await store.trimHistory('2026-03-01T00:00:00.000Z')).toEqual({
          rooms: 0,
          entries: 0,
          failed: [],
        });
        const sixth = writer.step((doc) => doc.getMap('demand').set('F9|2027-06', 9));
        expect(await store.appendWithHistory(room, sixth, note(BEN, 'demand', 'F9|2027-06'))).toBe(
          6,
        );
        const latest = await store.stateAt(room, 6);
        expect(latest.ok && contentOfUpdate(latest.update)).toBe(writer.states[5]);
        // A second trim folds onto the first base.
        expect(await store.trimHistory('2026-07-01T00:00:00.000Z')).toEqual({
          rooms: 2,
          entries: 3,
          failed: [],
        });
        const after = await store.stateAt(room, 6);
        expect(after.ok && contentOfUpdate(after.update)).toBe(writer.states[5]);
        expect(await store.stateAt(room, 4)).toMatchObject({ ok: false, problem: 'trimmed' });
      }));

    it('skips a room whose stored bytes are not Yjs when trimming, and trims the others', () =>
      withStore(async (store) => {
        await store.appendWithHistory(
          'acme/broken',
          Uint8Array.of(9, 9, 9),
          note(ANA, 'demand', 'x', { at: '2026-01-01T00:00:00.000Z' }),
        );
        const writer = new Writer();
        await store.appendWithHistory(
          'acme/2026-12',
          writer.step((doc) => doc.getMap('demand').set('F1|2027-06', 1)),
          note(ANA, 'demand', 'F1|2027-06', { at: '2026-01-01T00:00:00.000Z' }),
        );
        const result = await store.trimHistory('2026-03-01T00:00:00.000Z');
        expect(result).toEqual({ rooms: 1, entries: 1, failed: ['acme/broken'] });
        expect(await store.history('acme/broken')).toHaveLength(1);
        expect(await store.history('acme/2026-12')).toEqual([]);
        const state = await store.stateAt('acme/2026-12', 1);
        expect(state.ok && contentOfUpdate(state.update)).toBe(writer.states[0]);
      }));

    it('starts again from a restore: the state after it is the restored state alone', () =>
      withStore(async (store) => {
        const room = 'acme/2026-12';
        const writer = new Writer();
        await store.appendWithHistory(
          room,
          writer.step((doc) => doc.getMap('demand').set('F1|2027-06', 700)),
          note(ANA, 'demand', 'F1|2027-06'),
        );
        // A backup taken elsewhere: other content, written over the room by a restore.
        const backup = new Writer();
        backup.step((doc) => doc.getMap('risks').set('r-1', 'from the backup'));
        await store.appendWithHistory(room, Y.encodeStateAsUpdate(backup.doc), {
          author: { inviteId: null, name: SERVER_NAME, role: null, via: 'restore' },
          connection: null,
          changes: [],
          changeCount: 0,
        });
        const after = backup.step((doc) => doc.getMap('demand').set('F2|2027-06', 5));
        await store.appendWithHistory(room, after, note(BEN, 'demand', 'F2|2027-06'));

        const before = await store.stateAt(room, 1);
        expect(before.ok && contentOfUpdate(before.update)).toBe(writer.states[0]);
        for (const [seq, index] of [
          [2, 0],
          [3, 1],
        ] as const) {
          const state = await store.stateAt(room, seq);
          expect(state.ok && contentOfUpdate(state.update)).toBe(backup.states[index]);
        }
        // Folding across the restore keeps the same states.
        expect((await store.trimHistory(new Date(Date.now() + 60_000).toISOString())).rooms).toBe(
          1,
        );
        const folded = await store.stateAt(room, 3);
        expect(folded.ok && contentOfUpdate(folded.update)).toBe(backup.states[1]);
      }));

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps history and its base across a reopen', () =>
        withStore(async (store) => {
          const writer = new Writer();
          const room = 'acme/2026-12';
          for (const [index, at] of [
            '2026-01-01T00:00:00.000Z',
            '2026-06-01T00:00:00.000Z',
          ].entries()) {
            const update = writer.step((doc) => doc.getMap('demand').set(`F${index}`, index));
            await store.appendWithHistory(room, update, note(ANA, 'demand', `F${index}`, { at }));
          }
          await store.trimHistory('2026-03-01T00:00:00.000Z');
          const reopened = await reopen(store);
          const entries = await reopened.history(room);
          expect(entries.map((entry) => [entry.seq, entry.author.name, entry.at])).toEqual([
            [2, 'Ana', '2026-06-01T00:00:00.000Z'],
          ]);
          const state = await reopened.stateAt(room, 2);
          expect(state.ok && contentOfUpdate(state.update)).toBe(writer.states[1]);
          return reopened;
        }));
    }
  });
}
