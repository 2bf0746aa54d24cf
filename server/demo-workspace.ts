import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEMO_REVIEWERS } from '../shared/demo/demo-adjustments.ts';
import { generateDemoPlan } from '../shared/demo/demo-plan.ts';
import { parsePlan, type Plan, type PlanIssue } from '../shared/engine/index.ts';
import type { Role, SopFunction } from '../shared/policy/roles.ts';
import { errorMessage } from './log.ts';

/** The id of the workspace every new data folder starts with. */
export const DEMO_WORKSPACE_ID = 'demo';

/** One person of the demo workspace: the invite `npm start` prints a link for. */
export interface DemoPerson {
  name: string;
  role: Role;
  functions: readonly SopFunction[];
}

/**
 * The people of the demo workspace, one per kind of invite, so the demo shows what each
 * role and function may do: the facilitator first, then an editor per planning function
 * (sales and marketing apart, so the demand review shows two functions adjusting), an
 * executive approver and a viewer. The demo plan's adjustments are made in their names.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { name: DEMO_REVIEWERS.facilitator, role: 'facilitator', functions: ['executive'] },
  { name: DEMO_REVIEWERS.sales, role: 'editor', functions: ['sales'] },
  { name: DEMO_REVIEWERS.marketing, role: 'editor', functions: ['marketing'] },
  { name: 'Sue Supply', role: 'editor', functions: ['supplyChain'] },
  { name: 'Finn Finance', role: 'editor', functions: ['finance'] },
  { name: 'Eve Executive', role: 'approver', functions: ['executive'] },
  { name: 'Val Viewer', role: 'viewer', functions: [] },
];

/** The outcome of reading a workspace's plan file. */
export type PlanFileResult =
  | { ok: true; file: string; plan: Plan; created: boolean }
  | { ok: false; file: string; issues: PlanIssue[] };

/** Path of the demo workspace's current plan inside a data folder. */
export function demoPlanFile(dataDir: string): string {
  return join(dataDir, 'workspaces', DEMO_WORKSPACE_ID, 'plan.json');
}

/** One line per problem: `path: message`. */
export function describeIssues(issues: PlanIssue[]): string {
  return issues
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Reads the demo workspace's plan from the data folder, creating it from the demo
 * generator the first time. The file is validated on every read, so a plan edited or
 * damaged by hand is reported (with its path and problems), never served half-valid.
 */
export class DemoWorkspace {
  readonly file: string;
  #creating: Promise<void> | null = null;

  constructor(dataDir: string) {
    this.file = demoPlanFile(dataDir);
  }

  /** Reads the plan file, creating it first when it does not exist. */
  async readPlan(): Promise<PlanFileResult> {
    let created = false;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (!isMissing(error)) return this.#fail('', `cannot be read: ${errorMessage(error)}`);
      // Concurrent first requests share one creation rather than racing two writes.
      this.#creating ??= this.#create().finally(() => (this.#creating = null));
      await this.#creating;
      created = true;
      text = await readFile(this.file, 'utf8');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return this.#fail('', `is not valid JSON: ${errorMessage(error)}`);
    }
    const parsed = parsePlan(json);
    if (!parsed.ok) return { ok: false, file: this.file, issues: parsed.issues };
    return { ok: true, file: this.file, plan: parsed.plan, created };
  }

  async #create(): Promise<void> {
    const text = demoPlanText();
    await mkdir(dirname(this.file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves a truncated plan behind.
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, this.file);
  }

  #fail(path: string, message: string): PlanFileResult {
    return { ok: false, file: this.file, issues: [{ path, message }] };
  }
}

let generated: string | undefined;

/**
 * The demo plan file's text, with the demand review's story: generated and checked
 * once per process (it runs the statistical baseline for every family and closed cycle,
 * about a second), as the same options always give the same plan.
 */
function demoPlanText(): string {
  if (generated !== undefined) return generated;
  const parsed = parsePlan(generateDemoPlan({ demandReview: true }));
  if (!parsed.ok) {
    throw new Error(
      `The demo plan generator made an invalid plan: ${describeIssues(parsed.issues)}`,
    );
  }
  generated = `${JSON.stringify(parsed.plan, null, 2)}\n`;
  return generated;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
