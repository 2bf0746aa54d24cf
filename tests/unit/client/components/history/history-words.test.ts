import { describe, expect, it } from 'vitest';
import {
  historyQuery,
  nameBook,
  peopleSeen,
  readHistoryAnswer,
} from '../../../../../client/src/components/history/history-api.ts';
import {
  changeWords,
  entryWords,
  historyTarget,
  parseHistoryTarget,
  restorableChanges,
  restoredWords,
  touchesArea,
  touchesTarget,
  whoWords,
  type HistoryChange,
  type HistoryEntry,
  type NameBook,
} from '../../../../../client/src/components/history/history-words.ts';
import { mayRestore, mayRestoreCycle } from '../../../../../client/src/state/history.svelte.ts';
import {
  addRisk,
  archiveRecord,
  createCycleDoc,
  DOCUMENT_ROOTS,
} from '../../../../../shared/doc/index.ts';
import { OPEN_RISK } from '../../../../helpers/work-records.ts';

const KNOWN: Readonly<Record<string, string>> = {
  'families:F1': 'Garden hoses',
  'resources:R1': 'Paint shop 1',
  'risks:r1': 'Resin shortage',
};
const NAMES: NameBook = {
  name: (collection, id) => KNOWN[`${collection}:${id}`],
  month: (month) => (month === '2027-06' ? 'Jun 2027' : month),
};

function entry(changes: HistoryChange[], extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    seq: 7,
    at: '2026-12-05T10:42:00.000Z',
    who: { name: 'Ed Editor', role: 'editor', inviteId: 'inv-1' },
    connection: 'c1',
    bytes: 40,
    changes,
    changeCount: changes.length,
    ...extra,
  };
}

const cell = (root: string, key: string, action: 'set' | 'delete' = 'set'): HistoryChange => ({
  root,
  key,
  field: null,
  action,
});

describe('what a history entry changed, in words', () => {
  it('names one cell, one record change, a row and a load by the live names', () => {
    expect(entryWords(entry([cell('demand', 'F1|2027-06')]), NAMES)).toBe(
      'Demand · Garden hoses · Jun 2027',
    );
    expect(
      entryWords(entry([{ root: 'risks', key: 'r1', field: 'archived', action: 'set' }]), NAMES),
    ).toBe("Risk 'Resin shortage' archived");
    expect(
      changeWords({ root: 'risks', key: 'r1', field: 'archived', action: 'delete' }, NAMES),
    ).toBe("Risk 'Resin shortage' brought back");
    expect(entryWords(entry([cell('risks', 'r9', 'delete')]), NAMES)).toBe('Risk r9 removed');
    expect(entryWords(entry([cell('supplyBase', 'F1')]), NAMES)).toBe('Supply row of Garden hoses');
    expect(entryWords(entry([cell('loads', 'F1|R1')]), NAMES)).toBe(
      'Load of Garden hoses on Paint shop 1 added',
    );
    expect(
      entryWords(
        entry([
          { root: 'risks', key: 'r1', field: 'title', action: 'set' },
          { root: 'risks', key: 'r1', field: 'impact', action: 'set' },
        ]),
        NAMES,
      ),
    ).toBe("Risk 'Resin shortage': title, impact changed");
  });

  it('names every root of a cycle in words, never by its name in the document', () => {
    for (const root of DOCUMENT_ROOTS.filter((r) => r.kind !== 'rows')) {
      const change: HistoryChange = { root: root.name, key: null, field: null, action: 'set' };
      expect(changeWords(change, NAMES), root.name).not.toMatch(new RegExp(`^${root.name}\\b`));
    }
    const onHand: HistoryChange = {
      root: 'actualsOnHand',
      key: 'F1|2026-11',
      field: null,
      action: 'set',
    };
    expect(changeWords(onHand, NAMES)).toBe('On hand · Garden hoses · 2026-11 set');
  });

  it('counts many changes of a root, those the server did not list included', () => {
    const cells = ['F1|2027-06', 'F2|2027-06', 'F3|2027-06'].map((key) => cell('supply', key));
    expect(entryWords(entry(cells), NAMES)).toBe('3 cells of Supply');
    expect(entryWords(entry(cells, { changeCount: 1204 }), NAMES)).toBe(
      '3 cells of Supply and more (1,204 changes in all)',
    );
    expect(
      entryWords(
        entry([...cells, cell('risks', 'r1', 'delete'), cell('meeting', 'currentItem')]),
        NAMES,
      ),
    ).toBe("3 cells of Supply; Risk 'Resin shortage' removed; and 1 more");
    expect(
      entryWords(entry([cell('risks', 'r1'), cell('risks', 'r2')], { changeCount: 60 }), NAMES),
    ).toBe('2 risks changed and more (60 changes in all)');
  });

  it('names people with their role and the server by what it did', () => {
    expect(entryWords(entry([], { changeCount: 0 }), NAMES)).toBe('What it wrote is not itemised');
    expect(whoWords({ name: 'Ed Editor', role: 'editor', inviteId: 'i' })).toBe(
      'Ed Editor · Editor',
    );
    expect(whoWords({ name: 'Fulcrum server', role: null, inviteId: null, via: 'import' })).toBe(
      'Fulcrum server · import',
    );
  });

  it('says what a restore brought back, and what it kept', () => {
    expect(restoredWords({ cells: 1204, records: 17, kept: [] }, '5 Dec, 10:42')).toBe(
      'Restored 1,204 cells and 17 records to 5 Dec, 10:42.',
    );
    expect(restoredWords({ cells: 1, records: 0, kept: ['Decision "X" stays.'] }, 'then')).toBe(
      'Restored 1 cell to then. Decision "X" stays.',
    );
    expect(restoredWords({ cells: 0, records: 0, kept: [] }, 'then')).toBe(
      'Nothing to restore: it already reads as it did on then.',
    );
  });
});

