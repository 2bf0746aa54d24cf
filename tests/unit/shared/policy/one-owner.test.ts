import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addStandardAgenda,
  closeWithAction,
  importPlan,
  raiseFromGap,
  updateAction,
} from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { checkRelayWrite, checkUpdate } from '../../../../shared/policy/check-update.ts';
import type { Actor } from '../../../../shared/policy/roles.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';
import { peer, sync } from '../../../helpers/docs.ts';

const editor: Actor = { name: 'Sam Sales', role: 'editor', functions: ['sales'] };
const facilitator: Actor = { name: 'Fran', role: 'facilitator', functions: ['executive'] };
const action = (owner: string) => ({
  title: 'Expedite resin',
  owner,
  due: '2026-12-20',
  status: 'open' as const,
  raisedIn: '2026-12',
});

function server(): Y.Doc {
  const doc = peer(1);
  importPlan(doc, generateDemoPlan({ families: 2, periods: 3, resources: 1, seed: 3 }));
  return doc;
}

describe('an action has exactly one owner, and the relay refuses two', () => {
  it('refuses a whole action with two owners joined by a comma, naming the problem', () => {
    const verdict = checkRelayWrite(editor, {
      root: 'actions',
      key: 'a1',
      field: null,
      action: 'set',
      value: action('Sam (Supply), Ana (Sales)'),
    });
    expect(verdict).toEqual({
      ok: false,
      reason:
        'actions "a1": owner: must name one person, but a comma joins two names: give the action to one owner.',
    });
  });

  it('refuses changing the owner to two people, even for the facilitator', () => {
    for (const [owner, word] of [
      ['Sam; Ana', 'a semicolon'],
      ['Sam / Ana', 'a "/"'],
      ['Sam & Ana', 'an "&"'],
      ['Sam + Ana', 'a "+"'],
      ['Sam and Ana', 'an "and"'],
      ['Sam AND Ana', 'an "and"'],
    ]) {
      const verdict = checkRelayWrite(facilitator, {
        root: 'actions',
        key: 'a1',
        field: 'owner',
        action: 'set',
        value: owner,
        record: action('Sam'),
      });
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.reason).toContain(`but ${word} joins two names`);
    }
  });

  it('takes one name, with a note in brackets or a name containing "and"', () => {
    for (const owner of ['Sam (Supply)', 'Alexander Andrews', 'Brandon', 'Ana-Maria Sales']) {
      const verdict = checkRelayWrite(editor, {
        root: 'actions',
        key: 'a1',
        field: 'owner',
        action: 'set',
        value: owner,
        record: action('Sam'),
      });
      expect(verdict).toEqual({ ok: true });
    }
  });

  it('refuses an update from a page that writes two owners around the command', () => {
    const relay = server();
    const page = peer(2);
    sync(relay, page);
    const id = addAction(page, action('Sam (Supply)'));
    sync(page, relay);
    const before = Y.encodeStateVector(page);
    (page.getMap('actions').get(id) as Y.Map<unknown>).set('owner', 'Sam (Supply), Ana (Sales)');
    const verdict = checkUpdate(relay, Y.encodeStateAsUpdate(page, before), editor);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toContain('must name one person, but a comma joins');
  });

  it('has the commands refuse two owners, with the problem on the owner field', () => {
    const doc = server();
    expect(() => addAction(doc, action('Sam, Ana'))).toThrow(CommandError);
    try {
      addAction(doc, action('Sam, Ana'));
    } catch (error) {
      expect((error as CommandError).issues[0].path).toBe('owner');
    }
    const id = addAction(doc, action('Sam'));
    expect(() => updateAction(doc, id, { owner: 'Sam and Ana' })).toThrow(/one person/);
  });

  it('records when an action raised in the meeting or from a gap was made', () => {
    const doc = server();
    addStandardAgenda(doc);
    const made = (id: string) =>
      (doc.getMap('actions').get(id) as Y.Map<unknown>).get('createdAt') as string | undefined;
    const closer = { by: 'Fran', at: '2026-12-05T10:00:00.000Z' };
    const { title, owner, due, raisedIn } = action('Sam');
    const inMeeting = closeWithAction(doc, 'agenda-10', { title, owner, due, raisedIn }, closer);
    expect(Number.isNaN(Date.parse(String(made(inMeeting))))).toBe(false);
    const plan = generateDemoPlan({ families: 2, periods: 3, resources: 1, seed: 3 });
    const gap = reconcile(plan).gaps[0];
    const fromGap = raiseFromGap(doc, gap.id, { kind: 'action', fields: action('Sam') });
    expect(Number.isNaN(Date.parse(String(made(fromGap))))).toBe(false);
    // Still one owner only, wherever the action is raised.
    expect(() => raiseFromGap(doc, gap.id, { kind: 'action', fields: action('Sam, Ana') })).toThrow(
      /one person/,
    );
  });

  it('records when an action was made, and the relay takes that time', () => {
    const doc = server();
    const id = addAction(doc, action('Sam'));
    const made = (doc.getMap('actions').get(id) as Y.Map<unknown>).get('createdAt');
    expect(typeof made).toBe('string');
    expect(Number.isNaN(Date.parse(String(made)))).toBe(false);
    const verdict = checkRelayWrite(editor, {
      root: 'actions',
      key: 'a2',
      field: null,
      action: 'set',
      value: { ...action('Sam'), createdAt: 'yesterday' },
    });
    expect(verdict.ok).toBe(false);
  });
});
