import { describe, expect, it } from 'vitest';
import { matchGapWork } from '../../../../shared/engine/gap-episodes.ts';
import type { Gap } from '../../../../shared/engine/types.ts';

function gap(kind: Gap['kind'], subject: string, period: string, last: string): Gap {
  return {
    id: `${kind}:${subject}:${period}`,
    kind,
    subject,
    period,
    last,
    peak: period,
    amount: 1,
    value: 1,
  };
}

describe('work on a gap follows its episode', () => {
  const gaps = [
    gap('shortage', 'A', '2027-02', '2027-05'),
    gap('shortage', 'B', '2027-01', '2027-01'),
    gap('belowBudget', 'A', '2027-03', '2027-03'),
  ];

  it('keeps work on a gap that still exists', () => {
    expect(matchGapWork(gaps, ['shortage:A:2027-02'], '2027-01')).toEqual(
      new Map([['shortage:A:2027-02', 'shortage:A:2027-02']]),
    );
  });

  it('moves work to the episode of the same kind and family that holds its old first month', () => {
    // The episode used to start in March; an edit made it start in February.
    expect(matchGapWork(gaps, ['shortage:A:2027-03'], '2027-01')).toEqual(
      new Map([['shortage:A:2027-03', 'shortage:A:2027-02']]),
    );
    // Another kind or family never takes it.
    expect(matchGapWork(gaps, ['overload:A:2027-03', 'shortage:C:2027-03'], '2027-01')).toEqual(
      new Map(),
    );
  });

  it('after a roll-over, work whose first month ended goes to the episode at the horizon start', () => {
    expect(matchGapWork(gaps, ['shortage:B:2026-11'], '2027-01')).toEqual(
      new Map([['shortage:B:2026-11', 'shortage:B:2027-01']]),
    );
    // No episode starts at the horizon's first month: the gap was resolved.
    expect(matchGapWork(gaps, ['shortage:A:2026-12'], '2027-01')).toEqual(new Map());
  });

  it('when two ids would meet on one gap, its own id keeps it, else the later first month', () => {
    expect(
      matchGapWork(
        gaps,
        ['shortage:A:2027-04', 'shortage:A:2027-02', 'shortage:A:2027-03'],
        '2027-01',
      ),
    ).toEqual(new Map([['shortage:A:2027-02', 'shortage:A:2027-02']]));
    expect(matchGapWork(gaps, ['shortage:A:2027-03', 'shortage:A:2027-04'], '2027-01')).toEqual(
      new Map([['shortage:A:2027-04', 'shortage:A:2027-02']]),
    );
  });
});
