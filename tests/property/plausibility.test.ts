import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { docToPlan, importPlan, setCell, setCellBlock } from '../../shared/doc/index.ts';
import { PLAN_VERSION, type Plan } from '../../shared/engine/index.ts';
import {
  checkCell,
  MAX_PLAN_NUMBER,
  screenCells,
  type ProposedCell,
} from '../../shared/engine/plausibility.ts';

const PERIODS = ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'];
const FAMILIES = ['A', 'B'];

/** Numbers of every scale a person might type: small, large, far too large, fractions. */
const value = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 5000 }),
  fc.double({ min: 0, max: 1e16, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(MAX_PLAN_NUMBER, MAX_PLAN_NUMBER + 1, Number('9'.repeat(20)), 12.5),
);

const row = fc.dictionary(fc.constantFrom(...PERIODS), value, { maxKeys: PERIODS.length });
const grid = fc.dictionary(fc.constantFrom(...FAMILIES), row);

function planOf(demand: Plan['demand'], supply: Plan['supply']): Plan {
  return {
    format: 'fulcrum.plan',
    version: PLAN_VERSION,
    cycle: '2027-01',
    currency: 'EUR',
    periods: PERIODS,
    families: FAMILIES.map((id) => ({
      id,
      name: `Family ${id}`,
      price: 10,
      unitCost: 6,
      openingInventory: 0,
    })),
    resources: [],
    loads: [],
    demand: structuredClone(demand),
    supply: structuredClone(supply),
    capacity: {},
    budget: {},
    history: {},
  };
}

/** Cells of a paste: each cell at most once. */
const writes = fc.uniqueArray(
  fc.record({
    grid: fc.constantFrom('demand' as const, 'supply' as const),
    id: fc.constantFrom(...FAMILIES),
    month: fc.constantFrom(...PERIODS),
    value: fc.option(value, { nil: null }),
  }),
  { selector: (w) => `${w.grid}|${w.id}|${w.month}`, minLength: 1, maxLength: 12 },
);

describe('plausibility: a refused value is never written', () => {
  it('a paste writes what the rules accept, and no refused cell changes', () => {
    const start = fc
      .tuple(grid, grid)
      .filter(([demand, supply]) =>
        [demand, supply].every((g) =>
          Object.values(g).every((r) => Object.values(r).every((v) => v <= MAX_PLAN_NUMBER)),
        ),
      );
    fc.assert(
      fc.property(start, writes, ([demand, supply], block) => {
        const plan = planOf(demand, supply);
        const doc = new Y.Doc();
        importPlan(doc, plan);
        const { accepted, refused } = screenCells(plan, block);
        expect(accepted.length + refused.length).toBe(block.length);
        if (accepted.length > 0) setCellBlock(doc, accepted);
        const after = docToPlan(doc);
        for (const { write } of refused) {
          expect(write.value).not.toBeNull();
          expect(after[write.grid][write.id]?.[write.month]).toBe(
            plan[write.grid][write.id]?.[write.month],
          );
        }
        for (const write of accepted) {
          expect(after[write.grid][write.id]?.[write.month]).toBe(write.value ?? undefined);
          if (write.value !== null) expect(write.value).toBeLessThanOrEqual(MAX_PLAN_NUMBER);
        }
        // Every value the paste wrote is plausible against its row as the paste left it.
        for (const cell of accepted as ProposedCell[]) {
          if (cell.value === null) continue;
          const others = PERIODS.filter((m) => m !== cell.month).map(
            (m) => after[cell.grid][cell.id]?.[m] ?? 0,
          );
          const verdict = checkCell({ grid: cell.grid, name: '', others, value: cell.value });
          expect(verdict).toEqual({ ok: true });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the document refuses any number above 10^12, whatever the page does', () => {
    fc.assert(
      fc.property(
        fc.double({ min: MAX_PLAN_NUMBER, max: 1e300, noNaN: true, noDefaultInfinity: true }),
        (big) => {
          const doc = new Y.Doc();
          importPlan(doc, planOf({}, {}));
          if (big > MAX_PLAN_NUMBER) {
            expect(() => setCell(doc, 'demand', 'A', '2027-02', big)).toThrow();
            expect(docToPlan(doc).demand.A?.['2027-02']).toBeUndefined();
          } else {
            setCell(doc, 'demand', 'A', '2027-02', big);
            expect(docToPlan(doc).demand.A['2027-02']).toBe(MAX_PLAN_NUMBER);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
