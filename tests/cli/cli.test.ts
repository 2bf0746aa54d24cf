import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { comparePlans, parsePlan, reconcile, type Plan } from '../../shared/engine/index.ts';
import { planMeasures } from '../../shared/engine/measures.ts';

/** The repository root: the command runs from here, as after `npm install`. */
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line in a child process, as a user would. */
function run(args: readonly string[], command = process.execPath): Promise<Run> {
  const argv = command === process.execPath ? ['bin/fulcrum.js', ...args] : [...args];
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FULCRUM_DEBUG;
  return new Promise((resolve) => {
    execFile(
      command,
      argv,
      { cwd: root, env, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `1234567.8` -> `1,234,568`: an independent check of the summary's number format. */
function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function readPlan(text: string): Plan {
  const parsed = parsePlan(JSON.parse(text));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.plan;
}

// Every test starts its own process and only reads the files written here: they run side by side.
let dir: string;
let planFile: string;
let previousFile: string;
let editedFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fulcrum-cli-'));
  planFile = join(dir, 'plan.json');
  previousFile = join(dir, 'previous.json');
  editedFile = join(dir, 'edited.json');
  await writeFile(planFile, JSON.stringify(generateDemoPlan(), null, 2));
  await writeFile(previousFile, JSON.stringify(generateDemoPlan({ cycle: '2026-11' })));
  // The current plan with one family dropped, one new family and a price rise.
  const edited = generateDemoPlan({ families: 13 });
  edited.families = edited.families.filter((family) => family.id !== 'F02');
  for (const grid of [edited.demand, edited.supply, edited.budget, edited.history]) delete grid.F02;
  delete edited.actuals?.F02;
  delete edited.marginBudget?.F02;
  edited.loads = edited.loads.filter((load) => load.family !== 'F02');
  edited.families[0].price = Math.round(edited.families[0].price * 110) / 100;
  await writeFile(editedFile, JSON.stringify(edited));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent('fulcrum help', () => {
  it.each([[[]], [['help']], [['--help']], [['-h']]])('prints the usage for %j', async (args) => {
    const result = await run(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Fulcrum: /);
    for (const command of ['reconcile <plan.json>', 'compare <previous.json>', 'demo-plan']) {
      expect(result.stdout).toContain(`fulcrum ${command}`);
    }
    expect(result.stdout).toContain('--families N');
  });

  it('works through npx as installed', async () => {
    // The package's own `bin` entry, resolved by npx from the repository root.
    const result = await run(['fulcrum', '--help'], 'npx');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('fulcrum reconcile <plan.json> [--scenario s.json] [--json]');
  });
});

describe.concurrent('fulcrum demo-plan', () => {
  it('prints the generated plan, indented, and the same on every run', async () => {
    const args = [
      'demo-plan',
      '--families',
      '30',
      '--periods',
      '24',
      '--resources',
      '6',
      '--seed',
      '7',
    ];
    const [first, second] = await Promise.all([run(args), run(args)]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    const options = { families: 30, periods: 24, resources: 6, seed: 7 };
    expect(first.stdout).toBe(`${JSON.stringify(generateDemoPlan(options), null, 2)}\n`);
    const plan = readPlan(first.stdout);
    expect(plan.families).toHaveLength(30);
    expect(plan.periods).toHaveLength(24);
    expect(plan.resources).toHaveLength(6);
  });

  it('accepts --name=value and --cycle', async () => {
    const result = await run(['demo-plan', '--families=3', '--cycle', '2027-04', '--periods=2']);
    expect(result.code).toBe(0);
    const plan = readPlan(result.stdout);
    expect(plan.cycle).toBe('2027-04');
    expect(plan.periods).toEqual(['2027-04', '2027-05']);
    expect(plan.families.map((family) => family.id)).toEqual(['F01', 'F02', 'F03']);
  });

  it('prints the default demo plan without options', async () => {
    const result = await run(['demo-plan']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify(generateDemoPlan(), null, 2)}\n`);
  });
});

describe.concurrent('fulcrum reconcile', () => {
  it('prints a readable summary with every section', async () => {
    const result = await run(['reconcile', planFile]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const { stdout } = result;
    const plan = readPlan(await readFile(planFile, 'utf8'));
    const expected = reconcile(plan);
    const sum = (pick: (t: (typeof expected.totals)[number]) => number) =>
      expected.totals.reduce((total, period) => total + pick(period), 0);

    expect(stdout).toContain(
      `Plan ${planFile}: cycle 2026-12, horizon 2026-12 to 2028-05 (18 months), currency EUR`,
    );
    expect(stdout).toContain('12 families, 4 resources');
    expect(stdout).toContain('Horizon totals');
    expect(stdout).toMatch(new RegExp(`Demand +${grouped(sum((t) => t.demand))} units`));
    expect(stdout).toMatch(new RegExp(`Shipments +${grouped(sum((t) => t.shipments))} units`));
    expect(stdout).toMatch(new RegExp(`Revenue +${grouped(sum((t) => t.revenue))} EUR`));
    expect(stdout).toMatch(
      new RegExp(`Margin +${grouped(sum((t) => t.margin))} EUR +\\d+\\.\\d% of revenue`),
    );
    expect(stdout).toMatch(
      new RegExp(`Budget +${grouped(sum((t) => t.budget))} EUR +over the family-months`),
    );
    expect(stdout).toMatch(
      new RegExp(`Revenue without budget +${grouped(sum((t) => t.unbudgetedRevenue))} EUR`),
    );
    expect(stdout).toMatch(
      new RegExp(`Backlog at its peak +${grouped(expected.backlog.peakValue)} EUR`),
    );
    const gap = sum((t) => t.budgetGap);
    expect(stdout).toMatch(
      new RegExp(
        `Budget gap +${gap > 0 ? '\\+' : '-'}${grouped(Math.abs(gap))} EUR +[+-]\\d+\\.\\d% of budget`,
      ),
    );

    // Count and value per kind, never one sum across kinds.
    const summary = expected.gapSummary;
    const kind = (key: keyof typeof summary, label: string) =>
      `${summary[key].count} ${label} ${grouped(summary[key].value)} EUR`;
    expect(stdout).toContain(
      `Gaps: ${expected.gaps.length} (${kind('shortage', 'shortage')}, ${kind('belowSafetyStock', 'below safety stock')}, ${kind('overload', 'overload')}, ${kind('belowBudget', 'below budget')}, ${kind('excessInventory', 'excess stock')})`,
    );
    expect(stdout).toContain('Top 10 by value');
    const lines = stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('  Kind '));
    expect(lines[header]).toMatch(/^ {2}Kind +Subject +Months +Amount +Value$/);
    const top = lines.slice(header + 1, header + 11);
    expected.gaps.slice(0, 10).forEach((gap, i) => {
      expect(top[i]).toContain(`(${gap.subject})`);
      expect(top[i]).toContain(gap.period);
      expect(top[i]).toMatch(new RegExp(`${grouped(gap.value)} EUR$`));
    });
    expect(lines[header + 11]).toBe('');

    const overloaded = expected.resources.filter((r) => r.rows.some((row) => row.overload > 0));
    expect(overloaded.length).toBeGreaterThan(0);
    expect(stdout).toContain(`Overloaded resources: ${overloaded.length} of 4`);
    for (const resource of overloaded) {
      const worst = resource.rows
        .filter((row) => row.overload > 0)
        .reduce((a, b) => ((b.utilization ?? 0) > (a.utilization ?? 0) ? b : a));
      const pct = `${((worst.utilization ?? 0) * 100).toFixed(1)}%`;
      expect(stdout).toMatch(
        new RegExp(
          `${resource.name} \\(${resource.id}\\) +\\d+ of 18 +${worst.period} .* ${pct}\\n`,
        ),
      );
    }
    expect(stdout).toMatch(
      /Family-months: 216 \(\d+ shortage, \d+ below safety stock, \d+ overstock, \d+ ok\)/,
    );
    expect(stdout).toMatch(/Forecast accuracy over \d+ history points: WMAPE \d+\.\d%/);
  });

  it('prints exactly the engine result with --json', async () => {
    const result = await run(['reconcile', planFile, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const plan = readPlan(await readFile(planFile, 'utf8'));
    const expected = reconcile(plan);
    const measures = planMeasures(plan, expected);
    expect(result.stdout).toBe(
      `${JSON.stringify({ ...expected.toJSON(), ...measures }, null, 2)}\n`,
    );
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of ['backlog', 'gapSummary', 'horizon', 'performance', 'stock', 'fiscalYear']) {
      expect(printed).toHaveProperty(key);
    }
  });

  it('reads a file saved with a byte order mark', async () => {
    const file = join(dir, 'bom.json');
    await writeFile(file, `\uFEFF${await readFile(planFile, 'utf8')}`);
    const result = await run(['reconcile', '--json', file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).cycle).toBe('2026-12');
  });
});

describe.concurrent('fulcrum compare', () => {
  it("summarises last month's plan against this month's", async () => {
    const result = await run(['compare', previousFile, planFile]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const comparison = comparePlans(
      readPlan(await readFile(previousFile, 'utf8')),
      readPlan(await readFile(planFile, 'utf8')),
    );
    const { stdout } = result;
    expect(stdout).toContain(
      `Comparing ${previousFile} (cycle 2026-11) with ${planFile} (cycle 2026-12)`,
    );
    expect(stdout).toContain('Window: 2026-12 to 2028-04 (17 months both plans cover)');
    const { revenue, demand } = comparison.totals;
    const delta = (value: number) => `${value > 0 ? '\\+' : '-'}${grouped(Math.abs(value))}`;
    expect(stdout).toMatch(
      new RegExp(
        `Demand \\(units\\) +${grouped(demand.previous)} +${grouped(demand.current)} +${delta(demand.delta)} +[+-]\\d+\\.\\d%`,
      ),
    );
    expect(stdout).toMatch(
      new RegExp(
        `Revenue \\(EUR\\) +${grouped(revenue.previous)} +${grouped(revenue.current)} +${delta(revenue.delta)}`,
      ),
    );
    expect(stdout).toContain('Revenue bridge (price-volume-mix)');
    expect(stdout).toMatch(new RegExp(`Volume +${delta(comparison.bridge.volume)} EUR`));
    expect(stdout).toMatch(new RegExp(`Mix +${delta(comparison.bridge.mix)} EUR`));
    expect(stdout).toMatch(/Price +0 EUR/);
    expect(stdout).toMatch(new RegExp(`Total +${delta(revenue.delta)} EUR`));
    expect(stdout).toContain('Families: 12 in both, 0 added, 0 removed');
    expect(stdout).toContain('Largest family changes (by revenue)');
    const largest = [...comparison.families].sort(
      (a, b) => Math.abs(b.revenue.delta) - Math.abs(a.revenue.delta),
    )[0];
    const after = stdout.slice(stdout.indexOf('Largest family changes'));
    expect(after.split('\n')[2]).toContain(`(${largest.id})`);
  });

  it('shows families added and removed, and a price effect', async () => {
    const result = await run(['compare', planFile, editedFile]);
    expect(result.code).toBe(0);
    const { stdout } = result;
    expect(stdout).toContain('Families: 11 in both, 1 added, 1 removed');
    expect(stdout).toContain('  Added: Angle grinders (F13)');
    expect(stdout).toContain('  Removed: Garden hoses (F02)');
    expect(stdout).toMatch(/Price +\+\d{1,3}(,\d{3})* EUR/);
    expect(stdout).toMatch(/Garden hoses \(F02\) +removed .* -100\.0%/);
    expect(stdout).toMatch(/Angle grinders \(F13\) +added .* new/);
  });

  it('prints exactly the engine comparison with --json', async () => {
    const result = await run(['compare', '--json', planFile, editedFile]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const expected = comparePlans(
      readPlan(await readFile(planFile, 'utf8')),
      readPlan(await readFile(editedFile, 'utf8')),
    );
    expect(result.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    const { bridge, marginBridge } = JSON.parse(result.stdout) as typeof expected;
    expect(bridge.volume + bridge.mix + bridge.price).toBeCloseTo(bridge.total, 6);
    const m = marginBridge;
    expect(m.volume + m.mix + m.price + m.cost).toBeCloseTo(m.total, 6);
    expect(m.total).toBeCloseTo(m.current - m.previous, 6);
  });

  it('accepts file names relative to the working directory, as typed', async () => {
    const typed = relative(root, planFile);
    const result = await run(['compare', typed, typed]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Comparing ${typed} (cycle 2026-12) with ${typed} (cycle 2026-12)`,
    );
    expect(result.stdout).toContain('Largest family changes: no family changed');
  });
});
