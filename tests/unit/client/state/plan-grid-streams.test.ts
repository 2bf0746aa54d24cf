import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import { measuresOf } from '../../../../client/src/lib/plan-cells.ts';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import { familySheetModel } from '../../../../client/src/state/plan-grid-models.svelte.ts';
import { SheetController } from '../../../../client/src/state/plan-grid.svelte.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  adjustDemand,
  docToPlan,
  importPlan,
  PlanProjection,
} from '../../../../shared/doc/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';

const format = createFormatters('EUR', 'en-US');
const AT = '2026-12-05T10:00:00.000Z';

/**
 * The family grid over a real document and projection, family 0's demand 800 a month,
 * with sales +20 and marketing −5 on its second month.
 */
function cycle() {
  const doc = new Y.Doc();
  const plan = generateDemoPlan({ families: 2, periods: 4, resources: 1, seed: 3 });
  delete plan.demandStreams;
  const family = plan.families[0];
  plan.demand[family.id] = Object.fromEntries(plan.periods.map((m) => [m, 800]));
  importPlan(doc, plan);
  const [first, second] = plan.periods;
  adjustDemand(
    doc,
    { family: family.id, month: second, stream: 'sales', amount: 20, reason: 'customer order' },
    'Sam Sales',
    AT,
  );
  adjustDemand(
    doc,
    { family: family.id, month: second, stream: 'marketing', amount: -5, reason: 'promotion' },
    'Mia Marketing',
    AT,
  );
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
  const grid = new SheetController(
    familySheetModel({
      session: () => session,
      format: () => format,
      familyIds: () => plan.families.map((f) => f.id),
      measures: () => measuresOf('demand'),
    }),
  );
  const opened: string[] = [];
  grid.onDetail((at, because) => opened.push(`${at.group}|${at.col}|${because ?? ''}`));
  const demand = () => docToPlan(doc).demand[family.id];
  return { grid, opened, demand, family, first, second, other: plan.families[1] };
}

describe('the demand grid over streams', () => {
  it('shows the consensus, and typing into an adjusted month opens its breakdown', () => {
    const { grid, opened, demand, family, second } = cycle();
    grid.activate({ group: family.id, row: 0, col: 1 });
    expect(grid.copyText()).toBe('815');
    expect(grid.startEdit('9')).toBe(true);
    expect(grid.edit).toBeNull();
    const why = `Demand of ${family.name}, ${format.month(second)} is the consensus of its streams: change it in a stream, with a reason, in its breakdown (Alt+Enter).`;
    expect(grid.message).toBe(why);
    expect(opened).toEqual([`${family.id}|1|${why}`]);
    expect(demand()[second]).toBe(815);
  });

  it('writes the baseline of a month nobody adjusted', () => {
    const { grid, opened, demand, family, first } = cycle();
    grid.activate({ group: family.id, row: 0, col: 0 });
    expect(grid.startEdit('9')).toBe(true);
    grid.type('900');
    expect(grid.commit()).toBe(true);
    expect(demand()[first]).toBe(900);
    expect(opened).toEqual([]);
    expect(grid.openDetail()).toBe(true);
    expect(opened).toEqual([`${family.id}|0|`]);
  });

  it('pastes a block around an adjusted month, leaving it as it is and saying why', () => {
    const { grid, demand, family, first, second } = cycle();
    grid.activate({ group: family.id, row: 0, col: 0 });
    grid.paste('700\t710\t720\n');
    expect(grid.message).toBe(
      `2 of 3 cells were pasted; 1 cell was not pasted. Demand of ${family.name}, ${format.month(second)}: it is the consensus of its streams: change it in a stream, with a reason, in its breakdown (Alt+Enter).`,
    );
    expect(demand()[first]).toBe(700);
    expect(demand()[second]).toBe(815);
  });
});
