/**
 * An invite link's first visit asks the server for the workspace's cycles and for the
 * newest cycle's whole state, as soon as the page's scripts are evaluated: before the
 * app has mounted, found the newest cycle and opened it. The home view and the cycle's
 * session then take these answers instead of asking again; an answer nobody takes (the
 * person went elsewhere) is dropped.
 */
import type { CycleDoc } from '../../../shared/doc/index.ts';
import { isRoomKept, keepsAnyOf } from '../device/kept-rooms.ts';
import { loadCycleState, loadNewestCycleState } from '../sync/cycle-state.ts';
import { readInviteToken } from './invite.ts';

/** A cycle's state as loaded early, and the document built from it (null: none built). */
export interface EarlyState {
  state: Uint8Array;
  doc: CycleDoc | null;
}

interface Loaded {
  cycle: string | null;
  state: Uint8Array | null;
  doc: CycleDoc | null;
}

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
  state: Promise<Loaded | null>;
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
    ? loadNewestCycleState(invite, new AbortController().signal).then((loaded): Loaded =>
        loaded ? { ...loaded, doc: null } : { cycle: null, state: null, doc: null },
      )
    : newest
        .then(async (cycle) => {
          if (!cycle || isRoomKept(`${invite.workspace}/${cycle}`)) return null;
          return {
            cycle,
            state: await loadCycleState(invite, cycle, new AbortController().signal),
            doc: null,
          };
        })
        .catch(() => null);
  early = { workspace: invite.workspace, token: invite.token, cycles, newest, state };
}

/**
 * Has `build` make the cycle's document from the early state the moment both are in
 * (client/src/early-doc.ts): the page's main thread is otherwise idle then, waiting for the
 * app's script to compile. `build` returns null for a state the document refuses, which is
 * then dropped (the socket's sync brings the cycle instead). Does nothing when no state
 * was asked for, or once the session took it.
 */
export function buildEarlyDoc(build: (state: Uint8Array) => CycleDoc | null): void {
  if (!early) return;
  early.state = early.state.then((loaded) => {
    if (!loaded?.state) return loaded;
    const doc = build(loaded.state);
    return doc ? { ...loaded, doc } : { ...loaded, state: null };
  });
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
 * The early state of a cycle for this invite, once, with the document built from it when
 * {@link buildEarlyDoc} did: null when none was asked for; a promise of the state, of null
 * when it could not be had, or of undefined when the one asked for was another cycle's.
 */
export function takeEarlyState(
  workspace: string,
  token: string,
  cycle: string,
): Promise<EarlyState | null | undefined> | null {
  if (!early || early.workspace !== workspace || early.token !== token) return null;
  const { state } = early;
  early = null;
  return state.then((loaded) => {
    if (!loaded || (loaded.cycle !== cycle && loaded.cycle !== null)) {
      loaded?.doc?.destroy();
      return undefined;
    }
    return loaded.state ? { state: loaded.state, doc: loaded.doc } : null;
  });
}
