import { describe, expect, it } from 'vitest';
import {
  axisBreakText,
  nearDataBound,
  niceStep,
  tickStep,
} from '../../../../../client/src/components/charts/chart-options.ts';
import { createFormatters, tickDecimals } from '../../../../../client/src/lib/format.ts';

const format = createFormatters('EUR', 'en');

describe('rounded axis ticks', () => {
  it('writes money ticks short, with the decimals their step needs', () => {
    expect(format.moneyTick(9_257_173, 1_000_000)).toBe('€9M');
    expect(format.moneyTick(9_300_000, 200_000)).toBe('€9.3M');
    expect(format.moneyTick(9_250_000, 50_000)).toBe('€9.25M');
    expect(format.moneyTick(9_300_000, 50_000)).toBe('€9.30M');
    expect(format.moneyTick(500_000, 100_000)).toBe('€500K');
    expect(format.moneyTick(1_250, 250)).toBe('€1.25K');
    expect(format.moneyTick(120, 20)).toBe('€120');
    expect(format.moneyTick(0, 50_000)).toBe('€0');
    expect(format.moneyTick(-1_200_000, 100_000)).toBe('−€1.2M');
  });

  it('never writes a tick as a long figure, whatever the value and step', () => {
    for (const value of [9_257_173, 123_456_789, 87_654, 4_321_987_654]) {
      for (const step of [1, 7, 1_000, 12_345, 50_000, 1_000_000]) {
        const text = format.moneyTick(value, step);
        expect(text).not.toMatch(/\d,\d{3}/);
        expect(text.replace(/\D/g, '').length).toBeLessThanOrEqual(6);
      }
    }
  });

  it('counts decimals in the unit the value is written in, at most three', () => {
    expect(tickDecimals(9_000_000, 100_000)).toBe(1);
    expect(tickDecimals(9_000_000, 0.1 * 1_000_000)).toBe(1);
    expect(tickDecimals(9_000_000, 10_000)).toBe(2);
    expect(tickDecimals(9_000_000, 1)).toBe(3);
    // A zoomed bridge: ticks €5K apart around €8.6M read €8.630M, €8.635M, never alike.
    expect(tickDecimals(8_630_000, 5_000)).toBe(3);
    expect(tickDecimals(900, 0.5)).toBe(1);
    expect(tickDecimals(900, 0)).toBe(0);
  });

  it('reads the step from the ticks, the smallest gap when the first is off the grid', () => {
    expect(tickStep([{ value: 9_257_173 }, { value: 9_300_000 }, { value: 9_350_000 }])).toBe(
      42_827,
    );
    expect(tickStep([{ value: 0 }, { value: 2 }, { value: 4 }])).toBe(2);
    expect(tickStep([{ value: 5 }])).toBe(0);
  });

  it('rounds steps to 1, 2 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.5, 3, 7, 180_000, 0].map(niceStep)).toEqual([1, 1, 2, 5, 10, 200_000, 1]);
  });
});

describe('an axis that starts near the data', () => {
  it('starts near plans a few percent apart, at a round value below the lowest bar', () => {
    const values = [9_257_173, 9_410_000, 9_180_500];
    const bound = nearDataBound(values);
    expect(bound).not.toBeNull();
    const min = (bound as { min: number }).min;
    expect(min).toBeGreaterThan(8_000_000);
    expect(min).toBeLessThan(Math.min(...values));
    expect(min % 10_000).toBe(0);
    expect(axisBreakText(bound!, format.moneyCompact)).toBe(
      `The axis starts at ${format.moneyCompact(min)}, not at zero: the bars show the differences.`,
    );
  });

  it('ends near the data when every value is below zero', () => {
    const bound = nearDataBound([-1_200_000, -1_150_000, -1_230_000]);
    expect(bound && 'max' in bound && bound.max).toBeLessThan(-1_000_000);
    expect(axisBreakText(bound!, format.moneyCompact)).toMatch(/^The axis ends at −€1\.\dM/);
  });

  it('keeps zero on the axis when differences are plain, signs mix, or a value is zero', () => {
    expect(nearDataBound([1_000_000, 400_000])).toBeNull();
    expect(nearDataBound([-50_000, 120_000])).toBeNull();
    expect(nearDataBound([0, 10])).toBeNull();
    expect(nearDataBound([])).toBeNull();
  });

  it('starts below equal bars so they still show', () => {
    const bound = nearDataBound([5_000_000, 5_000_000]);
    expect(bound && 'min' in bound && bound.min).toBeLessThan(5_000_000);
    expect(bound && 'min' in bound && bound.min).toBeGreaterThan(4_000_000);
  });
});
