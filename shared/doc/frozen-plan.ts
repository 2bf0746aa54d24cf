import { parsePlan, type Plan } from '../engine/index.ts';

/**
 * A frozen plan: a copy of the plan file kept as one JSON text in the document (the plan
 * of the cycle before, the published pre-read), so later edits of the live plan never
 * change it and no one edits it field by field. One writer and one reader for both.
 */

/** A plan as the frozen text a root map keeps under `plan`. */
export function freezePlan(plan: Plan): string {
  return JSON.stringify(plan);
}

/**
 * The plan a frozen text holds, or null when there is none or it cannot be read: a plan
 * that fails the plan file's rules is never shown as if it were the frozen one.
 */
export function readFrozenPlan(text: unknown): Plan | null {
  if (typeof text !== 'string') return null;
  try {
    const parsed = parsePlan(JSON.parse(text));
    return parsed.ok ? parsed.plan : null;
  } catch {
    return null;
  }
}
