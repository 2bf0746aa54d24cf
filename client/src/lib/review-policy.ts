import type { Actor } from '../../../shared/policy/roles.ts';
import { checkWrite, type Verdict } from '../../../shared/policy/write-policy.ts';

/**
 * Recording whether an agreed decision delivered: the facilitator's alone. The page asks
 * the write policy with the write the control would make, so the control is disabled
 * with the very sentence the relay refuses with.
 */
export function mayRecordReview(actor: Actor): Verdict {
  return checkWrite(actor, {
    root: 'decisions',
    key: 'decision',
    field: 'review',
    action: 'set',
    value: { outcome: 'delivered' },
    record: { status: 'agreed' },
  });
}
