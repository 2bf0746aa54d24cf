import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { parsePlan, type Plan } from '../../shared/engine/index.ts';
import { main, type CliIo } from '../../server/cli/main.ts';

/** The repository root: the command runs from here, as after `npm install`. */
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line in a child process, as a user would. */
function run(args: readonly string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FULCRUM_DEBUG;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/fulcrum.js', ...args],
      { cwd: root, env },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A stack trace line (`    at fn (file:1:2)`) or a Node error banner. */
const STACK = /^\s+at |\.ts:\d+|Node\.js v\d|Error:/m;

/** Expects invalid input: exit 2, nothing on stdout, exactly these lines on stderr. */
function expectInvalid(result: Run, lines: readonly string[], check: ExpectStatic = expect): void {
  check(result.stderr).toBe(lines.map((line) => `${line}\n`).join(''));
  check(result.stderr).not.toMatch(STACK);
  check(result.stdout).toBe('');
  check(result.code).toBe(2);
}

/** Each line `file: path: message` that the engine reports for this plan file content. */
function engineProblems(file: string, json: unknown): string[] {
  const parsed = parsePlan(json);
  if (parsed.ok) throw new Error('expected an invalid plan');
  return parsed.issues.map(
    (issue) => `${file}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`,
  );
}

let dir: string;
const file = (name: string) => join(dir, name);
const demo = (): Plan => generateDemoPlan({ families: 3, periods: 4, resources: 2 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fulcrum-cli-errors-'));
  await writeFile(file('good.json'), JSON.stringify(demo()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent('fulcrum: problems with plan files exit 2 with one line per problem', () => {
  it('names a missing file as typed', async () => {
    expectInvalid(await run(['reconcile', file('nowhere.json')]), [
      `${file('nowhere.json')}: file not found`,
    ]);
    const typed = relative(root, file('nowhere.json'));
    expectInvalid(await run(['reconcile', typed]), [`${typed}: file not found`]);
  });

  it('says a directory is not a plan file', async () => {
    await mkdir(file('folder.json'));
    expectInvalid(await run(['reconcile', file('folder.json')]), [
      `${file('folder.json')}: is a directory, not a plan file`,
    ]);
  });

  it('reports malformed JSON with the parser message, on one line', async () => {
    await writeFile(file('broken.json'), '{\n  "format": "fulcrum.plan",\n  "version": 1,,\n}\n');
    const result = await run(['reconcile', file('broken.json')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^${escape(file('broken.json'))}: not valid JSON: [^\\n]*line 3\\b[^\\n]*\\n$`),
    );
    expect(result.stderr).not.toMatch(STACK);
  });

  it('reports an empty file as not valid JSON', async () => {
    await writeFile(file('empty.json'), '');
    const result = await run(['reconcile', file('empty.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^${escape(file('empty.json'))}: not valid JSON: .+\\n$`),
    );
  });

  it('rejects a plan of format version 3 with one line on the version', async () => {
    const plan = { ...demo(), version: 3 };
    await writeFile(file('v3.json'), JSON.stringify(plan));
    const result = await run(['reconcile', file('v3.json')]);
    expectInvalid(result, engineProblems(file('v3.json'), plan));
    expect(result.stderr).toMatch(
      new RegExp(`^${escape(file('v3.json'))}: version: [^\\n]*\\b3\\b`),
    );
  });

  it('names the file and the JSON path of an unknown family', async () => {
    const plan = demo();
    plan.demand.F9 = { [plan.periods[0]]: 5 };
    await writeFile(file('plan.json'), JSON.stringify(plan));
    expectInvalid(await run(['reconcile', file('plan.json')]), [
      `${file('plan.json')}: demand.F9: unknown family "F9"`,
    ]);
  });

  it('lists several problems of a file, one line each', async () => {
    const plan = demo();
    plan.demand.F9 = { [plan.periods[0]]: 5 };
    plan.loads[0].resource = 'R99';
    plan.supply.F01['2031-01'] = 3;
    await writeFile(file('several.json'), JSON.stringify(plan));
    const result = await run(['reconcile', file('several.json')]);
    const lines = engineProblems(file('several.json'), plan);
    expect(lines).toHaveLength(3);
    expect(lines).toContain(`${file('several.json')}: demand.F9: unknown family "F9"`);
    expect(lines).toContain(`${file('several.json')}: loads.0.resource: unknown resource "R99"`);
    expect(
      lines.some((line) => line.startsWith(`${file('several.json')}: supply.F01.2031-01: `)),
    ).toBe(true);
    expectInvalid(result, lines);
  });

  it('lists schema problems, one line each, with their paths', async () => {
    const plan: Record<string, unknown> = { ...demo(), surplus: true };
    (plan.families as Plan['families'])[1].price = -4;
    await writeFile(file('schema.json'), JSON.stringify(plan));
    const result = await run(['reconcile', file('schema.json')]);
    const lines = engineProblems(file('schema.json'), plan);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(
      lines.some((line) => line.startsWith(`${file('schema.json')}: families.1.price: `)),
    ).toBe(true);
    expectInvalid(result, lines);
  });

  it('reports the problems of both files of a comparison', async () => {
    const plan = demo();
    plan.demand.F9 = { [plan.periods[0]]: 5 };
    await writeFile(file('current.json'), JSON.stringify(plan));
    expectInvalid(await run(['compare', file('missing.json'), file('current.json')]), [
      `${file('missing.json')}: file not found`,
      `${file('current.json')}: demand.F9: unknown family "F9"`,
    ]);
  });

  it('rejects a JSON value that is not a plan', async () => {
    await writeFile(file('list.json'), '[1, 2]');
    const result = await run(['reconcile', '--json', file('list.json')]);
    expectInvalid(result, engineProblems(file('list.json'), [1, 2]));
  });
});

// Each case starts its own process: run them side by side.
describe.concurrent('fulcrum: bad arguments exit 2 with one line', () => {
  it.for<[string[], string]>([
    [
      ['demo-plan', '--families', 'abc'],
      'fulcrum demo-plan: --families must be an integer from 1 to 10000, got "abc"',
    ],
    [
      ['demo-plan', '--periods', '0'],
      'fulcrum demo-plan: --periods must be an integer from 1 to 60, got "0"',
    ],
    [
      ['demo-plan', '--periods', '61'],
      'fulcrum demo-plan: --periods must be an integer from 1 to 60, got "61"',
    ],
    [
      ['demo-plan', '--resources', '2.5'],
      'fulcrum demo-plan: --resources must be an integer from 1 to 1000, got "2.5"',
    ],
    [
      ['demo-plan', '--seed', '-1'],
      'fulcrum demo-plan: --seed must be an integer from 0 to 4294967295, got "-1"',
    ],
    [
      ['demo-plan', '--cycle', '2026-13'],
      'fulcrum demo-plan: --cycle must be a month written YYYY-MM, got "2026-13"',
    ],
    [
      ['demo-plan', '--cycle', '9999-06'],
      'fulcrum demo-plan: cycle 9999-06 leaves no room for 12 months of history and 18 periods within the years 0000 to 9999',
    ],
    [['demo-plan', '--families'], 'fulcrum demo-plan: --families needs a value'],
    [
      ['demo-plan', '--families', '3', '--families', '4'],
      'fulcrum demo-plan: --families is given more than once',
    ],
    [['demo-plan', '--json'], 'fulcrum demo-plan: unknown option "--json"'],
    [['demo-plan', 'extra'], 'fulcrum demo-plan: unexpected argument "extra"'],
    [
      ['reconcile'],
      'fulcrum reconcile: missing plan.json; usage: fulcrum reconcile <plan.json> [--scenario s.json] [--json]',
    ],
    [['reconcile', 'a.json', 'b.json'], 'fulcrum reconcile: unexpected argument "b.json"'],
    [['reconcile', 'a.json', '--json=yes'], 'fulcrum reconcile: --json takes no value'],
    [['reconcile', 'a.json', '-v'], 'fulcrum reconcile: unknown option "-v"'],
    [
      ['compare', 'a.json'],
      'fulcrum compare: missing current.json; usage: fulcrum compare <previous.json> [<current.json>] [--scenario s.json] [--json]',
    ],
    [['plan'], 'fulcrum: unknown command "plan"; run "fulcrum help" for the list of commands'],
  ])('%j', async ([args, line], { expect }) => {
    expectInvalid(await run(args), [line], expect);
  });
});

describe('fulcrum: unexpected failures exit 1 with a message and no stack', () => {
  function io(env: Record<string, string> = {}): CliIo & { errors: string[] } {
    const errors: string[] = [];
    return {
      errors,
      stdout: () => Promise.reject(new Error('the disk is full')),
      stderr: (text) => void errors.push(text),
      env,
    };
  }

  it('prints one line', async () => {
    const target = io();
    expect(await main(['demo-plan', '--families', '1'], target)).toBe(1);
    expect(target.errors).toEqual(['fulcrum: unexpected failure: the disk is full\n']);
  });

  it('adds the stack with FULCRUM_DEBUG=1', async () => {
    const target = io({ FULCRUM_DEBUG: '1' });
    expect(await main(['help'], target)).toBe(1);
    expect(target.errors[0]).toBe('fulcrum: unexpected failure: the disk is full\n');
    expect(target.errors.join('')).toMatch(STACK);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
