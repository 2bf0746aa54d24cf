import * as v from 'valibot';
import { commandError } from '../schema/command-error.ts';
import { monthSchema } from '../schema/records.ts';
import { acknowledgementSchema } from '../schema/root-values.ts';
import type { Closure } from './closure.ts';
import { closureMap, transact } from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';

const closureSchema = v.strictObject({
  closedAt: v.pipe(v.string(), v.isoTimestamp('must be an ISO time')),
  closedBy: v.pipe(v.string(), v.minLength(1, 'needs the name of who closed it')),
  hash: v.pipe(v.string(), v.regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>')),
  nextCycle: monthSchema,
  acknowledgement: v.optional(acknowledgementSchema),
});

/**
 * Closes (freezes) a cycle: records when, by whom, its content hash, the cycle after it
 * and, when it closes with items of its checklist open, who acknowledged them, when and
 * which. From then on every named command refuses to write to it, and the relay drops
 * every update to it. Throws, writing nothing, on invalid fields or a closed cycle.
 */
export function closeCycle(doc: CycleDoc, closure: Closure): void {
  const parsed = v.safeParse(closureSchema, closure);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw commandError('closeCycle', issue.message, v.getDotPath(issue) ?? '');
  }
  transact(doc, 'closeCycle', () => {
    const map = closureMap(doc);
    for (const [key, value] of Object.entries(parsed.output)) map.set(key, value);
  });
}
