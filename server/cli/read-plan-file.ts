import { readFile } from 'node:fs/promises';
import { formatPlanIssue, parsePlan, type Plan, type Scenario } from '../../shared/engine/index.ts';
import { parseScenario } from '../../shared/engine/scenario.ts';
import { InputError, oneLine } from './cli-error.ts';

/** At most this many problems of one file are listed; a last line counts the rest. */
export const MAX_PROBLEMS_PER_FILE = 50;

/** A plan file read and validated, or the problems found, one line each. */
export type PlanFileResult = { ok: true; plan: Plan } | { ok: false; problems: string[] };

/**
 * Reads a plan file and validates it with the engine's `parsePlan`. Problems are lines
 * that name the file as the user typed it and the JSON path:
 * `plan.json: demand.F9: unknown family "F9"`, `plan.json: file not found`,
 * `plan.json: not valid JSON: ...`. Unexpected read errors are thrown.
 */
export async function readPlanFile(file: string): Promise<PlanFileResult> {
  const read = await readJsonFile(file);
  if (!read.ok) return read;
  const json = read.json;
  const parsed = parsePlan(json);
  if (parsed.ok) return { ok: true, plan: parsed.plan };
  const problems = parsed.issues
    .slice(0, MAX_PROBLEMS_PER_FILE)
    .map((issue) => oneLine(`${file}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`));
  const more = parsed.issues.length - problems.length;
  if (more > 0) problems.push(`${file}: ${more} more problem${more === 1 ? '' : 's'} not shown`);
  return { ok: false, problems };
}

/**
 * Reads and validates several plan files; throws one {@link InputError} with the
 * problems of all of them, so that a user sees everything to fix at once.
 */
export async function readPlanFiles(files: readonly string[]): Promise<Plan[]> {
  const results = await Promise.all(files.map(readPlanFile));
  const problems = results.flatMap((result) => (result.ok ? [] : result.problems));
  if (problems.length > 0) throw new InputError(problems);
  return results.map((result) => (result as { ok: true; plan: Plan }).plan);
}

/**
 * A JSON file's content, or one problem naming the file: not found, a directory, no
 * permission, or not valid JSON (with line and column). A byte order mark is skipped.
 */
async function readJsonFile(
  file: string,
): Promise<{ ok: true; json: unknown } | { ok: false; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = readErrorReason(error);
    if (reason === null) throw error;
    return { ok: false, problems: [`${file}: ${reason}`] };
  }
  // A byte order mark is common in files saved by spreadsheet tools; JSON.parse rejects it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, json: JSON.parse(source) };
  } catch (error) {
    return { ok: false, problems: [`${file}: not valid JSON: ${jsonErrorMessage(error, source)}`] };
  }
}

/**
 * Reads a scenario file and checks it against the plan it applies to; throws an
 * {@link InputError} with one line per problem (`s.json: overrides.0.targets.1: unknown
 * family "F9"`).
 */
export async function readScenarioFile(file: string, plan: Plan): Promise<Scenario> {
  const read = await readJsonFile(file);
  if (!read.ok) throw new InputError(read.problems);
  const parsed = parseScenario(read.json, plan);
  if (parsed.ok) return parsed.scenario;
  throw new InputError(
    parsed.issues
      .slice(0, MAX_PROBLEMS_PER_FILE)
      .map((issue) => oneLine(`${file}: ${formatPlanIssue(issue)}`)),
  );
}

function readErrorReason(error: unknown): string | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, not a plan file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return null;
  }
}

/** The parser's message on one line, with the line and column of its position if it gave one. */
function jsonErrorMessage(error: unknown, text: string): string {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const position = /at position (\d+)/.exec(message);
  if (position === null || /\bline \d+/.test(message)) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
