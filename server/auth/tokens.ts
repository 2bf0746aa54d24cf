import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role, type SopFunction } from '../../shared/policy/roles.ts';
import { FUNCTIONS } from '../../shared/schema/records.ts';

/** What an invite token grants. */
export interface Invite {
  /** The invite's own id (12 base64url characters): what `fulcrum revoke` names. */
  id: string;
  workspace: string;
  role: Role;
  /** Display name, shown to the other people in the room. */
  name: string;
  /** The functions the person speaks for (sign-offs, input status); may be empty. */
  functions: SopFunction[];
  /** Expiry, in milliseconds since the epoch. */
  expiresAt: number;
}

/** What {@link signInvite} needs: an invite whose id is made when not given, no functions by default. */
export type InviteRequest = Omit<Invite, 'id' | 'functions'> & {
  id?: string;
  functions?: readonly SopFunction[];
};

/** Why a token was refused; each maps to a close code and a reason the client can show. */
export type TokenProblem = 'missing' | 'malformed' | 'bad-signature' | 'expired';

/** The outcome of checking a token. */
export type TokenCheck = { ok: true; invite: Invite } | { ok: false; problem: TokenProblem };

/** Workspace and cycle names: letters, digits, `-` and `_`, 1 to 64 characters. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** An invite id: 12 base64url characters (72 random bits). */
export const INVITE_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/** The longest display name a token carries. */
export const MAX_DISPLAY_NAME = 100;

/**
 * A new random invite id (12 base64url characters from 9 random bytes) that begins with
 * a letter or digit: `fulcrum revoke -abc…` would read an id starting with "-" as an
 * option.
 */
export function newInviteId(): string {
  for (;;) {
    const id = randomBytes(9).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

/** True for a function name the product knows. */
export function isSopFunction(value: unknown): value is SopFunction {
  return (FUNCTIONS as readonly unknown[]).includes(value);
}

/**
 * Signs an invite: `base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, payload part))`.
 * The payload is compact and canonical: keys `{"i","w","r","n","f","e"}` in that order, no
 * whitespace, functions in the order of `FUNCTIONS`, expiry in whole seconds, base64url
 * without padding. So a join URL stays short and one invite has exactly one token.
 * Throws a RangeError for an id, workspace, role, name, function or expiry that could
 * never be verified.
 */
export function signInvite(secret: string, request: InviteRequest): string {
  const id = request.id ?? newInviteId();
  if (!INVITE_ID_PATTERN.test(id)) {
    throw new RangeError(`invite id must be 12 letters, digits, "-" or "_", got "${id}"`);
  }
  if (!NAME_PATTERN.test(request.workspace)) {
    throw new RangeError(
      `workspace must be 1 to 64 letters, digits, "-" or "_", got "${request.workspace}"`,
    );
  }
  if (!ROLES.includes(request.role)) {
    throw new RangeError(`role must be one of ${ROLES.join(', ')}, got "${request.role}"`);
  }
  const name = request.name.trim();
  if (name.length === 0 || name.length > MAX_DISPLAY_NAME) {
    throw new RangeError(`name must be 1 to ${MAX_DISPLAY_NAME} characters`);
  }
  const functions = request.functions ?? [];
  for (const fn of functions) {
    if (!isSopFunction(fn)) {
      throw new RangeError(`function must be one of ${FUNCTIONS.join(', ')}, got "${fn}"`);
    }
  }
  if (new Set(functions).size !== functions.length) {
    throw new RangeError(`a function is named twice: ${functions.join(', ')}`);
  }
  if (!Number.isFinite(request.expiresAt)) throw new RangeError('expiry must be a finite time');
  const body = canonicalBody({
    id,
    workspace: request.workspace,
    role: request.role,
    name,
    functions: inFunctionOrder(functions),
    expiresAt: Math.floor(request.expiresAt / 1000) * 1000,
  });
  return `${body}.${sign(secret, body)}`;
}

/** The id of a token's invite, read without checking it (for messages); null when unreadable. */
export function inviteIdOf(token: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    const id = (payload as { i?: unknown }).i;
    return typeof id === 'string' && INVITE_ID_PATTERN.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * Checks a token at `now`: its shape, that its body is the one canonical encoding of its
 * payload (byte for byte, so no two tokens carry one invite), its signature (in constant
 * time) and its expiry. Tokens of the older payload (without id and functions) are
 * refused as malformed. Never throws.
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
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const invite = readPayload(payload);
  if (invite === null || canonicalBody(invite) !== body) {
    return { ok: false, problem: 'malformed' };
  }
  const expected = Buffer.from(sign(secret, body), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: 'bad-signature' };
  }
  if (invite.expiresAt <= now) return { ok: false, problem: 'expired' };
  return { ok: true, invite };
}

/** The one encoding of an invite's payload: fixed key order, no whitespace, no padding. */
function canonicalBody(invite: Invite): string {
  const payload = {
    i: invite.id,
    w: invite.workspace,
    r: invite.role,
    n: invite.name,
    f: invite.functions,
    e: Math.floor(invite.expiresAt / 1000),
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function inFunctionOrder(functions: readonly SopFunction[]): SopFunction[] {
  return FUNCTIONS.filter((fn) => functions.includes(fn));
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function readPayload(value: unknown): Invite | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { i, w, r, n, f, e } = value as Record<string, unknown>;
  if (typeof i !== 'string' || !INVITE_ID_PATTERN.test(i)) return null;
  if (typeof w !== 'string' || !NAME_PATTERN.test(w)) return null;
  if (typeof r !== 'string' || !(ROLES as readonly string[]).includes(r)) return null;
  if (typeof n !== 'string' || n.length === 0 || n.length > MAX_DISPLAY_NAME) return null;
  if (!Array.isArray(f) || !f.every(isSopFunction) || new Set(f).size !== f.length) return null;
  if (typeof e !== 'number' || !Number.isSafeInteger(e)) return null;
  return {
    id: i,
    workspace: w,
    role: r as Role,
    name: n,
    functions: inFunctionOrder(f),
    expiresAt: e * 1000,
  };
}
