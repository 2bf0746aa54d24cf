import { describe, expect, it } from 'vitest';
import {
  jsonPieces,
  ReceivedParts,
  sendInSlices,
  WRITE_SLICE_MS,
  type JsonPart,
} from '../../../../client/src/lib/json-slices.ts';

const value = {
  cycle: '2026-12',
  periods: ['2026-12', '2027-01'],
  families: [{ id: 'A', name: 'Family A' }, undefined, { id: 'B' }],
  history: { A: { '2026-10': { actual: 5 } }, B: undefined, C: { '2026-11': { actual: 7.5 } } },
  empty: {},
  none: null,
  skipped: undefined,
  count: 3,
  flag: true,
};

describe('a value written as JSON in pieces', () => {
  it('joins into what JSON.stringify writes, each entry and element a piece of its own', () => {
    const pieces = [...jsonPieces(value)];
    expect(JSON.parse(pieces.join(''))).toEqual(JSON.parse(JSON.stringify(value)));
    // Every family and every month of history is a piece: none holds two.
    expect(pieces.filter((piece) => piece.includes('"id"'))).toHaveLength(2);
    expect(pieces.filter((piece) => piece.includes('actual'))).toHaveLength(2);
    expect(JSON.parse([...jsonPieces({})].join(''))).toEqual({});
  });

  it('never writes a split field whole: the first piece costs no more than its own fields', () => {
    let wholeWrites = 0;
    const history = { A: { '2026-10': { actual: 5 } } };
    Object.defineProperty(history, 'toJSON', {
      enumerable: false,
      value: () => {
        wholeWrites++;
        return 'whole';
      },
    });
    const pieces = [...jsonPieces({ cycle: '2026-12', history })];
    expect(wholeWrites).toBe(0);
    expect(JSON.parse(pieces.join(''))).toEqual({ cycle: '2026-12', history: { A: history.A } });
  });

  it('is sent a slice of time per task, each slice one part, then done; a request given up stops', () => {
    let clock = 0;
    const tasks: (() => void)[] = [];
    const posted: JsonPart[] = [];
    let done = 0;
    let wanted = true;
    // A clock that moves half a slice per look: two pieces per task.
    const send = (id: number) =>
      sendInSlices(jsonPieces(value), {
        id,
        post: (part) => posted.push(part),
        wanted: () => wanted,
        later: (task) => tasks.push(task),
        now: () => (clock += WRITE_SLICE_MS / 2),
        done: () => done++,
      });
    send(3);
    expect(posted).toEqual([]);
    let ran = 0;
    while (tasks.length > 0) {
      tasks.shift()!();
      ran++;
    }
    const pieces = [...jsonPieces(value)];
    // Two pieces a task; a task that ends on the last piece leaves one more to say done.
    expect(ran).toBe(Math.floor(pieces.length / 2) + 1);
    expect(posted).toHaveLength(Math.ceil(pieces.length / 2));
    expect(posted.every((part) => part.id === 3 && part.type === 'part')).toBe(true);
    expect(posted.map((part) => part.text).join('')).toBe(pieces.join(''));
    expect(done).toBe(1);

    posted.length = 0;
    send(4);
    tasks.shift()!();
    tasks.shift()!();
    wanted = false;
    while (tasks.length > 0) tasks.shift()!();
    expect(posted).toHaveLength(2);
    expect(done).toBe(1);
  });

  it('is joined by the worker per request; taking one drops the parts of earlier ones', () => {
    const parts = new ReceivedParts();
    parts.add({ type: 'part', id: 1, text: '{"a":' });
    parts.add({ type: 'part', id: 2, text: '{"b":' });
    parts.add({ type: 'part', id: 2, text: '2}' });
    parts.add({ type: 'part', id: 3, text: '{}' });
    expect(JSON.parse(parts.take(2))).toEqual({ b: 2 });
    expect(parts.take(1)).toBe('');
    expect(parts.take(3)).toBe('{}');
    expect(parts.take(3)).toBe('');
  });
});
