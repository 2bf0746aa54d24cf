import {
  isMeetingEnded,
  readUpdateWrites,
  type CycleDoc,
  type DecodedUpdate,
} from '../doc/index.ts';
import type { Actor } from './roles.ts';
import {
  checkWrite,
  MEETING_RUNNING,
  type CycleState,
  type Verdict,
  type WriteTarget,
} from './write-policy.ts';
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
  check: (actor: Actor, target: WriteTarget, state: CycleState) => Verdict = checkRelayWrite,
): UpdateVerdict {
  const read = readUpdateWrites(doc, update);
  if (!read.ok) return { ok: false, reason: read.problem, incomplete: true };
  const state = stateFor(doc, read.writes);
  for (const write of read.writes) {
    const verdict = check(actor, write, state);
    if (!verdict.ok) return verdict;
  }
  return { ok: true, writes: read.writes };
}

/**
 * The cycle's state the writes of one update are judged in: the meeting counts as ended
 * when the document says so or when the update itself ends it, so ending the meeting and
 * changing an outcome in one update is judged as the change after the end it is.
 */
function stateFor(doc: CycleDoc, writes: readonly WriteTarget[]): CycleState {
  const endsNow = writes.some(
    (write) => write.root === 'meeting' && write.key === 'endedAt' && write.action === 'set',
  );
  return { meetingEnded: endsNow || isMeetingEnded(doc) };
}

/**
 * The relay's check of one write: the person may make it ({@link checkWrite}: a root of
 * a cycle, their role, their own function or record, the root's further rule) and the
 * value matches its schema ({@link checkWriteValue}), in the cycle's `state`.
 */
export function checkRelayWrite(
  actor: Actor,
  target: WriteTarget,
  state: CycleState = MEETING_RUNNING,
): Verdict {
  const verdict = checkWrite(actor, target, state);
  if (!verdict.ok) return verdict;
  const wrong = checkWriteValue(target);
  return wrong === null ? verdict : { ok: false, reason: wrong };
}
