import { describe, expect, it } from 'vitest';
import { runDocFuzz } from './doc-fuzz.ts';

/**
 * Seeded convergence fuzz of the cycle document. The default run is quick so it always
 * runs; `npm run test:fuzz` sets FUZZ_SEEDS for many more. A failure names its seed:
 * pin it with FUZZ_SEED=<seed>, and keep it below as a named regression.
 */
const count = Number(process.env.FUZZ_SEEDS ?? 12);
const first = Number(process.env.FUZZ_SEED ?? 1);
const seeds = process.env.FUZZ_SEED ? [first] : Array.from({ length: count }, (_, i) => first + i);

describe('cycle document convergence', () => {
  it.each(seeds)(
    'seed %i: every peer ends with the same records, plan and engine output',
    (seed) => {
      const outcome = runDocFuzz(seed);
      const label = `FUZZ_SEED=${seed}`;
      for (const key of ['snapshots', 'plans', 'results', 'projections'] as const) {
        expect(new Set(outcome[key]).size, `${label}: peers differ in ${key}`).toBe(1);
      }
      expect(
        outcome.projections[0],
        `${label}: live projection differs from a full reconcile`,
      ).toBe(outcome.results[0]);
      expect(outcome.validPlans, `${label}: a peer's plan fails the plan file rules`).toBe(5);
      // The run must exercise the commands, not just fail them.
      expect(outcome.failedCommands, label).toBeLessThan(outcome.operations / 2);
    },
  );
});
