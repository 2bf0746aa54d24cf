import * as v from 'valibot';
import { acknowledgementSchema } from '../schema/root-values.ts';
import type { CycleDoc } from './cycle-doc.ts';
import { closureMap } from './layout.ts';

/**
 * What was left open when the next cycle started anyway: who acknowledged it, when, and
 * each checklist line with something open (its count and first names).
 */
export type CloseAcknowledgement = v.InferOutput<typeof acknowledgementSchema>;

/**
 * How a cycle was closed: when, by whom, the hash of what it held, the cycle after it,
 * and, when it closed with items open, the acknowledgement of them.
 */
export interface Closure {
  closedAt: string;
  closedBy: string;
  /** `sha256:<hex>` of the cycle's canonical content (see `cycleContent`). */
  hash: string;
  nextCycle: string;
  acknowledgement?: CloseAcknowledgement;
}

/** How the cycle was closed, or null while it is open. */
export function readClosure(doc: CycleDoc): Closure | null {
  const map = closureMap(doc);
  const [closedAt, closedBy, hash, nextCycle] = ['closedAt', 'closedBy', 'hash', 'nextCycle'].map(
    (key) => map.get(key),
  );
  if (typeof closedAt !== 'string') return null;
  // Written by the server alone; read as it must be, or left out.
  const acknowledgement = v.safeParse(acknowledgementSchema, map.get('acknowledgement'));
  return {
    closedAt,
    closedBy: typeof closedBy === 'string' ? closedBy : '',
    hash: typeof hash === 'string' ? hash : '',
    nextCycle: typeof nextCycle === 'string' ? nextCycle : '',
    ...(acknowledgement.success && { acknowledgement: acknowledgement.output }),
  };
}

/** True once the cycle is closed (frozen): what was agreed can no longer change. */
export function isClosed(doc: CycleDoc): boolean {
  return closureMap(doc).has('closedAt');
}
