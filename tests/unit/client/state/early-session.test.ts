import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInvite } from '../../../../server/auth/tokens.ts';
import { buildEarlyDoc, startEarlyOpen } from '../../../../client/src/session/early-open.ts';
import { readInviteToken } from '../../../../client/src/session/invite.ts';
import { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import {
  applyDocUpdate,
  createCycleDoc,
  encodeDocState,
  importPlan,
  type CycleDoc,
} from '../../../../shared/doc/index.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';
import { stubInvitePage } from '../../../helpers/invite-page.ts';
import { OfflineSocket } from '../../../helpers/offline-socket.ts';

const token = signInvite('a-test-secret-that-is-long-enough-for-it', {
  workspace: 'acme',
  role: 'editor',
  name: 'Vera',
  expiresAt: Date.now() + 60_000,
});

/** The server's cycle, as the state route sends it. */
function serverState(): Uint8Array {
  const doc = createCycleDoc();
  importPlan(doc, makePlan());
  const state = encodeDocState(doc);
  doc.destroy();
  return state;
}

/** An invite link's page whose server answers the cycles list and `state`. */
function invitePage(state: Uint8Array): string[] {
  vi.stubGlobal('WebSocket', OfflineSocket);
  return stubInvitePage(`http://fulcrum.test/?token=${token}`, ['2026-12'], state);
}

const sessions: CycleSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
  vi.unstubAllGlobals();
});

describe('a session on an invite link’s first visit', () => {
  it('takes the document the early script built from the state, and asks for nothing again', async () => {
    const asked = invitePage(serverState());
    startEarlyOpen();
    let built: CycleDoc | null = null;
    buildEarlyDoc((state) => {
      built = createCycleDoc();
      applyDocUpdate(built, state, null);
      return built;
    });
    const session = await CycleSession.open(readInviteToken(token)!, '2026-12', null);
    sessions.push(session);
    expect(built).not.toBeNull();
    expect(session.doc).toBe(built);
    expect(session.live.result?.families.length).toBe(makePlan().families.length);
    expect(asked).toEqual(['/api/workspaces/acme/cycles', '/api/rooms/acme/newest/state']);
  });

  it('opens empty, for the socket to bring the cycle, when the document refused the state', async () => {
    const asked = invitePage(new Uint8Array([1, 2, 3]));
    startEarlyOpen();
    buildEarlyDoc(() => null);
    const session = await CycleSession.open(readInviteToken(token)!, '2026-12', null);
    sessions.push(session);
    expect(session.live.result).toBeNull();
    expect(asked).toEqual(['/api/workspaces/acme/cycles', '/api/rooms/acme/newest/state']);
  });
});
