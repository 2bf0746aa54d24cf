/**
 * An invite link's first visit asks the server for the workspace's cycles and for the
 * newest cycle's whole state, as soon as the page's scripts are evaluated: before the
 * app has mounted, found the newest cycle and opened it. The home view and the cycle's
 * session then take these answers instead of asking again; an answer nobody takes (the
 * person went elsewhere) is dropped.
 */
import { isRoomKept, keepsAnyOf } from '../device/kept-rooms.ts';
import { loadCycleState, loadNewestCycleState } from '../sync/cycle-state.ts';
import { readInviteToken } from './invite.ts';

interface EarlyOpen {
  workspace: string;
  token: string;
  /** The cycles list's answer, for the first to take it (a body is read once). */
  cycles: Promise<Response> | null;
  /** The newest cycle the list names (null: none, or no list), for the first to take it. */
  newest: Promise<string | null> | null;
  /**
   * The newest cycle's state (null: it could not be had) and which cycle (null: the
   * newest, which the server could not give); null when none was asked.
   */
  state: Promise<{ cycle: string | null; state: Uint8Array | null } | null>;
}

let early: EarlyOpen | null = null;

/** The newest of a workspace's cycles (ids are `YYYY-MM`, so the greatest is the newest). */
export function newestCycle(cycles: readonly { cycle: string }[]): string | null {
  return cycles.reduce<string | null>(
    (newest, { cycle }) => (newest === null || cycle > newest ? cycle : newest),
    null,
  );
}

/** The address of a workspace's list of cycles. */
export function cyclesPath(workspace: string): string {
  return `/api/workspaces/${encodeURIComponent(workspace)}/cycles`;
}

/** Starts the early loads when the page was opened from an invite link (`/?token=...`). */
export function startEarlyOpen(): void {
  if (typeof location === 'undefined' || location.pathname !== '/') return;
  const token = new URL(location.href).searchParams.get('token');
  const invite = token ? readInviteToken(token) : null;
  if (!invite || invite.expiresAt <= Date.now()) return;
  const cycles = fetch(cyclesPath(invite.workspace), {
    headers: { authorization: `Bearer ${invite.token}` },
  });
  cycles.catch(() => {}); // the home view reads the failure
  // Read from a copy: the home view may still read the list's own body.
  const newest = cycles
    .then(async (response) => {
      if (!response.ok) return null;
      const body = (await response.clone().json()) as { cycles?: { cycle: string }[] };
      return newestCycle(body.cycles ?? []);
    })
    .catch(() => null);
  // A device that keeps none of the workspace's cycles asks for the newest one's state
  // at once, beside the list; one that keeps some first learns which cycle is the newest.
  const state = !keepsAnyOf(invite.workspace)
    ? loadNewestCycleState(invite, new AbortController().signal).then(
        (loaded) => loaded ?? { cycle: null, state: null },
      )
    : newest
        .then(async (cycle) => {
          if (!cycle || isRoomKept(`${invite.workspace}/${cycle}`)) return null;
          return {
            cycle,
            state: await loadCycleState(invite, cycle, new AbortController().signal),
          };
        })
        .catch(() => null);
  early = { workspace: invite.workspace, token: invite.token, cycles, newest, state };
}

/**
 * The newest cycle the early list names for this invite, once: the app opens it without
 * drawing the home view on the way. Null when there was no early list; a promise of null
 * when the list could not be had or names none (the home view then says why).
 */
export function takeEarlyNewest(workspace: string, token: string): Promise<string | null> | null {
  if (!early || early.workspace !== workspace || early.token !== token) return null;
  const { newest } = early;
  early.newest = null;
  return newest;
}

/** The early answer of the cycles list for this invite, once; null when there is none. */
export function takeEarlyCycles(workspace: string, token: string): Promise<Response> | null {
  if (!early || early.workspace !== workspace || early.token !== token) return null;
  const cycles = early.cycles;
  early.cycles = null;
  return cycles;
}

/**
 * The early state of a cycle for this invite, once: null when none was asked for; a
 * promise of the state, of null when it could not be had, or of undefined when the one
 * asked for was another cycle's.
 */
export function takeEarlyState(
  workspace: string,
  token: string,
  cycle: string,
): Promise<Uint8Array | null | undefined> | null {
  if (!early || early.workspace !== workspace || early.token !== token) return null;
  const { state } = early;
  early = null;
  return state.then((loaded) =>
    loaded && (loaded.cycle === cycle || loaded.cycle === null) ? loaded.state : undefined,
  );
}
