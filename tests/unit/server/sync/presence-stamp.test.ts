import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  PRESENCE_LIMITS,
  isSamePerson,
  stampPresence,
} from '../../../../server/sync/presence-stamp.ts';
import type { Actor } from '../../../../shared/policy/roles.ts';

const vera: Actor = { name: 'Vera Viewer', role: 'viewer', functions: ['finance'] };

function stamp(state: unknown, actor: Actor = vera) {
  return stampPresence(state, JSON.stringify(state).length, actor);
}

describe('stamping a presence state', () => {
  it('replaces the claimed name, role and functions with the invite’s', () => {
    const result = stamp({
      user: { name: 'Fran Facilitator', role: 'facilitator', functions: ['sales'] },
    });
    expect(result).toEqual({
      ok: true,
      state: { user: { name: 'Vera Viewer', role: 'viewer', functions: ['finance'] } },
    });
  });

  it('stamps a state that claims no user at all (a page that just opened)', () => {
    expect(stamp({})).toEqual({
      ok: true,
      state: { user: { name: 'Vera Viewer', role: 'viewer', functions: ['finance'] } },
    });
  });

  it('keeps a #rrggbb colour and drops any other', () => {
    const kept = stamp({ user: { name: 'x', color: '#2563eb' } });
    expect(kept.ok && kept.state.user.color).toBe('#2563eb');
    for (const color of ['red', '#2563eb; background: url(x)', '#25e', 7, null]) {
      const dropped = stamp({ user: { color } });
      expect(dropped.ok && 'color' in dropped.state.user, String(color)).toBe(false);
    }
  });

  it('keeps the fields the page uses when they have their shape', () => {
    const text = new Y.Doc().getText('notes');
    text.insert(0, 'Agreed to add a shift');
    const anchor = Y.createRelativePositionFromTypeIndex(text, 3);
    const head = Y.createRelativePositionFromTypeIndex(text, 7);
    // The cursor as y-codemirror.next sends it: relative positions through JSON.
    const cursor = JSON.parse(JSON.stringify({ anchor, head })) as unknown;
    const result = stamp({
      user: { name: 'Vera', role: 'viewer', color: '#15803d' },
      focus: { grid: 'demand', id: 'F3', month: '2027-03' },
      view: 'meeting',
      cursor,
    });
    expect(result).toEqual({
      ok: true,
      state: {
        user: { name: 'Vera Viewer', role: 'viewer', functions: ['finance'], color: '#15803d' },
        focus: { grid: 'demand', id: 'F3', month: '2027-03' },
        view: 'meeting',
        cursor,
      },
    });
    // And a cleared focus or cursor stays cleared.
    expect(stamp({ focus: null, cursor: null })).toMatchObject({
      ok: true,
      state: { focus: null, cursor: null },
    });
  });

  it('drops unknown fields and fields out of shape, keeping the rest', () => {
    const result = stamp({
      view: 'plan',
      focus: { grid: 'closure', id: 'F3', month: '2027-03' },
      cursor: { anchor: 'everywhere', head: 1 },
      admin: true,
      people: [{ name: 'Fake' }],
    });
    expect(result).toEqual({
      ok: true,
      state: {
        user: { name: 'Vera Viewer', role: 'viewer', functions: ['finance'] },
        view: 'plan',
      },
    });
    const badView = stamp({ view: '<img src=x onerror=alert(1)>' });
    expect(badView.ok && 'view' in badView.state).toBe(false);
    const extraKeys = stamp({ focus: { grid: 'demand', id: 'F3', month: '2027-03', x: 1 } });
    expect(extraKeys.ok && extraKeys.state.focus).toEqual({
      grid: 'demand',
      id: 'F3',
      month: '2027-03',
    });
  });

  it('refuses a state over the size limit, and one that is not an object', () => {
    const big = { view: 'plan', padding: 'x'.repeat(PRESENCE_LIMITS.maxStateBytes) };
    const refused = stamp(big);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/limit is 4096/);
    const justUnder = { view: 'plan', padding: 'x'.repeat(PRESENCE_LIMITS.maxStateBytes - 40) };
    expect(stamp(justUnder).ok).toBe(true);
    for (const state of [[], 'Fran', 42, true]) {
      expect(stamp(state).ok, JSON.stringify(state)).toBe(false);
    }
  });

  it('tells the same person from another by name, role and functions', () => {
    expect(isSamePerson(vera, { ...vera, functions: ['finance'] })).toBe(true);
    expect(isSamePerson(vera, { ...vera, role: 'editor' })).toBe(false);
    expect(isSamePerson(vera, { ...vera, name: 'Vera' })).toBe(false);
    expect(isSamePerson(vera, { ...vera, functions: [] })).toBe(false);
    expect(isSamePerson(vera, { ...vera, functions: ['sales'] })).toBe(false);
  });
});
