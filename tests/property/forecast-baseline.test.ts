import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastBaseline } from '../../shared/forecast/baseline.ts';

/** Histories of demand: 0 to 60 months of whole or fractional units, zeros common. */
const history = fc.array(
  fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 5000 }),
    fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  ),
  { maxLength: 60 },
);

describe('the statistical baseline', () => {
  it('is finite, never negative and the same every time for any history', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 24 }), (months, horizon) => {
        const first = forecastBaseline(months, 12, horizon);
        expect(forecastBaseline([...months], 12, horizon)).toEqual(first);
        expect(first.forecast).toHaveLength(horizon);
        for (const value of first.forecast) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
