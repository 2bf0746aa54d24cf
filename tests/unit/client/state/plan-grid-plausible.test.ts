import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import { familyCell, measuresOf, resourceCell } from '../../../../client/src/lib/plan-cells.ts';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import {
  familySheetModel,
  resourceSheetModel,
  setupSheetModel,
} from '../../../../client/src/state/plan-grid-models.svelte.ts';
import { SheetController } from '../../../../client/src/state/plan-grid.svelte.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { docToPlan, importPlan, PlanProjection } from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';

const format = createFormatters('EUR', 'en-US');

/** A cycle with a real document and projection behind the grid models, as the page has. */
function cycle() {
  const doc = new Y.Doc();
  const plan = generateDemoPlan({ families: 3, periods: 6, resources: 2, seed: 11 });
  // A known row: family 0's demand, 1,200 at most.
  const first = plan.families[0];
  plan.demand[first.id] = Object.fromEntries(plan.periods.map((m, i) => [m, i === 1 ? 1200 : 800]));
  importPlan(doc, plan);
  const projection = new PlanProjection(doc);
  const session = {
    get live() {
      return { version: 0, plan: projection.plan, result: projection.result, problem: null };
    },
    isReadOnly: false,
    act(command: (doc: Y.Doc) => unknown) {
      try {
        return { ok: true, value: command(doc) };
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        return { ok: false, error: error.message, issues: error.issues };
      }
    },
    setFocus() {},
    undo() {},
    redo() {},
  } as unknown as CycleSession;
  const measures = measuresOf('all');
  const families = () => plan.families.map((family) => family.id);
  const grid = new SheetController(
    familySheetModel({
      session: () => session,
      format: () => format,
      familyIds: families,
      measures: () => measures,
    }),
  );
  const capacity = new SheetController(
    resourceSheetModel({ session: () => session, format: () => format }),
  );
  const setup = new SheetController(
    setupSheetModel({ session: () => session, familyIds: families }),
  );
  return { doc, plan, grid, capacity, setup, name: first.name, id: first.id };
}

describe('the plan grid refuses implausible numbers and keeps what was typed', () => {
  it('refuses twenty nines typed as demand, with the reason in the editor', () => {
    const { doc, grid, plan, id } = cycle();
    grid.show({ group: id, row: 0, col: 3 });
    grid.startEdit('9');
    grid.type('99999999999999999999');
    expect(grid.commit(1, 0)).toBe(false);
    expect(grid.edit).toMatchObject({
      draft: '99999999999999999999',
      error:
        '100,000,000,000,000,000,000 is above the largest number a plan takes, 1,000,000,000,000.',
    });
    expect(docToPlan(doc).demand[id][plan.periods[3]]).toBe(800);
  });

  it('refuses a demand 1,000 times the row, names the family, and takes 12.5', () => {
    const { doc, grid, plan, id, name } = cycle();
    grid.show({ group: id, row: 0, col: 3 });
    grid.startEdit('1');
    grid.type('1,200,001');
    expect(grid.commit()).toBe(false);
    expect(grid.edit?.error).toBe(
      `1,200,001 is more than 1,000 times the largest other ${name} demand (1,200): check the number.`,
    );
    grid.type('1,200,000');
    expect(grid.commit()).toBe(true);
    expect(docToPlan(doc).demand[id][plan.periods[3]]).toBe(1_200_000);
    grid.startEdit('1');
    grid.type('12.5');
    expect(grid.commit()).toBe(true);
    expect(docToPlan(doc).demand[id][plan.periods[3]]).toBe(12.5);
  });

  it('pastes the plausible cells of a block and names the refused ones', () => {
    const { doc, grid, plan, id, name } = cycle();
    grid.show({ group: id, row: 0, col: 0 });
    const message = () => grid.message ?? '';
    grid.paste('10\t5000000\t20\n');
    expect(message()).toBe(
      `2 of 3 cells were pasted; 1 cell was not pasted. ` +
        `Demand of ${name}, ${format.month(plan.periods[1])}: 5,000,000 is more than 1,000 times the largest other ${name} demand (800): check the number.`,
    );
    expect(plan.periods.map((m) => docToPlan(doc).demand[id][m])).toEqual([
      10, 1200, 20, 800, 800, 800,
    ]);
    // A whole row of one scale vouches for itself: nothing is refused.
    grid.paste('10\t5000000\t20\t30\t9000000\t7000000\n');
    expect(grid.message).toBeNull();
    expect(docToPlan(doc).demand[id][plan.periods[4]]).toBe(9_000_000);
    // Far too large is refused in any row; with every cell refused, nothing is pasted.
    grid.paste('20000000000000\t30000000000000\n');
    expect(message()).toMatch(/^Nothing was pasted: all 2 cells are implausible\. Demand of /);
  });

  it('refuses capacity out of scale and a setup price above 10^12', () => {
    const { doc, capacity, setup, plan } = cycle();
    const resource = plan.resources[0];
    const largest = Math.max(...plan.periods.map((m) => plan.capacity[resource.id]?.[m] ?? 0));
    expect(largest).toBeGreaterThan(0);
    capacity.show({ group: resource.id, row: 0, col: 0 });
    capacity.startEdit('1');
    capacity.type(String(largest * 1000 + 1));
    expect(capacity.commit()).toBe(false);
    expect(capacity.edit?.error).toContain(`largest other ${resource.name} capacity`);
    capacity.cancel();
    setup.show({ group: plan.families[1].id, row: 0, col: 0 });
    setup.startEdit('2');
    setup.type('2000000000000');
    expect(setup.commit()).toBe(false);
    expect(setup.edit?.error).toBe(
      '2,000,000,000,000 is above the largest number a plan takes, 1,000,000,000,000.',
    );
    expect(docToPlan(doc).families[1].price).toBe(plan.families[1].price);
  });
});

describe('input cells show decimals as typed', () => {
  const result = reconcile(generateDemoPlan({ families: 1, periods: 1, resources: 1, seed: 1 }));
  const row = result.families[0].rows[0];
  const resource = result.resources[0].rows[0];

  it('shows 12.5 as 12.5, whole numbers with separators, up to four decimals', () => {
    expect(familyCell('demand', { ...row, demand: 12.5 }, format)).toMatchObject({
      text: '12.5',
      value: 12.5,
      title: undefined,
    });
    expect(familyCell('supply', { ...row, supply: 1250 }, format).text).toBe('1,250');
    expect(familyCell('supply', { ...row, supply: 0.1234 }, format).text).toBe('0.1234');
    expect(familyCell('budget', { ...row, budget: 1200.5 }, format).text).toBe('€1,200.5');
    expect(familyCell('budget', { ...row, budget: 13000 }, format).text).toBe('€13,000');
    expect(resourceCell('capacity', { ...resource, capacity: 37.75 }, format).text).toBe('37.75');
    // More decimals than a cell shows: the tooltip gives the number exactly.
    expect(familyCell('demand', { ...row, demand: 1.23456 }, format)).toMatchObject({
      text: '1.2346',
      title: 'Exactly 1.23456',
    });
  });

  it('leaves computed cells as they were: whole units and money', () => {
    expect(familyCell('shipments', { ...row, shipments: 12.5 }, format).text).toBe('13');
    expect(familyCell('revenue', { ...row, revenue: 1200.5 }, format).text).toBe('€1,201');
    expect(resourceCell('load', { ...resource, load: 37.75, overload: 0 }, format).text).toBe('38');
  });
});