describe('narrowing and restoring from the history', () => {
  it('reads the route item of a cell or record, and filters entries by it and by area', () => {
    const target = parseHistoryTarget(historyTarget('demand', 'F1|2027-06'));
    expect(target).toEqual({ root: 'demand', key: 'F1|2027-06' });
    expect(parseHistoryTarget('nothing:here')).toBeNull();
    expect(parseHistoryTarget('risks:')).toBeNull();
    expect(parseHistoryTarget(null)).toBeNull();
    const edit = entry([cell('demand', 'F1|2027-06'), cell('risks', 'r1')]);
    expect(touchesTarget(edit, target!)).toBe(true);
    expect(touchesTarget(edit, { root: 'demand', key: 'F2|2027-06' })).toBe(false);
    expect(touchesArea(edit, 'plan')).toBe(true);
    expect(touchesArea(edit, 'decisions')).toBe(false);
  });

  it('offers each cell and record once, never a revision or a row', () => {
    const list = restorableChanges(
      entry([
        cell('demand', 'F1|2027-06'),
        { root: 'risks', key: 'r1', field: 'title', action: 'set' },
        { root: 'risks', key: 'r1', field: 'impact', action: 'set' },
        cell('revisions', 'rev-1'),
        cell('demandBase', 'F1'),
      ]),
    );
    expect(list.map(({ target }) => target)).toEqual([
      { kind: 'cell', grid: 'demand', id: 'F1', month: '2027-06' },
      { kind: 'record', collection: 'risks', id: 'r1' },
    ]);
  });

  it('lets only the facilitator restore the whole cycle, saying why to others', () => {
    const actor = (role: 'facilitator' | 'editor' | 'approver') => ({
      name: 'P',
      role,
      functions: [],
    });
    expect(mayRestoreCycle(actor('facilitator'))).toEqual({ ok: true });
    const refused = mayRestoreCycle(actor('editor'));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(
      /^Restoring the whole cycle writes every part of it\. Only the facilitator .*You joined as editor\.$/,
    );
    const cellTarget = { kind: 'cell', grid: 'demand', id: 'F1', month: '2027-06' } as const;
    expect(mayRestore(cellTarget)(actor('editor')).ok).toBe(true);
    expect(mayRestore(cellTarget)(actor('approver')).ok).toBe(false);
    const agenda = { kind: 'record', collection: 'agenda', id: 'agenda-1' } as const;
    expect(mayRestore(agenda)(actor('editor'))).toMatchObject({ ok: false });
    expect(mayRestore(agenda)(actor('facilitator')).ok).toBe(true);
    // Another person's comment is theirs: an editor restores only their own.
    const comment = { kind: 'record', collection: 'comments', id: 'comment-1' } as const;
    expect(mayRestore(comment, { author: 'P' })(actor('editor')).ok).toBe(true);
    expect(mayRestore(comment, { author: 'Ana' })(actor('editor'))).toEqual({
      ok: false,
      reason: 'You can only do this for yourself.',
    });
    expect(mayRestore(comment, { author: 'Ana' })(actor('facilitator')).ok).toBe(true);
  });

  it('asks the server for one page with the filters, and reads its answer', () => {
    const query = historyQuery(
      { who: 'Ed Editor', area: 'risks', since: '2026-12-01', until: '2026-12-05' },
      null,
      41,
    );
    expect(Object.fromEntries(query)).toEqual({
      who: 'Ed Editor',
      root: 'risks',
      since: '2026-12-01T00:00:00.000Z',
      until: '2026-12-05T23:59:59.999Z',
      limit: '50',
      before: '41',
    });
    // The plan is many roots: the page narrows it itself; a cell's history asks for its root.
    expect(
      historyQuery({ who: '', area: 'plan', since: '', until: '' }, null, null).has('root'),
    ).toBe(false);
    expect(
      historyQuery(
        { who: '', area: '', since: '', until: '' },
        { root: 'supply', key: 'F1|2027-06' },
        null,
      ).get('root'),
    ).toBe('supply');

    const answer = { cycle: '2026-12', entries: [entry([cell('demand', 'F1|2027-06')])] };
    expect(readHistoryAnswer(answer)).toEqual(answer.entries);
    expect(readHistoryAnswer({ entries: [{ seq: 'x' }] })).toBeNull();
    expect(readHistoryAnswer({ error: 'no' })).toBeNull();
    expect(peopleSeen(['Zoe'], answer.entries)).toEqual(['Ed Editor', 'Zoe']);
  });

  it('names records of the live cycle, archived ones too', () => {
    const doc = createCycleDoc();
    const id = addRisk(doc, OPEN_RISK);
    archiveRecord(doc, 'risks', id, { at: '2026-12-05T10:00:00.000Z' });
    const names = nameBook(doc, null, (month) => `month ${month}`);
    expect(names.name('risks', id)).toBe('Resin shortage');
    expect(names.name('families', 'F1')).toBeUndefined();
    expect(names.month('2027-06')).toBe('month 2027-06');
    expect(names.month('not a month')).toBe('not a month');
  });
});
