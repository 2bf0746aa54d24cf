import type { Context } from 'hono';
import { verifyInvite, type Invite } from '../auth/tokens.ts';

/** The invite of a request's `Authorization: Bearer <token>`, or the 401 to answer. */
export type BearerCheck =
  { ok: true; token: string; invite: Invite } | { ok: false; response: Response };

/**
 * Reads and checks the bearer token of an API request. Without a valid, unexpired token
 * it gives the 401 answer (with `WWW-Authenticate: Bearer`) naming what is wrong.
 */
export function checkBearer(c: Context, secret: string): BearerCheck {
  const header = c.req.header('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const check = verifyInvite(secret, token);
  if (!check.ok || !token) {
    c.header('WWW-Authenticate', 'Bearer');
    const problem = check.ok ? 'missing' : check.problem;
    return { ok: false, response: c.json({ error: `Unauthorized: ${problem} token` }, 401) };
  }
  return { ok: true, token, invite: check.invite };
}
