import { describe, expect, it } from 'vitest';
import { pastDueCheck } from '../../../../../client/src/components/work/past-due.ts';

describe('a due date in the past asks for confirmation', () => {
  const today = '2026-12-05';

  it('asks once for a past date set or changed, naming the date and the button', () => {
    const past = pastDueCheck('2026-01-15', true, today, null);
    expect(past?.due).toBe('2026-01-15');
    expect(past?.message('Create action')).toMatch(
      /^Jan 15, 2026 is in the past\. Press Create action again to keep it, or choose a later date\.$/,
    );
    // Pressed again with the same date: saved.
    expect(pastDueCheck('2026-01-15', true, today, '2026-01-15')).toBeNull();
    // Another past date asks again.
    expect(pastDueCheck('2026-02-01', true, today, '2026-01-15')).not.toBeNull();
  });

  it('lets today, a later date, an unchanged date and no date through', () => {
    expect(pastDueCheck(today, true, today, null)).toBeNull();
    expect(pastDueCheck('2027-01-10', true, today, null)).toBeNull();
    expect(pastDueCheck('2026-01-15', false, today, null)).toBeNull();
    expect(pastDueCheck(undefined, true, today, null)).toBeNull();
  });
});
