import { describe, expect, it } from 'vitest';
import {
  baselineSourceOf,
  createCycleDoc,
  importPlan,
  setCell,
  useBaseline,
} from '../../../../shared/doc/index.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const periods = months('2026-12', 3);
const AT = '2026-12-03T10:00:00.000Z';

function cycle() {
  const doc = createCycleDoc();
  importPlan(doc, makePlan({ periods, demand: { A: row(periods, [100, 100, 100]) } }));
  return doc;
}

describe('where a family-month’s baseline came from', () => {
  it('is the plan’s import until someone types or uses the statistical baseline', () => {
    const doc = cycle();
    expect(baselineSourceOf(doc, 'A', '2026-12')).toEqual({ kind: 'imported' });
    expect(baselineSourceOf(doc, 'B', '2026-12')).toEqual({ kind: 'none' });
    setCell(doc, 'demand', 'A', '2027-01', 120);
    expect(baselineSourceOf(doc, 'A', '2027-01')).toEqual({ kind: 'typed' });
  });

  it('is the statistical baseline with its method, until a month is typed again', () => {
    const doc = cycle();
    setCell(doc, 'demand', 'A', '2027-01', 120);
    useBaseline(
      doc,
      [
        {
          family: 'A',
          method: 'median of ETS, Theta, seasonal naive',
          forecast: periods.map((month) => ({ month, value: 90 })),
        },
      ],
      'Fran Facilitator',
      AT,
    );
    const statistical = {
      kind: 'statistical',
      method: 'median of ETS, Theta, seasonal naive',
      by: 'Fran Facilitator',
      at: AT,
    };
    expect(baselineSourceOf(doc, 'A', '2026-12')).toEqual(statistical);
    expect(baselineSourceOf(doc, 'A', '2027-01')).toEqual(statistical);
    setCell(doc, 'demand', 'A', '2027-02', 95);
    expect(baselineSourceOf(doc, 'A', '2027-02')).toEqual({ kind: 'typed' });
  });
});
