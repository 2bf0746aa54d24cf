import { describe, expect, it } from 'vitest';
import {
  addMonths,
  calendarDay,
  dayStart,
  daysBetween,
  dayText,
  isDay,
  isMonth,
  longDateText,
  monthOf,
  monthOrdinal,
  monthRange,
  monthsBetween,
  monthStart,
  monthText,
  timeText,
  utcDay,
} from '../../../shared/dates.ts';

describe('months', () => {
  it('knows a month YYYY-MM from anything else', () => {
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('0000-01')).toBe(true);
    for (const value of ['2026-13', '2026-00', '2026-1', '26-12', '2026-12-01', 202612, null]) {
      expect(isMonth(value)).toBe(false);
    }
  });

  it('counts months across years, both ways', () => {
    expect(monthOrdinal('2027-01') - monthOrdinal('2026-12')).toBe(1);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', 24)).toBe('2028-05');
    expect(addMonths('0001-03', -3)).toBe('0000-12');
    expect(monthsBetween('2026-11', '2027-02')).toBe(3);
    expect(monthsBetween('2027-02', '2026-11')).toBe(-3);
    expect(monthRange('2026-11', 3)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(monthRange('2026-11', 0)).toEqual([]);
  });

  it('writes a year and a month of it as YYYY-MM', () => {
    expect(monthOf(2027, 1)).toBe('2027-01');
    expect(monthOf(2026, 12)).toBe('2026-12');
    expect(monthOf(99, 3)).toBe('0099-03');
  });

  it('starts a month at midnight UTC on its first day', () => {
    expect(monthStart('2027-01').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(monthStart('2026-12').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('writes a month in English words, and anything else as given', () => {
    expect(monthText('2026-12')).toBe('December 2026');
    expect(monthText('2027-01')).toBe('January 2027');
    expect(monthText('2026-13')).toBe('2026-13');
    expect(monthText('')).toBe('');
  });
});

describe('days and times', () => {
  it('knows the shape of a day', () => {
    expect(isDay('2026-12-15')).toBe(true);
    expect(isDay('2026-12')).toBe(false);
    expect(isDay('15/12/2026')).toBe(false);
    expect(isDay(undefined)).toBe(false);
  });

  it('counts whole days across month ends and leap years, whatever the time zone', () => {
    expect(dayStart('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(Number.isNaN(dayStart('soon').getTime())).toBe(true);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2026-12-01')).toBe(-30);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it("reads a moment's day on this machine's calendar, not in UTC", () => {
    expect(calendarDay(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05');
    expect(calendarDay(new Date(2026, 11, 31, 0, 5))).toBe('2026-12-31');
  });

  it('reads the UTC day and time of an ISO time', () => {
    expect(utcDay('2026-12-03T23:30:00-02:00')).toBe('2026-12-04');
    expect(utcDay('not a time')).toBeNull();
    expect(timeText('2026-12-03T09:15:42Z')).toBe('09:15 UTC');
    expect(timeText('later')).toBe('later');
  });

  it('writes days in English words, and anything else as given', () => {
    expect(dayText('2026-12-15')).toBe('15 Dec 2026');
    expect(dayText('2027-01-05')).toBe('5 Jan 2027');
    expect(dayText('2026-13-01')).toBe('2026-13-01');
    expect(longDateText('2026-12-03T09:00:00Z')).toBe('Thursday 3 December 2026');
    expect(longDateText('tomorrow')).toBe('tomorrow');
  });
});
