import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  colorFor,
  initials,
  PRESENCE_COLORS,
  presenceColors,
} from '../../../../client/src/lib/colors.ts';

describe('avatar initials', () => {
  it('leaves a function in brackets out of the name', () => {
    expect(initials('Fiona (Facilitator)')).toBe('FI');
    expect(initials('Frank (Finance)')).toBe('FR');
    expect(initials('Sam (Supply)')).toBe('SA');
    expect(initials('Ana Lopez (Sales) [away]')).toBe('AL');
  });

  it('takes the first letters of the first two words, or a word’s first two letters', () => {
    expect(initials('Ana Lopez')).toBe('AL');
    expect(initials('Ben van der Berg')).toBe('BV');
    expect(initials('  vera   viewer ')).toBe('VV');
    expect(initials('Ana')).toBe('AN');
    expect(initials('Ö')).toBe('Ö');
    expect(initials('Élodie Ørsted')).toBe('ÉØ');
    expect(initials('"Quin" O’Neil')).toBe('QO');
    expect(initials('ßa')).toBe('SS');
  });

  it('shows something for a name of brackets or of nothing', () => {
    expect(initials('(Facilitator)')).toBe('FA');
    expect(initials('')).toBe('?');
    expect(initials(' - ')).toBe('?');
  });

  it('gives Fiona and Frank different initials', () => {
    expect(initials('Fiona (Facilitator)')).not.toBe(initials('Frank (Finance)'));
  });

  it('is always one or two letters, never a bracket', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const text = initials(name);
        expect(Array.from(text).length).toBeGreaterThanOrEqual(1);
        expect(Array.from(text).length).toBeLessThanOrEqual(2);
        expect(text).not.toMatch(/[()[\]\s]/);
      }),
    );
  });
});

describe('presence colours', () => {
  it('gives each person of a workspace a colour of their own', () => {
    const names = ['Fiona (Facilitator)', 'Frank (Finance)', 'Ana Lopez', 'Ben Okafor', 'Vera'];
    const colors = presenceColors(names);
    expect(new Set(names.map((name) => colors.get(name))).size).toBe(names.length);
    for (const color of colors.values()) expect(PRESENCE_COLORS).toContain(color);
  });

  it('never repeats a colour while the palette lasts, whatever the names', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 12 }), { maxLength: PRESENCE_COLORS.length }),
        (names) => {
          const colors = presenceColors(names);
          expect(new Set(colors.values()).size).toBe(names.length);
        },
      ),
    );
  });

  it('gives the same colours in every browser, whatever order people arrive in', () => {
    const names = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay'];
    const first = presenceColors(names);
    const second = presenceColors([...names].reverse());
    expect([...second.entries()].sort()).toEqual([...first.entries()].sort());
  });

  it('keeps a person’s preferred colour when no one else has it', () => {
    expect(presenceColors(['Ana Lopez']).get('Ana Lopez')).toBe(colorFor('Ana Lopez'));
  });

  it('repeats colours only once every colour is taken', () => {
    const names = Array.from({ length: PRESENCE_COLORS.length + 3 }, (_, i) => `Person ${i}`);
    const colors = presenceColors(names);
    expect(new Set(colors.values()).size).toBe(PRESENCE_COLORS.length);
  });
});
