import { describe, expect, it } from 'vitest';
import {
  createCycleDoc,
  importPlan,
  readBaselineRun,
  useBaseline,
} from '../../../../shared/doc/index.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const periods = months('2026-12', 3);
const AT = '2026-12-03T10:00:00.000Z';

describe('readBaselineRun', () => {
  it('is null until a baseline is used, then says who used it, when and each method', () => {
    const doc = createCycleDoc();
    importPlan(doc, makePlan({ periods, demand: { A: row(periods, [1, 2, 3]) } }));
    expect(readBaselineRun(doc)).toBeNull();
    useBaseline(
      doc,
      [{ family: 'A', method: 'Theta', forecast: periods.map((month) => ({ month, value: 5 })) }],
      'Sue Supply',
      AT,
    );
    expect(readBaselineRun(doc)).toEqual({ at: AT, by: 'Sue Supply', methods: { A: 'Theta' } });
  });
});
