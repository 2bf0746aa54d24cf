import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { compareScenarios } from '../../shared/scenarios/compare-scenarios.ts';
import { comparePlans, reconcile, type Scenario } from '../../shared/engine/index.ts';
import { planMeasures } from '../../shared/engine/measures.ts';
import { applyScenario } from '../../shared/engine/scenario.ts';
import { runFulcrum, type CliRun } from '../helpers/cli.ts';

let dir: string;
const plan = generateDemoPlan({ families: 4, periods: 6, resources: 2, seed: 4 });
const scenario: Scenario = {
  format: 'fulcrum.scenario',
  version: 1,
  name: 'Extra shift',
  assumption: 'A second shift on every line from February',
  overrides: [{ measure: 'capacity', targets: 'all', from: '2027-02', op: 'scale', value: 1.5 }],
};

function fulcrum(args: string[]): Promise<CliRun> {
  return runFulcrum(args, {});
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fulcrum-scenario-'));
  await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
  await writeFile(join(dir, 'shift.json'), JSON.stringify(scenario));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scenarios on the command line', () => {
  it('reconciles a plan with a scenario', async () => {
    const run = await fulcrum([
      'reconcile',
      join(dir, 'plan.json'),
      '--scenario',
      join(dir, 'shift.json'),
      '--json',
    ]);
    expect(run.stderr).toBe('');
    const applied = applyScenario(plan, scenario);
    const result = reconcile(applied);
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(JSON.stringify({ ...result.toJSON(), ...planMeasures(applied, result) })),
    );
    const summary = await fulcrum([
      'reconcile',
      join(dir, 'plan.json'),
      '--scenario',
      join(dir, 'shift.json'),
    ]);
    expect(summary.stdout.split('\n')[0]).toContain('with scenario "Extra shift"');
  });

  it('compares a plan with its scenario', async () => {
    const run = await fulcrum([
      'compare',
      join(dir, 'plan.json'),
      '--scenario',
      join(dir, 'shift.json'),
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(JSON.stringify(comparePlans(plan, applyScenario(plan, scenario)))),
    );
  });

  it('names the problems of a scenario file by path, and of a missing one', async () => {
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ ...scenario, overrides: [{ ...scenario.overrides[0], targets: ['L404'] }] }),
    );
    const bad = await fulcrum([
      'reconcile',
      join(dir, 'plan.json'),
      '--scenario',
      join(dir, 'bad.json'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      `${join(dir, 'bad.json')}: overrides.0.targets.0: unknown resource "L404"\n`,
    );
    const missing = await fulcrum([
      'compare',
      join(dir, 'plan.json'),
      '--scenario',
      join(dir, 'nope.json'),
    ]);
    expect(missing.stderr).toBe(`${join(dir, 'nope.json')}: file not found\n`);
  });

  it('compares several scenarios side by side with the baseline', async () => {
    const upside: Scenario = {
      format: 'fulcrum.scenario',
      version: 1,
      name: 'Demand upside',
      overrides: [{ measure: 'demand', targets: 'all', op: 'scale', value: 1.2 }],
    };
    await writeFile(join(dir, 'upside.json'), JSON.stringify(upside));
    const files = [join(dir, 'shift.json'), join(dir, 'upside.json')];
    const json = await fulcrum(['scenarios', join(dir, 'plan.json'), ...files, '--json']);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toEqual(
      JSON.parse(
        JSON.stringify(
          compareScenarios(plan, [
            { id: '1', name: 'Extra shift', scenario },
            { id: '2', name: 'Demand upside', scenario: upside },
          ]),
        ),
      ),
    );
    const text = await fulcrum(['scenarios', join(dir, 'plan.json'), ...files]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toContain('against the baseline');
    expect(lines[2]).toMatch(/Measure +Baseline +Extra shift +Demand upside/);
    expect(text.stdout).toContain('What drives "Demand upside"');
    expect(text.stdout).toMatch(/Revenue \(EUR\) .+\(\+[\d,]+, \+[\d.]+%\)/);
  });

  it('says what is wrong with the scenarios it is given, all at once', async () => {
    const none = await fulcrum(['scenarios', join(dir, 'plan.json')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('missing at least one scenario file');
    const six = await fulcrum([
      'scenarios',
      join(dir, 'plan.json'),
      ...Array(6).fill(join(dir, 'shift.json')),
    ]);
    expect(six.stderr).toBe('fulcrum scenarios: at most 5 scenarios are compared at once, got 6\n');
    const both = await fulcrum([
      'scenarios',
      join(dir, 'plan.json'),
      join(dir, 'bad.json'),
      join(dir, 'nope.json'),
    ]);
    expect(both.stderr).toBe(
      `${join(dir, 'bad.json')}: overrides.0.targets.0: unknown resource "L404"\n${join(dir, 'nope.json')}: file not found\n`,
    );
  });
});
