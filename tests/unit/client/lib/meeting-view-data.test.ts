import { describe, expect, it } from 'vitest';
import {
  agendaEntries,
  firstOpenItem,
  movedOrder,
  nextOpenItem,
  plannedMinutes,
  stateLabel,
} from '../../../../client/src/lib/agenda-plan.ts';
import {
  clockText,
  itemTiming,
  spokenDuration,
} from '../../../../client/src/components/meeting/meeting-time.ts';
import { executionReport } from '../../../../client/src/lib/meeting-panels/accuracy.ts';
import { openActions } from '../../../../client/src/lib/meeting-panels/actions.ts';
import { cycleChanges } from '../../../../client/src/lib/meeting-panels/changes.ts';
import { constraints } from '../../../../client/src/lib/meeting-panels/constraints.ts';
import { openDecisions } from '../../../../client/src/lib/meeting-panels/decisions.ts';
import { familyPerformance } from '../../../../client/src/lib/meeting-panels/families.ts';
import { farHorizon } from '../../../../client/src/lib/meeting-panels/far-horizon.ts';
import { financials } from '../../../../client/src/lib/meeting-panels/financials.ts';
import { npiProgress } from '../../../../client/src/lib/meeting-panels/npi.ts';
import { panelFor, PANELS } from '../../../../client/src/lib/meeting-panels/panels.ts';
import { openRisks } from '../../../../client/src/lib/meeting-panels/risks.ts';
import { STANDARD_AGENDA, type WithId } from '../../../../shared/doc/index.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import type { Action, AgendaItem, Risk } from '../../../../shared/schema/records.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

const TITLES = STANDARD_AGENDA.map((item) => item.title);
const standard: WithId<AgendaItem>[] = STANDARD_AGENDA.map((item, i) => ({
  ...item,
  id: `agenda-${i + 1}`,
  order: i,
}));
const AT = '2026-12-03T09:00:00.000Z';

