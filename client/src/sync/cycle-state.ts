/**
 * A first visit loads the cycle's whole document over HTTP while the socket opens
 * (`GET /api/rooms/<workspace>/<cycle>/state`, server/http/room-routes.ts). Applied before
 * anything listens to the document, it costs one decode, not a decode and an encode for
 * every listener, and the socket's sync then carries only what changed since.
 */
import type { Invite } from '../session/invite.ts';

/** How long the page waits for the cycle over HTTP before it leaves it to the socket. */
const STATE_TIMEOUT_MS = 8000;

/**
 * The origin of the state applied from the server on a first visit: remote, as what the
 * socket brings (shared/doc/origins.ts), so nobody's undo tracks it.
 */
export const SERVER_STATE_ORIGIN: object = Object.freeze({ source: 'fulcrum-server-state' });

/**
 * The cycle's document as one update from the server; null when it cannot be had (no
 * network, refused, too slow, or `signal` aborted). Never rejects: the socket opens
 * anyway, brings the cycle, and says in words why the server refused, if it did.
 */
export async function loadCycleState(
  invite: Invite,
  cycle: string,
  signal: AbortSignal,
): Promise<Uint8Array | null> {
  const loaded = await fetchState(invite, cycle, signal);
  return loaded?.cycle === cycle ? loaded.state : null;
}

/**
 * The workspace's newest cycle (as the home view opens it) and its document, asked for
 * at once, before the cycles list has named it; null when it cannot be had.
 */
export function loadNewestCycleState(
  invite: Invite,
  signal: AbortSignal,
): Promise<{ cycle: string; state: Uint8Array } | null> {
  return fetchState(invite, 'newest', signal);
}

async function fetchState(
  invite: Invite,
  cycle: string,
  signal: AbortSignal,
): Promise<{ cycle: string; state: Uint8Array } | null> {
  const path = `/api/rooms/${encodeURIComponent(invite.workspace)}/${encodeURIComponent(cycle)}/state`;
  try {
    const response = await fetch(path, {
      headers: { Authorization: `Bearer ${invite.token}` },
      signal: AbortSignal.any([signal, AbortSignal.timeout(STATE_TIMEOUT_MS)]),
    });
    const named = response.headers.get('Fulcrum-Cycle');
    if (!response.ok || !named) return null;
    return { cycle: named, state: new Uint8Array(await response.arrayBuffer()) };
  } catch {
    return null;
  }
}
