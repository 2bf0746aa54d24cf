import { describe, expect, it } from 'vitest';
import { cellAccessibleName } from '../../../../client/src/lib/cell-name.ts';

const LABEL = 'Projected inventory, Cordless drills, 2027-03';

describe('cellAccessibleName', () => {
  it('says which cell it is, then what it shows', () => {
    expect(
      cellAccessibleName('Demand, Cordless drills, 2027-03', { text: '1,240', value: 1240 }),
    ).toBe('Demand, Cordless drills, 2027-03: 1,240');
  });

  it('says the status a tone colours the cell with', () => {
    expect(
      cellAccessibleName(LABEL, { text: '1,240', value: 1240, tone: 'belowSafetyStock' }),
    ).toBe(`${LABEL}: 1,240, below safety stock`);
    expect(cellAccessibleName(LABEL, { text: '−300', value: -300, tone: 'shortage' })).toBe(
      `${LABEL}: −300, shortage`,
    );
    expect(
      cellAccessibleName('Load, Line 1, 2027-03', { text: '1,900', value: 1900, tone: 'overload' }),
    ).toBe('Load, Line 1, 2027-03: 1,900, overload');
  });

  it('gives a status chip its full words', () => {
    expect(
      cellAccessibleName('Status, Cordless drills, 2027-03', {
        text: 'Low',
        value: null,
        tone: 'belowSafetyStock',
        chip: true,
        title: 'Below safety stock',
      }),
    ).toBe('Status, Cordless drills, 2027-03: Low, below safety stock');
  });

  it('does not repeat a status the text already says', () => {
    expect(
      cellAccessibleName('Utilization, Line 1, 2027-03', {
        text: '94% tight',
        value: 0.94,
        tone: 'tight',
      }),
    ).toBe('Utilization, Line 1, 2027-03: 94% tight');
    expect(
      cellAccessibleName('Status, F1, 2027-03', {
        text: 'OK',
        value: null,
        tone: 'ok',
        chip: true,
        title: 'OK',
      }),
    ).toBe('Status, F1, 2027-03: OK');
  });

  it('says why a cell shows a dash', () => {
    expect(
      cellAccessibleName('Budget, F1, 2027-03', {
        text: '—',
        value: null,
        title: 'No budget this month',
      }),
    ).toBe('Budget, F1, 2027-03: No budget this month');
  });
});
