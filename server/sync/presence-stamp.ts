import * as v from 'valibot';
import type { Actor } from '../../shared/policy/roles.ts';
import { PRESENCE_FIELDS, presenceColorSchema } from '../../shared/schema/presence.ts';

/** What the relay accepts of presence (awareness) per connection. */
export const PRESENCE_LIMITS = {
  /** The largest presence state, as JSON bytes: a page's own is a few hundred. */
  maxStateBytes: 4 * 1024,
  /** Client ids one connection may hold at once: a page uses one. */
  maxClientIds: 4,
} as const;

/** A presence state as the relay forwards it: `user` from the invite, checked fields beside. */
export interface StampedPresence {
  user: { name: string; role: Actor['role']; functions: Actor['functions']; color?: string };
  [field: string]: unknown;
}

/** The outcome of stamping: the state to forward, or why none is. */
export type StampResult = { ok: true; state: StampedPresence } | { ok: false; reason: string };

/**
 * Stamps a page's presence state with the server's truth: `user` becomes the connection's
 * name, role and functions (whatever the page claimed), keeping only a `#rrggbb` colour of
 * its own; each other field is kept only when it matches its shape in `PRESENCE_FIELDS`,
 * and dropped otherwise, as is every field not listed there. A state that is not an
 * object, or whose JSON is larger than `maxStateBytes` (`bytes`), is refused whole.
 */
export function stampPresence(state: unknown, bytes: number, actor: Actor): StampResult {
  if (bytes > PRESENCE_LIMITS.maxStateBytes) {
    return {
      ok: false,
      reason: `presence of ${bytes} bytes; the limit is ${PRESENCE_LIMITS.maxStateBytes}`,
    };
  }
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    return { ok: false, reason: 'presence is not an object' };
  }
  const claimed = state as Record<string, unknown>;
  const user: StampedPresence['user'] = {
    name: actor.name,
    role: actor.role,
    functions: [...actor.functions],
  };
  const claimedUser = claimed.user as Record<string, unknown> | undefined;
  if (claimedUser && typeof claimedUser === 'object') {
    const color = v.safeParse(presenceColorSchema, claimedUser.color);
    if (color.success) user.color = color.output;
  }
  const stamped: StampedPresence = { user };
  for (const [field, schema] of Object.entries(PRESENCE_FIELDS)) {
    if (!Object.hasOwn(claimed, field)) continue;
    const checked = v.safeParse(schema, claimed[field]);
    if (checked.success) stamped[field] = checked.output;
  }
  return { ok: true, state: stamped };
}

/** True when two connections speak for the same person: same name, role and functions. */
export function isSamePerson(a: Actor, b: Actor): boolean {
  return (
    a.name === b.name &&
    a.role === b.role &&
    a.functions.length === b.functions.length &&
    a.functions.every((fn, i) => fn === b.functions[i])
  );
}
