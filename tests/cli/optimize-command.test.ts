import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../shared/engine/scenario.ts';
import { runFulcrum } from '../helpers/cli.ts';
import { makePlan, months, row } from '../helpers/plan-builder.ts';
import { tempDirsForFile } from '../helpers/relay.ts';

const tempDir = tempDirsForFile();
const periods = months('2027-01', 3);

/** Line 1 can make 80 a month; demand is 100, 100 then 40. */
const tight = makePlan({
  periods,
  families: [{ id: 'A', name: 'Cordless drills', price: 100, unitCost: 50, openingInventory: 0 }],
  resources: [{ id: 'L1', name: 'Assembly line 1', extraHourCost: 1000 }],
  loads: [{ family: 'A', resource: 'L1', hoursPerUnit: 1 }],
  demand: { A: row(periods, [100, 100, 40]) },
  supply: { A: row(periods, [100, 100, 40]) },
  capacity: { L1: row(periods, [80, 80, 80]) },
  settings: { overtimeShare: 0 },
});

describe('fulcrum optimize', () => {
  it('prints the cost by lever, the binding hours and what holds a backlog, and writes the draft', async () => {
    const dir = await tempDir('optimize-');
    const file = join(dir, 'plan.json');
    const out = join(dir, 'constrained.json');
    await writeFile(file, JSON.stringify(tight));
    const run = await runFulcrum(['optimize', file, '--scenario-out', out], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Constrained supply plan of');
    expect(run.stdout).toMatch(
      /What one more hour is worth where capacity binds \(2, most first\)/,
    );
    expect(run.stdout).toMatch(
      /Cordless drills: peak 40 units in 2027-02, held by Assembly line 1/,
    );
    const scenario = parseScenario(JSON.parse(await readFile(out, 'utf8')), tight);
    expect(scenario.ok).toBe(true);
    // Made 80, 80, then 80 to catch up: the backlog of 20 then 40 is cleared in March.
    expect(scenario.ok && scenario.scenario.overrides).toEqual([
      { measure: 'supply', targets: ['A'], from: '2027-01', to: '2027-01', op: 'set', value: 80 },
      { measure: 'supply', targets: ['A'], from: '2027-02', to: '2027-02', op: 'set', value: 80 },
      { measure: 'supply', targets: ['A'], from: '2027-03', to: '2027-03', op: 'set', value: 80 },
    ]);
  });

  it('gives every month as JSON, and names what to relax when no plan meets the limits', async () => {
    const dir = await tempDir('optimize-');
    const file = join(dir, 'plan.json');
    await writeFile(file, JSON.stringify(tight));
    const json = await runFulcrum(['optimize', file, '--json'], {});
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.backlog.A).toEqual({ '2027-01': 20, '2027-02': 40, '2027-03': 0 });
    expect(result.costs.total).toBeGreaterThan(0);
    const impossible = {
      ...tight,
      families: [{ ...tight.families[0], minSupply: 120 }],
    };
    await writeFile(file, JSON.stringify(impossible));
    const refused = await runFulcrum(['optimize', file], {});
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      "No supply plan meets every limit: the families' minimum supply needs more hours than capacity and overtime allow at Assembly line 1 in 2027-01 (120 hours needed, 80 allowed)",
    );
  });
});
