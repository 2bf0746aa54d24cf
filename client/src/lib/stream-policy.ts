import type { Actor } from '../../../shared/policy/roles.ts';
import { checkWrite, type Verdict } from '../../../shared/policy/write-policy.ts';

/**
 * What the page asks the write policy before it offers a control of the demand streams:
 * the very write the control would make, so a disabled control says the relay's sentence.
 */

/** Adjusting (or clearing) a family-month in one stream, in the person's own name. */
export function mayAdjustStream(
  actor: Actor,
  place: { family: string; month: string; stream: string },
): Verdict {
  return checkWrite(actor, {
    root: 'adjustments',
    key: `${place.family}|${place.month}|${place.stream}`,
    field: null,
    action: 'set',
    value: { author: actor.name },
  });
}

/** Setting or clearing a family-month's consensus by hand. */
export function maySetConsensusByHand(actor: Actor): Verdict {
  return checkWrite(actor, {
    root: 'overrides',
    key: 'family|month',
    field: null,
    action: 'set',
    value: { author: actor.name },
  });
}

/** Choosing which functions adjust demand, and in which order. */
export function mayChooseStreams(actor: Actor): Verdict {
  return checkWrite(actor, {
    root: 'demandReview',
    key: 'streams',
    field: null,
    action: 'set',
    value: ['sales'],
  });
}
