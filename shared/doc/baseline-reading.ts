import * as v from 'valibot';
import * as Y from 'yjs';
import { baselineRunSchema } from '../schema/records.ts';
import type { CycleDoc } from './cycle-doc.ts';
import { forecastMap } from './layout.ts';

/** The last statistical baseline put into the plan: who, when, and each family's method. */
export type BaselineRun = v.InferOutput<typeof baselineRunSchema>;

/**
 * The statistical baseline last used in this cycle (`useBaseline`), checked; null when
 * nobody used one yet or what is stored fails its schema.
 */
export function readBaselineRun(doc: CycleDoc): BaselineRun | null {
  const stored = forecastMap(doc).get('baseline');
  const parsed = v.safeParse(baselineRunSchema, stored instanceof Y.Map ? stored.toJSON() : stored);
  return parsed.success ? parsed.output : null;
}
