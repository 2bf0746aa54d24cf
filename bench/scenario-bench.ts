/**
 * Five scenarios on the reference plan (500 families × 36 months × 100 resources),
 * recomputed together as the comparison does after an edit: each scenario's overrides
 * applied to the baseline (`applyScenario`) and the result reconciled. Goal (issue 6):
 * all five within 20 ms. `npm run bench:scenarios [-- --quick]`; also part of `npm run bench`.
 */
import { generateDemoPlan } from '../shared/demo/demo-plan.ts';
import { reconcile, type Plan, type Scenario } from '../shared/engine/index.ts';
import { applyScenario, reconcileScenarios, ScenarioBuffers } from '../shared/engine/scenario.ts';
import { suggestScenarios } from '../shared/engine/suggestions.ts';
import { compareScenarios } from '../shared/scenarios/compare-scenarios.ts';
import { collectGarbage, summarize, type Timing } from './stats.ts';

/** The goal for five scenarios recomputed together, in milliseconds (p95). */
export const FIVE_SCENARIOS_GOAL_MS = 20;

/** The five scenarios a meeting might try, on any plan. */
export function meetingScenarios(plan: Plan): Scenario[] {
  const [first, , , , , sixth] = plan.periods;
  const some = plan.families.slice(0, Math.ceil(plan.families.length / 5)).map((f) => f.id);
  const base = { format: 'fulcrum.scenario', version: 1 } as const;
  return [
    {
      ...base,
      name: 'Demand upside',
      overrides: [
        { measure: 'demand', targets: 'all', from: first, to: sixth, op: 'scale', value: 1.1 },
      ],
    },
    {
      ...base,
      name: 'Extra shift',
      overrides: [{ measure: 'capacity', targets: 'all', op: 'scale', value: 1.5 }],
    },
    {
      ...base,
      name: 'Price increase',
      overrides: [{ measure: 'price', targets: 'all', op: 'scale', value: 1.03 }],
    },
    {
      ...base,
      name: 'Build ahead',
      overrides: [
        { measure: 'supply', targets: some, from: first, to: sixth, op: 'add', value: 50 },
      ],
    },
    {
      ...base,
      name: 'Downside with a price cut',
      overrides: [
        { measure: 'demand', targets: 'all', op: 'scale', value: 0.9 },
        { measure: 'price', targets: some, op: 'scale', value: 0.97 },
      ],
    },
  ];
}

/** What the scenario benchmark found. */
export interface ScenarioBenchResult {
  plan: string;
  runs: number;
  /** The comparison of the baseline and all five (`compareScenarios`: the plan laid out once). */
  five: Timing;
  /** The same without buffers kept between runs. */
  fresh: Timing;
  /** All five as `reconcile(applyScenario(plan, s))` each: the plain way, for reference. */
  plain: Timing;
  /** Drafting the suggested scenarios (build ahead, add capacity, reduce demand). */
  suggest: Timing;
  markdown: string;
}

/** Times `fn` `runs` times after five untimed runs. */
function time(fn: () => void, runs: number): Timing {
  for (let i = 0; i < 5; i++) fn();
  collectGarbage();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** Times the five scenarios together `runs` times, both ways, and checks they agree. */
export function runScenarioBench(quick: boolean): ScenarioBenchResult {
  const size = { families: 500, periods: 36, resources: 100, seed: 20261 };
  const plan = generateDemoPlan(size);
  const scenarios = meetingScenarios(plan);
  const runs = quick ? 20 : 100;
  let gaps = 0;
  // What the comparison does after an edit: the baseline and five scenarios, their
  // horizon totals, differences and drivers.
  const named = scenarios.map((scenario, i) => ({ id: `s${i}`, name: scenario.name, scenario }));
  // A live comparison keeps its buffers from one recomputation to the next.
  const buffers = new ScenarioBuffers();
  const five = time(() => {
    for (const row of compareScenarios(plan, named, buffers).scenarios) {
      gaps += row.totals.gapCount;
    }
  }, runs);
  const fresh = time(() => {
    for (const row of compareScenarios(plan, named).scenarios) gaps += row.totals.gapCount;
  }, runs);
  const plain = time(
    () => {
      for (const scenario of scenarios)
        gaps += reconcile(applyScenario(plan, scenario)).gaps.length;
    },
    quick ? 5 : 20,
  );
  const suggest = time(
    () => {
      gaps += suggestScenarios(plan).length;
    },
    quick ? 5 : 20,
  );
  const fast = reconcileScenarios(plan, scenarios);
  scenarios.forEach((scenario, i) => {
    const slow = reconcile(applyScenario(plan, scenario));
    if (JSON.stringify(slow.totals) !== JSON.stringify(fast[i].totals)) {
      throw new Error(`scenario "${scenario.name}": the two ways disagree`);
    }
  });
  if (gaps === 0) throw new Error('the scenarios found no gaps at all: check the plan');
  const met = five.p95 <= FIVE_SCENARIOS_GOAL_MS;
  const planText = `${size.families} families × ${size.periods} months × ${size.resources} resources (demo plan, seed ${size.seed})`;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const markdown = [
    `**Scenarios** (${planText}; five scenarios as a meeting tries them: demand +10% for six months, capacity ×1.5, price +3%, build-ahead supply, a downside with a price cut)`,
    '',
    '| Five scenarios recomputed together | Median | p95 | Runs | Goal | Result |',
    '| --- | --- | --- | --- | --- | --- |',
    `| \`compareScenarios\` as the live comparison runs it: baseline and five scenarios, totals, differences and drivers (plan laid out once, overridden inputs copied, memory kept between runs) | ${ms(five.median)} | ${ms(five.p95)} | ${runs} | <= ${FIVE_SCENARIOS_GOAL_MS} ms | ${met ? 'met' : '**not met**'} |`,
    `| the same, allocating its memory each time | ${ms(fresh.median)} | ${ms(fresh.p95)} | ${runs} | | |`,
    `| each as \`reconcile(applyScenario(plan, s))\`, for reference | ${ms(plain.median)} | ${ms(plain.p95)} | ${plain.runs} | | ${(plain.median / five.median).toFixed(1)}x slower |`,
    `| drafting the suggested scenarios (\`suggestScenarios\`) | ${ms(suggest.median)} | ${ms(suggest.p95)} | ${suggest.runs} | reported | |`,
    '',
  ].join('\n');
  return { plan: planText, runs, five, fresh, plain, suggest, markdown };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runScenarioBench(process.argv.includes('--quick'));
  console.log(result.markdown);
}
