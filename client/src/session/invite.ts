/**
 * The invite a person joined with. The token is signed by the server, which checks it on
 * every connection; the page only reads its payload to show the name, role and functions,
 * to know which workspace to open and what the write policy lets this person do. Tokens
 * are kept in this browser so a reload, or a visit with no network, opens the workspace
 * again.
 */
import { isRole, type Actor, type Role, type SopFunction } from '../../../shared/policy/roles.ts';
import { FUNCTIONS } from '../../../shared/schema/functions.ts';

/** An invite as the page uses it. */
export interface Invite {
  token: string;
  /** The invite's own id, as `fulcrum revoke` names it. */
  id: string;
  workspace: string;
  role: Role;
  name: string;
  /** The functions the person speaks for: their sign-offs and input status. */
  functions: readonly SopFunction[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const STORE_KEY = 'fulcrum.invites';
const LAST_KEY = 'fulcrum.lastWorkspace';

/** Who the invite's holder is, as the write policy reads them. */
export function actorOf(invite: Invite): Actor {
  return { name: invite.name, role: invite.role, functions: invite.functions };
}

function isFunction(value: unknown): value is SopFunction {
  return (FUNCTIONS as readonly unknown[]).includes(value);
}

/** Reads a token's payload; null when it is not a Fulcrum invite token. */
export function readInviteToken(token: string): Invite | null {
  const [body, signature] = token.split('.');
  if (!body || !signature) return null;
  try {
    const padded = body.replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(
      Uint8Array.from(atob(padded + '='.repeat((4 - (padded.length % 4)) % 4)), (c) =>
        c.charCodeAt(0),
      ),
    );
    const { i, w, r, n, f, e } = JSON.parse(json) as Record<string, unknown>;
    if (typeof i !== 'string' || typeof w !== 'string' || typeof n !== 'string') return null;
    if (typeof e !== 'number' || !isRole(r)) return null;
    if (!Array.isArray(f) || !f.every(isFunction)) return null;
    return { token, id: i, workspace: w, role: r, name: n, functions: f, expiresAt: e * 1000 };
  } catch {
    return null;
  }
}

/** The invites kept in this browser, by workspace. */
function storedInvites(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Keeps an invite for its workspace and makes that workspace the one to open next time. */
export function rememberInvite(invite: Invite): void {
  try {
    localStorage.setItem(
      STORE_KEY,
      JSON.stringify({ ...storedInvites(), [invite.workspace]: invite.token }),
    );
    localStorage.setItem(LAST_KEY, invite.workspace);
  } catch {
    // Private browsing without storage: the invite works for this visit only.
  }
}

/** The kept invite of a workspace (the last one opened when omitted). */
export function storedInvite(workspace?: string): Invite | null {
  let name = workspace;
  try {
    name ??= localStorage.getItem(LAST_KEY) ?? undefined;
  } catch {
    return null;
  }
  if (!name) return null;
  const token = storedInvites()[name];
  return token ? readInviteToken(token) : null;
}

/** Forgets the invite of a workspace (e.g. after the server refused it). */
export function forgetInvite(workspace: string): void {
  try {
    const invites = storedInvites();
    delete invites[workspace];
    localStorage.setItem(STORE_KEY, JSON.stringify(invites));
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/**
 * Takes an invite token from the address (`?token=...`), keeps it and removes it from
 * the address bar so it is not left in history or shared by accident.
 */
export function takeInviteFromUrl(): { invite: Invite | null; problem: string | null } {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return { invite: null, problem: null };
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  const invite = readInviteToken(token);
  if (!invite) {
    return {
      invite: null,
      problem: 'This invite link is not valid: ask for a new link.',
    };
  }
  if (invite.expiresAt <= Date.now()) {
    return {
      invite: null,
      problem: 'This invite link has expired: ask for a new link.',
    };
  }
  rememberInvite(invite);
  return { invite, problem: null };
}