describe('the agenda in the meeting', () => {
  it('gives each standard item its panel by id or title, and added items none', () => {
    expect(standard.map((item) => panelFor(item, TITLES))).toEqual([...PANELS]);
    expect(panelFor({ id: 'agenda-3f2a', title: 'Critical constraints?' }, TITLES)).toBe(
      'constraints',
    );
    // A renamed standard item keeps its panel; an added item has none.
    expect(panelFor({ id: 'agenda-4', title: 'Money' }, TITLES)).toBe('financials');
    expect(panelFor({ id: 'agenda-77aa', title: 'Pricing review' }, TITLES)).toBeNull();
  });

  it('marks closed, current and upcoming items; a closed current item is still current', () => {
    const records = standard.map((item) =>
      item.id === 'agenda-2' || item.id === 'agenda-4'
        ? { ...item, outcome: { kind: 'noted' as const, by: 'Ana', at: AT } }
        : item,
    );
    const entries = agendaEntries(records, 'agenda-4', TITLES);
    expect(entries.map((entry) => entry.state).slice(0, 5)).toEqual([
      'upcoming',
      'closed',
      'upcoming',
      'closed',
      'upcoming',
    ]);
    expect(entries[3].isCurrent).toBe(true);
    expect(stateLabel(entries[3])).toBe('Closed: Noted');
    expect(stateLabel(entries[4])).toBe('Upcoming');
    expect(entries.map((entry) => entry.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(plannedMinutes(entries)).toBe(90);
  });

  it('moves to the next open item after the current one, then to one skipped earlier', () => {
    const closed = (ids: string[]) =>
      agendaEntries(
        standard.map((item) =>
          ids.includes(item.id)
            ? { ...item, outcome: { kind: 'noted' as const, by: 'Ana', at: AT } }
            : item,
        ),
        'agenda-8',
        TITLES,
      );
    expect(nextOpenItem(closed(['agenda-9']), 'agenda-8')?.id).toBe('agenda-10');
    expect(nextOpenItem(closed(['agenda-9', 'agenda-10', 'agenda-1']), 'agenda-8')?.id).toBe(
      'agenda-2',
    );
    const allOthers = standard.map((item) => item.id).filter((id) => id !== 'agenda-8');
    expect(nextOpenItem(closed(allOthers), 'agenda-8')).toBeNull();
    expect(nextOpenItem(agendaEntries(standard, null, TITLES), null)?.id).toBe('agenda-1');
    expect(firstOpenItem(closed(['agenda-1']))?.id).toBe('agenda-2');
  });

  it('moves an item one place by writing an order between its new neighbours', () => {
    const entries = agendaEntries(standard, null, TITLES);
    const up = movedOrder(entries, 'agenda-5', -1) as number;
    expect(up).toBeGreaterThan(2);
    expect(up).toBeLessThan(3);
    const down = movedOrder(entries, 'agenda-5', 1) as number;
    expect(down).toBeGreaterThan(5);
    expect(down).toBeLessThan(6);
    expect(movedOrder(entries, 'agenda-2', -1)).toBe(-1);
    expect(movedOrder(entries, 'agenda-9', 1)).toBe(10);
    expect(movedOrder(entries, 'agenda-1', -1)).toBeNull();
    expect(movedOrder(entries, 'agenda-10', 1)).toBeNull();

    // Two items added at once share an order: the move still lands above the neighbour.
    const tied = agendaEntries(
      [
        { ...standard[0], order: 0 },
        { ...standard[1], id: 'agenda-a', order: 1 },
        { ...standard[2], id: 'agenda-b', order: 1 },
      ],
      null,
      TITLES,
    );
    expect(movedOrder(tied, 'agenda-b', -1)).toBeLessThan(1);
  });
});

describe('the timer', () => {
  const start = Date.parse(AT);

  it('shows mm:ss against the time box, warns near the end and counts the overrun', () => {
    expect(itemTiming(AT, 10, start + 192_000)).toMatchObject({
      elapsed: '03:12',
      box: '10:00',
      tone: 'ok',
      over: null,
      spoken: '3 minutes 12 seconds elapsed of 10 minutes',
    });
    expect(itemTiming(AT, 10, start + 8 * 60_000).tone).toBe('near');
    expect(itemTiming(AT, 10, start + 10 * 60_000).tone).toBe('near');
    expect(itemTiming(AT, 10, start + 11 * 60_000 + 5_000)).toMatchObject({
      tone: 'over',
      over: '+1:05 over',
      progress: 1,
      spoken: '11 minutes 5 seconds elapsed, 1 minute 5 seconds over the time box of 10 minutes',
    });
  });

  it('never shows a negative time when this clock runs behind the facilitator’s', () => {
    expect(itemTiming(AT, 5, start - 4_000).elapsed).toBe('00:00');
    expect(itemTiming(null, 5, start).elapsed).toBe('00:00');
  });

  it('writes hours for a long meeting', () => {
    expect(clockText(3_723_000)).toBe('1:02:03');
    expect(spokenDuration(3_600_000)).toBe('1 hour');
    expect(spokenDuration(0)).toBe('0 seconds');
  });
});

describe('live data panels', () => {
  const plan = generateDemoPlan();
  const result = reconcile(plan);

  it('family performance counts each status over the next months, most troubled first', () => {
    const { periods, rows } = familyPerformance(plan, result, 6);
    expect(periods).toEqual(plan.periods.slice(0, 6));
    expect(rows).toHaveLength(plan.families.length);
    for (const row of rows) {
      const family = result.families.find((f) => f.id === row.id)!;
      const window = family.rows.slice(0, 6);
      expect(row.shortage).toBe(window.filter((r) => r.status === 'shortage').length);
      expect(row.overstock).toBe(window.filter((r) => r.status === 'overstock').length);
      expect(row.revenue).toBeCloseTo(
        window.reduce((sum, r) => sum + r.revenue, 0),
        6,
      );
      expect(row.margin).toBeCloseTo(
        window.reduce((sum, r) => sum + r.margin, 0),
        6,
      );
    }
    const severity = { shortage: 3, belowSafetyStock: 2, overstock: 1, ok: 0 };
    const order = rows.map((row) => severity[row.worst]);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('financials total revenue, margin and budget, and list months below budget, worst first', () => {
    const data = financials(result);
    const sum = (key: 'revenue' | 'margin' | 'budget' | 'budgetedRevenue') =>
      result.totals.reduce((total, t) => total + t[key], 0);
    expect(data.revenue).toBeCloseTo(sum('revenue'), 6);
    expect(data.margin).toBeCloseTo(sum('margin'), 6);
    // Like with like: only the budgeted months' revenue meets the budget.
    expect(data.gap).toBeCloseTo(sum('budgetedRevenue') - sum('budget'), 6);
    expect(data.months).toEqual(plan.periods);
    expect(data.belowBudget.every((month) => month.gap < 0)).toBe(true);
    const gaps = data.belowBudget.map((month) => month.gap);
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
  });

  it('forecast accuracy lists families in alarm first, then the least accurate', () => {
    const report = executionReport(plan, result);
    expect(report.total).toEqual(result.accuracy.total);
    const alarms = report.families.filter((family) => family.alarm);
    expect(report.families.slice(0, alarms.length)).toEqual(alarms);
    const wmapes = report.families.slice(alarms.length).map((family) => family.wmape ?? 0);
    expect(wmapes).toEqual([...wmapes].sort((a, b) => b - a));
    expect(report.alarms).toBe(
      report.families.filter((family) => Math.abs(family.trackingSignal ?? 0) > 4).length,
    );
  });

  it('constraints are the overloads and shortages of the gap list, with names', () => {
    const data = constraints(plan, result);
    const expected = result.gaps.filter((g) => g.kind === 'overload' || g.kind === 'shortage');
    expect(data.gaps.map((gap) => gap.id)).toEqual(expected.map((gap) => gap.id));
    expect(data.overloads + data.shortages).toBe(expected.length);
    const overload = data.gaps.find((gap) => gap.kind === 'overload');
    expect(plan.resources.map((r) => r.name)).toContain(overload?.name);
  });

  it('the far horizon holds gaps of months 13 and later only, and compares the budget trend', () => {
    const data = farHorizon(result);
    const far = new Set(plan.periods.slice(12));
    expect(data.gaps.length).toBeGreaterThan(0);
    // An episode counts when it reaches the far months, wherever it starts.
    expect(data.gaps.every((gap) => far.has(gap.last))).toBe(true);
    expect(data.far?.months).toBe(plan.periods.length - 12);
    expect(data.near.months).toBe(12);
    const shortHorizon = farHorizon(reconcile(generateDemoPlan({ periods: 12 })));
    expect(shortHorizon.far).toBeNull();
    expect(shortHorizon.gaps).toEqual([]);
  });

  it('a plan with no history says so instead of inventing accuracy', () => {
    const barePlan = makePlan({ history: {} });
    const bare = reconcile(barePlan);
    expect(executionReport(barePlan, bare).families).toEqual([]);
    expect(executionReport(barePlan, bare).total.points).toBe(0);
  });
});

describe('work item panels', () => {
  const risk = (fields: Partial<WithId<Risk>>): WithId<Risk> => ({
    id: 'r',
    title: 'Risk',
    kind: 'risk',
    probability: 1,
    impact: 1,
    status: 'open',
    raisedIn: '2026-12',
    ...fields,
  });
  const action = (fields: Partial<WithId<Action>>): WithId<Action> => ({
    id: 'a',
    title: 'Action',
    owner: 'Ana',
    due: '2026-12-10',
    status: 'open',
    raisedIn: '2026-12',
    ...fields,
  });

  it('open risks by score, closed ones left out', () => {
    const list = openRisks([
      risk({ id: 'low', probability: 2, impact: 2 }),
      risk({ id: 'closed', probability: 5, impact: 5, status: 'closed' }),
      risk({ id: 'high', probability: 4, impact: 5 }),
      risk({ id: 'tie-money', probability: 2, impact: 2, impactValue: 9_000 }),
    ]);
    expect(list.map((r) => r.id)).toEqual(['high', 'tie-money', 'low']);
  });

  it('open decisions, soonest due first', () => {
    const base = { question: 'Q', madeIn: '2026-12' };
    const list = openDecisions([
      { ...base, id: 'late', status: 'proposed', due: '2027-01-20' },
      { ...base, id: 'done', status: 'agreed', due: '2026-12-01' },
      { ...base, id: 'undated', status: 'deferred' },
      { ...base, id: 'soon', status: 'proposed', due: '2026-12-15' },
    ]);
    expect(list.map((d) => d.id)).toEqual(['soon', 'late', 'undated']);
  });

  it('NPI items late against their plan, or overdue, come first', () => {
    const list = npiProgress(
      [
        { id: 'ok', name: 'A', stage: 'development', plannedLaunch: '2027-03' },
        {
          id: 'late',
          name: 'B',
          stage: 'development',
          plannedLaunch: '2027-03',
          forecastLaunch: '2027-05',
        },
        { id: 'overdue', name: 'C', stage: 'launch', plannedLaunch: '2026-10' },
        { id: 'launched', name: 'D', stage: 'launched', plannedLaunch: '2026-10' },
      ],
      '2026-12',
    );
    expect(list.map((item) => [item.id, item.lateBy, item.isOverdue])).toEqual([
      ['late', 2, false],
      ['overdue', 0, true],
      ['launched', 0, false],
      ['ok', 0, false],
    ]);
  });

  it('open actions: overdue first, with the cycles they have been carried', () => {
    const list = openActions(
      [
        action({ id: 'later', due: '2026-12-20' }),
        action({ id: 'done', status: 'done' }),
        action({ id: 'overdue', due: '2026-11-28', raisedIn: '2026-10' }),
      ],
      '2026-12-03',
      '2026-12',
    );
    expect(list.map((a) => [a.id, a.isOverdue, a.carried])).toEqual([
      ['overdue', true, 2],
      ['later', false, 0],
    ]);
  });

  it('what changed: risks raised this cycle and actions closed', () => {
    const changes = cycleChanges(
      [risk({ id: 'new' }), risk({ id: 'old', raisedIn: '2026-11' })],
      [
        action({ id: 'open' }),
        action({ id: 'done', status: 'done' }),
        action({ id: 'x', status: 'dropped' }),
      ],
      '2026-12',
    );
    expect(changes.newRisks.map((r) => r.id)).toEqual(['new']);
    expect(changes.closedActions.map((a) => a.id).sort()).toEqual(['done', 'x']);
  });
});
