import { describe, expect, it } from 'vitest';
import { actionAge } from '../../../../../client/src/components/work/action-age.ts';

/** Noon on a day, local time, as the ISO time a page would record. */
const madeOn = (day: string) => new Date(`${day}T12:00:00`).toISOString();

describe("an action's age", () => {
  it('is "today" for an action created today, not the days since the first of the month', () => {
    expect(actionAge({ status: 'open', createdAt: madeOn('2026-12-05') }, '2026-12-05')).toEqual({
      known: true,
      days: 0,
      text: 'today',
    });
  });

  it('counts whole days from its creation', () => {
    expect(
      actionAge({ status: 'open', createdAt: madeOn('2026-11-28') }, '2026-12-05'),
    ).toMatchObject({ known: true, days: 7, text: '7 days' });
    expect(
      actionAge({ status: 'open', createdAt: madeOn('2026-12-04') }, '2026-12-05'),
    ).toMatchObject({ days: 1, text: '1 day' });
  });

  it('says "age unknown" for an action made before creation times were kept', () => {
    const age = actionAge({ status: 'open' }, '2026-12-05');
    expect(age).toMatchObject({ known: false, text: 'age unknown' });
    expect(actionAge({ status: 'open', createdAt: 'not a time' }, '2026-12-05')?.known).toBe(false);
  });

  it('shows no age for a done or dropped action', () => {
    expect(actionAge({ status: 'done', createdAt: madeOn('2026-12-01') }, '2026-12-05')).toBeNull();
  });
});
