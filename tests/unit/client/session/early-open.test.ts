import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInvite } from '../../../../server/auth/tokens.ts';
import { stubInvitePage } from '../../../helpers/invite-page.ts';
import { markRoomKept } from '../../../../client/src/device/kept-rooms.ts';
import { createCycleDoc, type CycleDoc } from '../../../../shared/doc/updates.ts';
import {
  buildEarlyDoc,
  newestCycle,
  startEarlyOpen,
  takeEarlyCycles,
  takeEarlyNewest,
  takeEarlyState,
} from '../../../../client/src/session/early-open.ts';

const token = signInvite('a-test-secret-that-is-long-enough-for-it', {
  workspace: 'acme',
  role: 'editor',
  name: 'Vera',
  expiresAt: Date.now() + 60_000,
});
const STATE = new Uint8Array([1, 2, 3, 4]);

/** A page at `address` whose server answers the cycles list and the state. */
function page(address: string): string[] {
  return stubInvitePage(address, ['2026-11', '2026-12'], STATE);
}

afterEach(() => vi.unstubAllGlobals());

describe('an invite link’s early loads', () => {
  it('asks for the cycles and the newest cycle’s state at once, each taken once', async () => {
    const asked = page(`http://fulcrum.test/?token=${token}`);
    startEarlyOpen();
    const cycles = takeEarlyCycles('acme', token);
    expect(await (await cycles)!.json()).toEqual({
      cycles: [{ cycle: '2026-11' }, { cycle: '2026-12' }],
    });
    expect(takeEarlyCycles('acme', token)).toBeNull();
    expect(takeEarlyState('acme', 'another token', '2026-12')).toBeNull();
    expect(await takeEarlyState('acme', token, '2026-12')).toEqual({ state: STATE, doc: null });
    expect(takeEarlyState('acme', token, '2026-12')).toBeNull();
    expect(asked).toEqual(['/api/workspaces/acme/cycles', '/api/rooms/acme/newest/state']);
  });

  it('on a device keeping another cycle of the workspace, asks the list which is newest first', async () => {
    const asked = page(`http://fulcrum.test/?token=${token}`);
    markRoomKept('acme/2026-11');
    startEarlyOpen();
    expect(await takeEarlyState('acme', token, '2026-12')).toEqual({ state: STATE, doc: null });
    expect(asked).toEqual(['/api/workspaces/acme/cycles', '/api/rooms/acme/2026-12/state']);
  });

  it('says the state could not be had when the server fails it, so nobody asks again', async () => {
    const asked = page(`http://fulcrum.test/?token=${token}`);
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string) => {
        asked.push(path);
        return path.endsWith('/cycles')
          ? Response.json({ cycles: [{ cycle: '2026-12' }] })
          : new Response('unavailable', { status: 503 });
      }),
    );
    startEarlyOpen();
    expect(await takeEarlyState('acme', token, '2026-12')).toBeNull();
    expect(asked).toEqual(['/api/workspaces/acme/cycles', '/api/rooms/acme/newest/state']);
  });

  it('says when the state it has is another cycle’s', async () => {
    page(`http://fulcrum.test/?token=${token}`);
    startEarlyOpen();
    expect(await takeEarlyState('acme', token, '2026-11')).toBeUndefined();
  });

  it('leaves a cycle this device keeps to the device, and a page with no invite alone', async () => {
    const asked = page(`http://fulcrum.test/?token=${token}`);
    markRoomKept('acme/2026-12');
    startEarlyOpen();
    expect(await takeEarlyState('acme', token, '2026-12')).toBeUndefined();
    expect(asked).toEqual(['/api/workspaces/acme/cycles']);

    const none = page('http://fulcrum.test/w/acme/2026-12/plan');
    startEarlyOpen();
    expect(takeEarlyCycles('acme', token)).toBeNull();
    expect(none).toEqual([]);
  });

  it('builds the document from the state as soon as both are in, for the session to take', async () => {
    page(`http://fulcrum.test/?token=${token}`);
    startEarlyOpen();
    const built: Uint8Array[] = [];
    const doc = createCycleDoc();
    buildEarlyDoc((state) => {
      built.push(state);
      return doc;
    });
    // Built before anyone asks for it.
    await vi.waitFor(() => expect(built).toEqual([STATE]));
    expect(await takeEarlyState('acme', token, '2026-12')).toEqual({ state: STATE, doc });
  });

  it('drops a state the document refuses, and frees a document built for another cycle', async () => {
    page(`http://fulcrum.test/?token=${token}`);
    startEarlyOpen();
    buildEarlyDoc(() => null);
    expect(await takeEarlyState('acme', token, '2026-12')).toBeNull();

    page(`http://fulcrum.test/?token=${token}`);
    startEarlyOpen();
    const doc: CycleDoc = createCycleDoc();
    const destroy = vi.spyOn(doc, 'destroy');
    buildEarlyDoc(() => doc);
    expect(await takeEarlyState('acme', token, '2026-11')).toBeUndefined();
    expect(destroy).toHaveBeenCalledOnce();
  });

  it('builds nothing once the session took the state, or when none was asked for', async () => {
    page(`http://fulcrum.test/?token=${token}`);
    startEarlyOpen();
    const taken = takeEarlyState('acme', token, '2026-12');
    const build = vi.fn(() => createCycleDoc());
    buildEarlyDoc(build);
    expect(await taken).toEqual({ state: STATE, doc: null });
    expect(build).not.toHaveBeenCalled();
  });

  it('names the newest cycle once, and leaves the list whole for the home view', async () => {
    page(`http://fulcrum.test/?token=${token}`);
    startEarlyOpen();
    expect(takeEarlyNewest('acme', 'another token')).toBeNull();
    expect(await takeEarlyNewest('acme', token)).toBe('2026-12');
    expect(takeEarlyNewest('acme', token)).toBeNull();
    expect(await (await takeEarlyCycles('acme', token))!.json()).toEqual({
      cycles: [{ cycle: '2026-11' }, { cycle: '2026-12' }],
    });
  });

  it('names no cycle when the list is refused or cannot be had', async () => {
    page(`http://fulcrum.test/?token=${token}`);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ error: 'Unauthorized: revoked token' }, { status: 401 })),
    );
    startEarlyOpen();
    expect(await takeEarlyNewest('acme', token)).toBeNull();
    expect((await takeEarlyCycles('acme', token))!.status).toBe(401);

    page(`http://fulcrum.test/?token=${token}`);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    startEarlyOpen();
    expect(await takeEarlyNewest('acme', token)).toBeNull();
  });

  it('finds the newest cycle of a list', () => {
    expect(newestCycle([{ cycle: '2026-11' }, { cycle: '2027-01' }, { cycle: '2026-12' }])).toBe(
      '2027-01',
    );
    expect(newestCycle([])).toBeNull();
  });
});
