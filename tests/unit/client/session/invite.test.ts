import { describe, expect, it } from 'vitest';
import { signInvite } from '../../../../server/auth/tokens.ts';
import { actorOf, readInviteToken } from '../../../../client/src/session/invite.ts';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const expiresAt = Date.UTC(2027, 0, 1);

/** A token's payload part as JSON, signed with a made-up signature. */
function tokenOf(payload: Record<string, unknown>): string {
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2lnbmF0dXJl`;
}

describe('the invite as the page reads it', () => {
  it('reads the id, role, name and functions the server signed', () => {
    const token = signInvite(SECRET, {
      id: 'abcDEF123_-x',
      workspace: 'acme',
      role: 'approver',
      name: 'Eve Exec',
      functions: ['finance', 'executive'],
      expiresAt,
    });
    const invite = readInviteToken(token);
    expect(invite).toEqual({
      token,
      id: 'abcDEF123_-x',
      workspace: 'acme',
      role: 'approver',
      name: 'Eve Exec',
      functions: ['finance', 'executive'],
      expiresAt,
    });
    expect(actorOf(invite!)).toEqual({
      name: 'Eve Exec',
      role: 'approver',
      functions: ['finance', 'executive'],
    });
  });

  it('takes an invite with no functions', () => {
    const token = signInvite(SECRET, { workspace: 'acme', role: 'viewer', name: 'Vic', expiresAt });
    expect(readInviteToken(token)?.functions).toEqual([]);
  });

  it('refuses a payload it cannot trust: no id, no functions, an unknown role or function', () => {
    const good = { i: 'abcDEF123_-x', w: 'acme', r: 'editor', n: 'Ana', f: ['sales'], e: 1 };
    expect(readInviteToken(tokenOf(good))?.role).toBe('editor');
    expect(readInviteToken(tokenOf({ ...good, i: undefined }))).toBeNull();
    expect(readInviteToken(tokenOf({ ...good, f: undefined }))).toBeNull();
    expect(readInviteToken(tokenOf({ ...good, r: 'owner' }))).toBeNull();
    expect(readInviteToken(tokenOf({ ...good, f: ['legal'] }))).toBeNull();
    expect(readInviteToken('not-a-token')).toBeNull();
  });
});
