import { describe, expect, it } from 'vitest';
import {
  attributeEntries,
  authorsFromHistory,
  type CatchUpEntry,
} from '../../../../shared/catchup/index.ts';

const entry = (kind: CatchUpEntry['kind'], id: string): CatchUpEntry => ({
  kind,
  change: 'changed',
  id,
  title: id,
  detail: '',
  link: { view: 'decisions', item: id },
});

describe('who made each change, and when', () => {
  const history = [
    {
      at: '2026-12-03T14:20:00.000Z',
      who: { name: 'Ana Ruiz' },
      changes: [{ root: 'decisions', key: 'd1' }],
    },
    {
      at: '2026-12-03T14:40:00.000Z',
      who: { name: 'Fran Facilitator' },
      changes: [
        { root: 'decisions', key: 'd1' },
        { root: 'demand', key: 'F3|2027-03' },
      ],
    },
    {
      at: '2026-12-03T14:10:00.000Z',
      who: { name: 'Sue Supply' },
      changes: [{ root: 'meta', key: null }],
    },
  ];

  it('takes the latest change of each record from the history, a cell counting for its family', () => {
    const authors = authorsFromHistory(history);
    expect(authors.get('decisions|d1')).toEqual({
      by: 'Fran Facilitator',
      at: '2026-12-03T14:40:00.000Z',
    });
    expect(authors.get('demand|F3')).toEqual({
      by: 'Fran Facilitator',
      at: '2026-12-03T14:40:00.000Z',
    });
    expect(authors.size).toBe(2);
  });

  it('puts who and when on each entry, the record itself winning when later', () => {
    const authors = authorsFromHistory(history);
    const facts = new Map([
      ['decision|d1', { by: 'Eve Executive', at: '2026-12-03T15:00:00.000Z' }],
      ['agenda|i2', { by: 'Fran Facilitator', at: '2026-12-03T14:25:00.000Z' }],
    ]);
    const entries = attributeEntries(
      [entry('decision', 'd1'), entry('plan', 'F3'), entry('agenda', 'i2'), entry('risk', 'r9')],
      authors,
      facts,
    );
    expect(entries.map((e) => [e.id, e.by, e.at])).toEqual([
      ['d1', 'Eve Executive', '2026-12-03T15:00:00.000Z'],
      ['F3', 'Fran Facilitator', '2026-12-03T14:40:00.000Z'],
      ['i2', 'Fran Facilitator', '2026-12-03T14:25:00.000Z'],
      ['r9', undefined, undefined],
    ]);
  });
});
