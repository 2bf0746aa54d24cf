import { readUpdateWrites, type CycleDoc, type DecodedUpdate } from '../doc/index.ts';
import type { Actor } from './roles.ts';
import { checkWrite, type Verdict, type WriteTarget } from './write-policy.ts';
import { checkWriteValue } from './write-values.ts';

/**
 * A check's answer: allowed (with the writes it read, for whoever records what the update
 * touched), refused by a rule, or `incomplete` when the update builds on changes the
 * document does not hold (sending them first would make it readable).
 */
export type UpdateVerdict =
  | { readonly ok: true; readonly writes: readonly WriteTarget[] }
  | { readonly ok: false; readonly reason: string }
  | { readonly ok: false; readonly reason: string; readonly incomplete: true };

/**
 * Checks every write of an update against the write policy, before any of it is applied
 * to `doc`: the first write refused (or an update that cannot be read whole against the
 * document) gives the sentence to send back; an update all of whose writes are allowed
 * is ok. `check` is the relay's check unless a caller passes another.
 */
export function checkUpdate(
  doc: CycleDoc,
  update: Uint8Array | DecodedUpdate,
  actor: Actor,
  check: (actor: Actor, target: WriteTarget) => Verdict = checkRelayWrite,
): UpdateVerdict {
  const read = readUpdateWrites(doc, update);
  if (!read.ok) return { ok: false, reason: read.problem, incomplete: true };
  for (const write of read.writes) {
    const verdict = check(actor, write);
    if (!verdict.ok) return verdict;
  }
  return { ok: true, writes: read.writes };
}

/**
 * The relay's check of one write: the person may make it ({@link checkWrite}: a root of
 * a cycle, their role, their own function or record, the root's further rule) and the
 * value matches its schema ({@link checkWriteValue}).
 */
export function checkRelayWrite(actor: Actor, target: WriteTarget): Verdict {
  const verdict = checkWrite(actor, target);
  if (!verdict.ok) return verdict;
  const wrong = checkWriteValue(target);
  return wrong === null ? verdict : { ok: false, reason: wrong };
}
