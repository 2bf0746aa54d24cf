import { describe, expect, it } from 'vitest';
import {
  baselineInput,
  baselineReceiver,
  REPLY_EVERY_MS,
  runBaselineJob,
  type BaselineReply,
} from '../../../../client/src/forecast/baseline-job.ts';
import { planBaselines } from '../../../../shared/forecast/plan-baseline.ts';
import type { Plan } from '../../../../shared/engine/types.ts';
import { makePlan, months } from '../../../helpers/plan-builder.ts';

const PERIODS = months('2026-12', 6);
const HISTORY = months('2024-12', 24);

/** A family's seasonal demand with a little noise that repeats (no random numbers in tests). */
const level = (f: number, t: number) =>
  100 + 10 * f + 20 * Math.sin((t * Math.PI) / 6) + (((t * 37 + f * 11) % 7) - 3) * 2;

/** A plan of `count` families with 24 months of seasonal history, one spike in family F1. */
function planOf(count: number): Plan {
  const families = Array.from({ length: count }, (_, i) => ({
    id: `F${i}`,
    name: `Family ${i}`,
    price: 10,
    unitCost: 6,
    openingInventory: 0,
  }));
  const history: Plan['history'] = {};
  families.forEach((family, f) => {
    history[family.id] = Object.fromEntries(
      HISTORY.map((month, t) => [month, { actual: level(f, t) + (f === 1 && t === 10 ? 400 : 0) }]),
    );
  });
  return makePlan({ periods: PERIODS, families, history });
}

/** Runs a job as the worker does, with a clock that moves `step` ms per reading. */
function run(plan: Plan, step = 0): BaselineReply[] {
  const replies: BaselineReply[] = [];
  let clock = 0;
  runBaselineJob(
    { type: 'run', id: 7, plan: JSON.stringify(baselineInput(plan)) },
    (r) => replies.push(r),
    () => (clock += step),
  );
  return replies;
}

describe('the baseline worker’s job', () => {
  it('runs on the parts the page sent once they end, dropping parts of an earlier run', () => {
    const plan = planOf(2);
    const text = JSON.stringify(baselineInput(plan));
    const replies: BaselineReply[] = [];
    const receive = baselineReceiver((reply) => replies.push(reply));
    receive({ type: 'part', id: 1, text: '{"cycle":' });
    receive({ type: 'part', id: 2, text: text.slice(0, 40) });
    receive({ type: 'part', id: 2, text: text.slice(40) });
    expect(replies).toEqual([]);
    receive({ type: 'end', id: 2 });
    expect(replies.at(-1)).toEqual({ type: 'done', id: 2, total: 2 });
    expect(replies.filter((r) => r.type === 'progress').flatMap((r) => r.rows)).toHaveLength(2);
  });

  it('gives, family by family, the rows planBaselines gives for the whole plan, with each history', () => {
    const plan = planOf(3);
    const replies = run(plan);
    expect(replies[0]).toEqual({ type: 'progress', id: 7, done: 0, total: 3, rows: [] });
    expect(replies.at(-1)).toEqual({ type: 'done', id: 7, total: 3 });
    const rows = replies.flatMap((r) => (r.type === 'progress' ? r.rows : []));
    const whole = planBaselines(plan);
    expect(rows.map(({ history: _history, ...row }) => row)).toEqual(whole);
    expect(rows[1].history.months).toEqual(HISTORY);
    expect(rows[1].history.values[10]).toBeCloseTo(level(1, 10) + 400);
    expect(rows[1].outliers.map((o) => o.month)).toEqual([HISTORY[10]]);
    expect(rows[0].outliers).toEqual([]);
  });

  it('replies with what it has after the first family, the last, and every time the clock says so', () => {
    const quiet = run(planOf(5)).filter((r) => r.type === 'progress');
    // No time passes: the start, after the first family and after the last.
    expect(quiet.map((r) => r.type === 'progress' && r.done)).toEqual([0, 1, 5]);
    const busy = run(planOf(5), REPLY_EVERY_MS).filter((r) => r.type === 'progress');
    expect(busy.map((r) => r.type === 'progress' && r.done)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('uses the plan’s marks: a month marked one-off changes the baseline', () => {
    const plan = planOf(2);
    const before = run(plan).flatMap((r) => (r.type === 'progress' ? r.rows : []));
    plan.historyMarks = { F0: { [HISTORY[20]]: 'oneOff' } };
    (plan.history.F0[HISTORY[20]] as { actual: number }).actual = 900;
    const after = run(plan).flatMap((r) => (r.type === 'progress' ? r.rows : []));
    const unmarked = structuredClone(plan);
    delete unmarked.historyMarks;
    const spiked = run(unmarked).flatMap((r) => (r.type === 'progress' ? r.rows : []));
    expect(after[0].forecast).not.toEqual(spiked[0].forecast);
    expect(after[1].forecast).toEqual(before[1].forecast);
  });

  it('copies only what the baseline reads of the plan', () => {
    const plan = planOf(1);
    plan.demand = { F0: { [PERIODS[0]]: 5 } };
    expect(Object.keys(baselineInput(plan)).sort()).toEqual([
      'cycle',
      'families',
      'history',
      'periods',
    ]);
  });

  it('replies failed, in words, when the plan cannot be read', () => {
    const replies: BaselineReply[] = [];
    const broken = JSON.stringify({ ...baselineInput(planOf(1)), families: null });
    runBaselineJob({ type: 'run', id: 3, plan: broken }, (r) => replies.push(r));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ type: 'failed', id: 3 });
  });
});
