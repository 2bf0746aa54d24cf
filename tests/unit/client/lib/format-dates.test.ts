import { describe, expect, it } from 'vitest';
import {
  formatDay,
  formatMoment,
  formatTime,
  formatWhen,
} from '../../../../client/src/lib/format.ts';

/** 3 December 2026, 14:05 on this machine's clock, as an ISO time. */
const AFTERNOON = new Date(2026, 11, 3, 14, 5).toISOString();

describe('the page writes days and moments one way', () => {
  it('writes a day in the locale, the same day in every time zone', () => {
    expect(formatDay('2027-01-15', 'en-US')).toBe('Jan 15, 2027');
    expect(formatDay('2027-01-15', 'en-GB')).toBe('15 Jan 2027');
    expect(formatDay('soon', 'en-US')).toBe('soon');
  });

  it('writes a moment beside a name, with its year when kept, and its time alone', () => {
    expect(formatWhen(AFTERNOON, 'en-US')).toBe('Dec 3, 02:05 PM');
    expect(formatMoment(AFTERNOON, 'en-US')).toBe('Dec 3, 2026, 2:05 PM');
    expect(formatTime(AFTERNOON, 'en-GB')).toBe('14:05');
  });

  it('gives back what is not a time as it is', () => {
    for (const write of [formatWhen, formatMoment, formatTime]) {
      expect(write('not yet', 'en-US')).toBe('not yet');
    }
  });
});
