import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCycleDoc,
  exportCycle,
  importCycle,
  importPlan,
  readPlan,
} from '../../shared/doc/index.ts';
import { parsePlan } from '../../shared/engine/index.ts';
import type { Plan } from '../../shared/engine/types.ts';
import { planArbitrary, planWithStreamsArbitrary } from '../helpers/plan-arbitrary.ts';

/**
 * The plan a file means: an empty row of a grid means the same as no row (the document
 * keeps cells, not rows), so both read back as no row.
 */
function meaning(plan: Plan): Plan {
  const rows = (grid: Plan['demand']) =>
    Object.fromEntries(Object.entries(grid).filter(([, months]) => Object.keys(months).length));
  return {
    ...plan,
    demand: rows(plan.demand),
    supply: rows(plan.supply),
    capacity: rows(plan.capacity),
    budget: rows(plan.budget),
  };
}

/** The plan file as parsed: a version 2 plan, or fails the test with the problems. */
function parsed(file: unknown): Plan {
  const result = parsePlan(file);
  if (!result.ok) expect.fail(JSON.stringify(result.issues));
  return result.plan;
}

const V2_KEYS = ['settings', 'marginBudget', 'actuals'] as const;

describe('a plan file through the cycle document', () => {
  it('parsePlan, importPlan, readPlan gives the same plan, version 2 sections and streams included', () => {
    fc.assert(
      fc.property(planWithStreamsArbitrary, (file) => {
        const plan = parsed(file);
        const doc = createCycleDoc();
        importPlan(doc, file);
        const reading = readPlan(doc);
        expect(reading.dropped).toEqual([]);
        expect(reading.problem).toBeUndefined();
        expect(reading.plan).toEqual(meaning(plan));
        // What the document holds nothing for stays absent, not an empty section.
        for (const key of V2_KEYS) expect(key in reading.plan).toBe(plan[key] !== undefined);
        // And what it reads is a plan file again.
        expect(parsePlan(reading.plan).ok).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('reads a version 1 file back as itself with only version 2', () => {
    fc.assert(
      fc.property(planArbitrary, (plan) => {
        const file = { ...plan, version: 1 };
        const doc = createCycleDoc();
        importPlan(doc, file);
        const read = readPlan(doc).plan;
        expect(read).toEqual(meaning({ ...plan, version: 2 }));
        for (const key of V2_KEYS) expect(key in read).toBe(false);
      }),
      { numRuns: 80 },
    );
  });

  it('the cycle file keeps every input: export, JSON, import gives the same plan', () => {
    fc.assert(
      fc.property(planWithStreamsArbitrary, (file) => {
        const doc = createCycleDoc();
        importPlan(doc, file, 'S&OP cycle');
        const exported = exportCycle(doc);
        const copy = createCycleDoc();
        importCycle(copy, JSON.parse(JSON.stringify(exported)));
        expect(readPlan(copy).plan).toEqual(readPlan(doc).plan);
        expect(exportCycle(copy)).toEqual(exported);
      }),
      { numRuns: 80 },
    );
  });
});
