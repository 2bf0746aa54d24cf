import type { CycleDoc } from './cycle-doc.ts';
import { closureMap } from './layout.ts';

/** How a cycle was closed: when, by whom, the hash of what it held, and the cycle after it. */
export interface Closure {
  closedAt: string;
  closedBy: string;
  /** `sha256:<hex>` of the cycle's canonical content (see `cycleContent`). */
  hash: string;
  nextCycle: string;
}

/** How the cycle was closed, or null while it is open. */
export function readClosure(doc: CycleDoc): Closure | null {
  const map = closureMap(doc);
  const [closedAt, closedBy, hash, nextCycle] = ['closedAt', 'closedBy', 'hash', 'nextCycle'].map(
    (key) => map.get(key),
  );
  if (typeof closedAt !== 'string') return null;
  return {
    closedAt,
    closedBy: typeof closedBy === 'string' ? closedBy : '',
    hash: typeof hash === 'string' ? hash : '',
    nextCycle: typeof nextCycle === 'string' ? nextCycle : '',
  };
}

/** True once the cycle is closed (frozen): what was agreed can no longer change. */
export function isClosed(doc: CycleDoc): boolean {
  return closureMap(doc).has('closedAt');
}
