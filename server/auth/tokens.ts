import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an invited person may do: run the meeting, edit the plan, or only look. */
export type Role = 'facilitator' | 'editor' | 'viewer';

/** The roles, in order of decreasing rights. */
export const ROLES: readonly Role[] = ['facilitator', 'editor', 'viewer'];

/** What an invite token grants. */
export interface Invite {
  workspace: string;
  role: Role;
  /** Display name, shown to the other people in the room. */
  name: string;
  /** Expiry, in milliseconds since the epoch. */
  expiresAt: number;
}

/** Why a token was refused; each maps to a close code and a reason the client can show. */
export type TokenProblem = 'missing' | 'malformed' | 'bad-signature' | 'expired';

/** The outcome of checking a token. */
export type TokenCheck = { ok: true; invite: Invite } | { ok: false; problem: TokenProblem };

/** Workspace and cycle names: letters, digits, `-` and `_`, 1 to 64 characters. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The longest display name a token carries. */
export const MAX_DISPLAY_NAME = 100;

/**
 * Signs an invite: `base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, payload part))`.
 * The payload is compact (`{"w","r","n","e"}`, expiry in whole seconds), so a join URL stays short.
 * Throws a RangeError for a workspace, role, name or expiry that could never be verified.
 */
export function signInvite(secret: string, invite: Invite): string {
  if (!NAME_PATTERN.test(invite.workspace)) {
    throw new RangeError(
      `workspace must be 1 to 64 letters, digits, "-" or "_", got "${invite.workspace}"`,
    );
  }
  if (!ROLES.includes(invite.role)) {
    throw new RangeError(`role must be one of ${ROLES.join(', ')}, got "${invite.role}"`);
  }
  const name = invite.name.trim();
  if (name.length === 0 || name.length > MAX_DISPLAY_NAME) {
    throw new RangeError(`name must be 1 to ${MAX_DISPLAY_NAME} characters`);
  }
  if (!Number.isFinite(invite.expiresAt)) throw new RangeError('expiry must be a finite time');
  const payload = {
    w: invite.workspace,
    r: invite.role,
    n: name,
    e: Math.floor(invite.expiresAt / 1000),
  };
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/**
 * Checks a token's signature (in constant time), shape and expiry at `now`. Never throws.
 */
export function verifyInvite(
  secret: string,
  token: string | null | undefined,
  now: number = Date.now(),
): TokenCheck {
  if (!token) return { ok: false, problem: 'missing' };
  // A token is two base64url parts; anything longer than a few KB is not one of ours.
  if (token.length > 4096) return { ok: false, problem: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0] + parts[1])) {
    return { ok: false, problem: 'malformed' };
  }
  const [body, signature] = parts;
  const expected = Buffer.from(sign(secret, body), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'bad-signature' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const invite = readPayload(payload);
  if (invite === null) return { ok: false, problem: 'malformed' };
  if (invite.expiresAt <= now) return { ok: false, problem: 'expired' };
  return { ok: true, invite };
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function readPayload(value: unknown): Invite | null {
  if (typeof value !== 'object' || value === null) return null;
  const { w, r, n, e } = value as Record<string, unknown>;
  if (typeof w !== 'string' || !NAME_PATTERN.test(w)) return null;
  if (typeof r !== 'string' || !(ROLES as readonly string[]).includes(r)) return null;
  if (typeof n !== 'string' || n.length === 0 || n.length > MAX_DISPLAY_NAME) return null;
  if (typeof e !== 'number' || !Number.isSafeInteger(e)) return null;
  return { workspace: w, role: r as Role, name: n, expiresAt: e * 1000 };
}
