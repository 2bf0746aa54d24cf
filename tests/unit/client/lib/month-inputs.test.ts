import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { withUnplannedBadges } from '../../../../client/src/components/plan/unplanned-months.ts';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import { monthsWithoutInputs } from '../../../../client/src/lib/month-inputs.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  clearCell,
  docToPlan,
  importPlan,
  rollOverPlan,
  setCell,
} from '../../../../shared/doc/index.ts';

const format = createFormatters('EUR', 'en-US');

describe('months nobody has planned yet', () => {
  it('finds the month a roll-over adds, and only it', () => {
    const plan = generateDemoPlan({ families: 4, periods: 12, resources: 2, seed: 3 });
    expect(monthsWithoutInputs(plan)).toEqual([]);
    const next = rollOverPlan(plan);
    const added = next.periods[next.periods.length - 1];
    expect(plan.periods).not.toContain(added);
    expect(monthsWithoutInputs(next)).toEqual([added]);
  });

  it('lets a month go once one of its cells is filled, with 0 too, and takes it back when cleared', () => {
    const doc = new Y.Doc();
    const next = rollOverPlan(generateDemoPlan({ families: 3, periods: 6, resources: 1, seed: 5 }));
    importPlan(doc, next);
    const added = next.periods[next.periods.length - 1];
    expect(monthsWithoutInputs(docToPlan(doc))).toEqual([added]);
    setCell(doc, 'capacity', next.resources[0].id, added, 0);
    expect(monthsWithoutInputs(docToPlan(doc))).toEqual([]);
    clearCell(doc, 'capacity', next.resources[0].id, added);
    expect(monthsWithoutInputs(docToPlan(doc))).toEqual([added]);
    setCell(doc, 'supply', next.families[2].id, added, 40);
    expect(monthsWithoutInputs(docToPlan(doc))).toEqual([]);
    // A budget alone does not plan a month: demand, supply and capacity do.
    clearCell(doc, 'supply', next.families[2].id, added);
    setCell(doc, 'budget', next.families[0].id, added, 1000);
    expect(monthsWithoutInputs(docToPlan(doc))).toEqual([added]);
  });

  it('puts a "No inputs yet" chip with a sentence on those months’ columns only', () => {
    const columns = [
      { key: '2027-05', label: 'May' },
      { key: '2027-06', label: 'Jun' },
    ];
    expect(withUnplannedBadges(columns, '', format)).toBe(columns);
    const badged = withUnplannedBadges(columns, '2027-06', format);
    expect(badged[0]).toBe(columns[0]);
    expect(badged[1].badge).toEqual({
      text: 'No inputs yet',
      tone: 'warn',
      description:
        'No inputs yet: no family has demand or supply and no resource has capacity in June 2027. Its zeros are not a plan.',
    });
  });
});
