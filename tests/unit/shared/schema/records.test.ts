import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { daySchema } from '../../../../shared/schema/records.ts';

describe('daySchema', () => {
  it('takes a day written YYYY-MM-DD', () => {
    expect(v.parse(daySchema(), '2027-01-15')).toBe('2027-01-15');
    expect(v.parse(daySchema('pick a day.'), '2027-01-15')).toBe('2027-01-15');
  });

  it('says what is wrong in its own words, or in the default ones', () => {
    const said = (schema: ReturnType<typeof daySchema>, input: unknown) =>
      v.safeParse(schema, input).issues?.map((issue) => issue.message);
    expect(said(daySchema(), '15/01/2027')).toEqual(['must be a date YYYY-MM-DD']);
    expect(said(daySchema('pick the date it is due.'), '2027-01')).toEqual([
      'pick the date it is due.',
    ]);
    expect(said(daySchema('pick the date it is due.'), undefined)).toEqual([
      'pick the date it is due.',
    ]);
    expect(said(daySchema(), 20270115)?.[0]).toMatch(/^Invalid type/);
  });
});
