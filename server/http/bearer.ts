import type { Context } from 'hono';
import { verifyInvite, type Invite } from '../auth/tokens.ts';

/** The invite of a request's `Authorization: Bearer <token>`, or the 401 to answer. */
export type BearerCheck =
  { ok: true; token: string; invite: Invite } | { ok: false; response: Response };

/** True when the invite with this id was revoked (`Relay.isRevoked`). */
export type RevokedCheck = (inviteId: string) => boolean;

/**
 * Reads and checks the bearer token of an API request. Without a valid, unexpired,
 * unrevoked token it gives the 401 answer (with `WWW-Authenticate: Bearer`) naming what
 * is wrong: `Unauthorized: <missing|malformed|bad-signature|expired|revoked> token`.
 */
export function checkBearer(c: Context, secret: string, isRevoked?: RevokedCheck): BearerCheck {
  const header = c.req.header('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const check = verifyInvite(secret, token);
  const problem = !check.ok
    ? check.problem
    : !token
      ? 'missing'
      : isRevoked?.(check.invite.id)
        ? 'revoked'
        : null;
  if (problem !== null || !check.ok || !token) {
    c.header('WWW-Authenticate', 'Bearer');
    return {
      ok: false,
      response: c.json({ error: `Unauthorized: ${problem ?? 'missing'} token` }, 401),
    };
  }
  return { ok: true, token, invite: check.invite };
}
