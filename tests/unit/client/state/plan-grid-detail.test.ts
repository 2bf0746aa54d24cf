import { describe, expect, it } from 'vitest';
import {
  SheetController,
  type SheetAddress,
  type SheetModel,
} from '../../../../client/src/state/plan-grid.svelte.ts';

const CONSENSUS = 'Demand of A, Dec 2026 is the consensus of its streams.';

/**
 * One group, one demand row of two months: month 0 is plain (typing writes the
 * baseline), month 1 adjusted (its number is a consensus of streams).
 */
function sheet(options: { readOnly?: boolean } = {}) {
  const writes: { at: SheetAddress; value: number | null }[] = [];
  const model: SheetModel = {
    groups: () => ['A'],
    rowsPerGroup: () => 1,
    columns: () => 2,
    cell: (at) => ({
      measure: 'Demand',
      editable: !options.readOnly,
      value: at.col === 0 ? 100 : 115,
      detail: true,
      ...(at.col === 1 ? { opensDetail: CONSENSUS } : {}),
    }),
    write(at, value) {
      writes.push({ at, value });
      return null;
    },
    writeBlock: () => null,
    focus: () => undefined,
    undo: () => undefined,
    redo: () => undefined,
  };
  const controller = new SheetController(model);
  const opened: { at: SheetAddress; because: string | null }[] = [];
  controller.onDetail((at, because) => opened.push({ at, because }));
  return { controller, writes, opened };
}

describe('a demand cell’s breakdown from the grid', () => {
  it('opens with Alt+Enter on any demand cell, read-only or not', () => {
    const { controller, opened } = sheet({ readOnly: true });
    expect(controller.openDetail()).toBe(true);
    expect(opened).toEqual([{ at: { group: 'A', row: 0, col: 0 }, because: null }]);
  });

  it('types into a plain cell: the number written is the baseline', () => {
    const { controller, writes, opened } = sheet();
    expect(controller.startEdit('9')).toBe(true);
    controller.type('90');
    expect(controller.commit()).toBe(true);
    expect(writes).toEqual([{ at: expect.objectContaining({ group: 'A', col: 0 }), value: 90 }]);
    expect(opened).toEqual([]);
  });

  it('opens the breakdown instead of an editor on an adjusted cell, and says why', () => {
    const { controller, writes, opened } = sheet();
    controller.move(0, 1);
    expect(controller.startEdit('9')).toBe(true);
    expect(controller.edit).toBeNull();
    expect(controller.message).toBe(CONSENSUS);
    expect(opened).toEqual([{ at: { group: 'A', row: 0, col: 1 }, because: CONSENSUS }]);
    // Delete and a pasted value are refused with the same sentence; nothing is written.
    controller.dismissMessage();
    controller.clear();
    expect(controller.message).toBe(CONSENSUS);
    controller.paste('40');
    expect(controller.message).toBe(CONSENSUS);
    expect(writes).toEqual([]);
  });

  it('has nothing to open once the grid stops listening', () => {
    const { controller } = sheet();
    const stop = controller.onDetail(() => undefined);
    stop();
    expect(controller.openDetail()).toBe(false);
  });
});
