/**
 * What the relay's write check costs per update, on the reference cycle (500 families ×
 * 36 months × 100 resources, the standard agenda): each update of a kind a meeting sends
 * is read against the room's document and every write checked against the write policy
 * and the schemas (`checkUpdate`), beside what applying the same update costs
 * (`Y.applyUpdate` on a copy), which the relay does anyway. Part of `npm run bench`; run
 * alone with `node --import tsx bench/policy-bench.ts [--quick]`.
 */
import * as Y from 'yjs';
import { generateDemoPlan } from '../shared/demo/demo-plan.ts';
import {
  addRisk,
  addStandardAgenda,
  agendaNotes,
  createCycleDoc,
  importPlan,
  setCell,
  type CycleDoc,
} from '../shared/doc/index.ts';
import { checkUpdate } from '../shared/policy/check-update.ts';
import type { Actor } from '../shared/policy/roles.ts';
import { ms, table } from './report.ts';
import { summarize, type Timing } from './stats.ts';

/** One kind of update and what its check and its apply cost. */
export interface PolicyCase {
  name: string;
  bytes: number;
  check: Timing;
  apply: Timing;
}

const EDITOR: Actor = { name: 'Ana Ortiz', role: 'editor', functions: ['sales'] };

/** The updates a person sends, each made on a copy of the cycle that is in step with it. */
function updates(plan: ReturnType<typeof generateDemoPlan>): Array<{
  name: string;
  make: (doc: CycleDoc) => void;
}> {
  const [family] = plan.families;
  return [
    {
      name: 'One plan cell',
      make: (doc) => setCell(doc, 'demand', family.id, plan.periods[3], 120),
    },
    {
      name: 'A pasted block of 100 cells',
      make: (doc) => {
        for (let i = 0; i < 100; i++) {
          setCell(doc, 'supply', plan.families[i % 20].id, plan.periods[i % 5], i);
        }
      },
    },
    {
      name: 'A new risk',
      make: (doc) =>
        void addRisk(doc, {
          title: 'Resin shortage',
          kind: 'risk',
          probability: 3,
          impact: 4,
          status: 'open',
          raisedIn: plan.cycle,
        }),
    },
    {
      name: 'A keystroke of meeting notes',
      make: (doc) => agendaNotes(doc, 'agenda-1').insert(0, 'a'),
    },
  ];
}

/** Times the check and the apply of each kind of update, `runs` times each. */
export function runPolicyBench(quick: boolean): { markdown: string; json: PolicyCase[] } {
  const plan = generateDemoPlan(
    quick
      ? { families: 100, periods: 18, resources: 20, seed: 1 }
      : { families: 500, periods: 36, resources: 100, seed: 1 },
  );
  const room = createCycleDoc();
  importPlan(room, plan);
  addStandardAgenda(room);
  const state = Y.encodeStateAsUpdate(room as unknown as Y.Doc);
  const runs = quick ? 200 : 2000;
  const cases: PolicyCase[] = [];
  for (const { name, make } of updates(plan)) {
    const person = createCycleDoc();
    Y.applyUpdate(person as unknown as Y.Doc, state);
    const before = Y.encodeStateVector(person as unknown as Y.Doc);
    make(person);
    const update = Y.encodeStateAsUpdate(person as unknown as Y.Doc, before);
    const verdict = checkUpdate(room, update, EDITOR);
    if (!verdict.ok) throw new Error(`${name} was refused: ${verdict.reason}`);
    const check = timeEach(runs, () => checkUpdate(room, update, EDITOR));
    // Applying changes the copy, so each run applies to a fresh copy (made untimed).
    const apply = timeEach(
      Math.min(runs, 200),
      (prepare) => {
        const copy = prepare();
        const started = performance.now();
        Y.applyUpdate(copy, update);
        return performance.now() - started;
      },
      () => {
        const copy = new Y.Doc();
        Y.applyUpdate(copy, state);
        return copy;
      },
    );
    cases.push({ name, bytes: update.length, check, apply });
  }
  return { markdown: policyMarkdown(cases, plan.families.length), json: cases };
}

/**
 * Times `run` `runs` times after a warm-up. With `prepare`, `run` gets a fresh value made
 * untimed and returns its own elapsed milliseconds.
 */
function timeEach<T>(
  runs: number,
  run: ((prepare: () => T) => number) | (() => unknown),
  prepare?: () => T,
): Timing {
  const samples: number[] = [];
  for (let i = 0; i < runs + 20; i++) {
    let elapsed: number;
    if (prepare) elapsed = (run as (prepare: () => T) => number)(prepare);
    else {
      const started = performance.now();
      (run as () => unknown)();
      elapsed = performance.now() - started;
    }
    if (i >= 20) samples.push(elapsed);
  }
  return summarize(samples);
}

function micro(value: number): string {
  return `${(value * 1000).toFixed(1)} µs`;
}

function policyMarkdown(cases: readonly PolicyCase[], families: number): string {
  const rows = cases.map((c) => [
    c.name,
    `${c.bytes.toLocaleString('en-US')} B`,
    micro(c.check.median),
    micro(c.check.p95),
    micro(c.apply.median),
    `${(c.check.median / c.apply.median).toFixed(2)}×`,
  ]);
  return [
    `### The relay's write check, per update (${families} families)`,
    '',
    'Each update is read against the room and every write checked against the write policy and the schemas before it is applied; "apply" is `Y.applyUpdate` of the same update, which the relay does anyway.',
    '',
    table(['Update', 'Size', 'Check median', 'Check p95', 'Apply median', 'Check ÷ apply'], rows),
    '',
    `Largest check median: ${ms(Math.max(...cases.map((c) => c.check.median)))}.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(runPolicyBench(process.argv.includes('--quick')).markdown);
}
