import { describe, expect, it } from 'vitest';
import { DOCUMENT_ROOTS, GRIDS } from '../../../../shared/doc/index.ts';
import { ROLES, type Actor, type Role } from '../../../../shared/policy/roles.ts';
import {
  WRITE_RULES,
  checkWrite,
  mayWriteRoot,
  type WriteTarget,
} from '../../../../shared/policy/write-policy.ts';
import { checkRelayWrite } from '../../../../shared/policy/check-update.ts';

const actor = (role: Role, name = 'Ana', functions: Actor['functions'] = ['sales']): Actor => ({
  name,
  role,
  functions,
});

/** A write each root accepts from a role allowed to make it (own function, own name). */
function ordinaryWrite(root: string): WriteTarget {
  switch (root) {
    case 'signoffs':
      return { root, key: 'demand|sales', field: null, action: 'set', value: { by: 'Ana' } };
    case 'inputs':
      return { root, key: 'sales', field: 'status', action: 'set', value: 'submitted' };
    case 'comments':
      return { root, key: 'c1', field: null, action: 'set', value: { author: 'Ana', text: 'x' } };
    case 'attendance':
      return {
        root,
        key: 'a1',
        field: 'present',
        action: 'set',
        value: true,
        record: { name: 'Ana' },
      };
    case 'prereadReads':
      return { root, key: 'Ana', field: null, action: 'set', value: { at: 'now' } };
    case 'agenda':
      return { root, key: 'i1', field: 'notes', action: 'set', value: 'text' };
    case 'previous':
      return { root, key: 'threshold', field: null, action: 'set', value: 0.2 };
    case 'decisions':
      return {
        root,
        key: 'd1',
        field: 'status',
        action: 'set',
        value: 'agreed',
        record: { status: 'proposed' },
      };
    case 'revisions':
      return { root, key: 'rev1', field: null, action: 'set', value: revision('decisions') };
    case 'adjustments':
      return { root, key: 'F1|2027-01|sales', field: null, action: 'set', value: adjustment() };
    case 'overrides':
      return { root, key: 'F1|2027-01', field: null, action: 'set', value: adjustment() };
    case 'demandReview':
      return { root, key: 'baseline', field: null, action: 'set', value: {} };
    default:
      return { root, key: 'k1', field: 'name', action: 'set', value: 'x' };
  }
}

/** A revision by Ana of a record of `target`. */
const revision = (target: string) => ({
  target,
  record: 'd1',
  fields: { chosen: 'Yes' },
  why: 'Demand rose',
  by: 'Ana',
  at: '2026-12-05T10:00:00Z',
});

/** An adjustment (or override) by Ana. */
const adjustment = () => ({ amount: 20, author: 'Ana', reason: 'promotion' });

const PLANNERS = ['facilitator', 'editor'];
const SIGNERS = ['facilitator', 'editor', 'approver'];
const EVERYONE = ['facilitator', 'editor', 'approver', 'viewer'];

/** Who may make each root's ordinary write: written out by hand, so a changed rule shows. */
const EXPECTED: Record<string, string[]> = {
  meta: PLANNERS,
  settings: PLANNERS,
  families: PLANNERS,
  resources: PLANNERS,
  loads: PLANNERS,
  gapNotes: PLANNERS,
  risks: PLANNERS,
  decisions: SIGNERS,
  actions: PLANNERS,
  npi: PLANNERS,
  stages: PLANNERS,
  scenarios: PLANNERS,
  scenarioOverrides: PLANNERS,
  revisions: PLANNERS,
  agenda: PLANNERS,
  inputs: PLANNERS,
  signoffs: SIGNERS,
  comments: SIGNERS,
  attendance: EVERYONE,
  prereadReads: EVERYONE,
  meeting: ['facilitator'],
  preread: ['facilitator'],
  closure: [],
  previous: PLANNERS,
  adjustments: PLANNERS,
  overrides: ['facilitator'],
  demandReview: PLANNERS,
  historyMarks: PLANNERS,
  snapshots: [],
};

describe('the write policy', () => {
  it('has one rule for every root of a cycle document, and none for anything else', () => {
    expect(Object.keys(WRITE_RULES).sort()).toEqual(DOCUMENT_ROOTS.map((r) => r.name).sort());
  });

  for (const { name } of DOCUMENT_ROOTS) {
    // The grids (demand, supply, ... and their imported rows) are the plan: planners only.
    const isGrid = (GRIDS as readonly string[]).includes(name.replace(/Base$/, ''));
    const allowed = EXPECTED[name] ?? (isGrid ? PLANNERS : ['no rule expected']);
    it(`lets ${allowed.join(', ') || 'only the server'} write ${name}, and refuses the others`, () => {
      for (const role of ROLES) {
        const verdict = checkWrite(actor(role), ordinaryWrite(name));
        expect(verdict.ok, `${role} writing ${name}`).toBe(allowed.includes(role));
        if (!verdict.ok) expect(verdict.reason).toMatch(/\.$/);
        expect(mayWriteRoot(actor(role), name).ok).toBe(allowed.includes(role));
      }
    });
  }

  it('refuses a root that is not part of a cycle, naming it', () => {
    const verdict = checkWrite(actor('facilitator'), {
      root: 'junk',
      key: 'x',
      field: null,
      action: 'set',
      value: 1,
    });
    expect(verdict).toEqual({ ok: false, reason: '"junk" is not part of a cycle.' });
  });

  it('says which role the person joined as when the role may not write', () => {
    const verdict = checkWrite(actor('viewer'), ordinaryWrite('families'));
    expect(verdict).toEqual({
      ok: false,
      reason: 'Only the facilitator and editors change the plan. You joined as viewer (read-only).',
    });
  });

  it('lets a person sign off and report inputs only for their own function', () => {
    const supply = {
      root: 'signoffs',
      key: 'supply|supplyChain',
      field: null,
      action: 'set',
    } as const;
    expect(checkWrite(actor('approver'), supply)).toEqual({
      ok: false,
      reason: 'You can only do this for your own function.',
    });
    expect(checkWrite(actor('approver', 'Ana', ['supplyChain']), supply).ok).toBe(true);
    expect(checkWrite(actor('facilitator', 'Fran', []), supply).ok).toBe(true);
    const input = { root: 'inputs', key: 'finance', field: 'status', action: 'set' } as const;
    expect(checkWrite(actor('editor'), input).ok).toBe(false);
    expect(checkWrite(actor('editor', 'Ana', ['sales', 'finance']), input).ok).toBe(true);
  });

  it("refuses another person's pre-read read, attendance and comment", () => {
    const viewer = actor('viewer', 'Vic');
    expect(checkWrite(viewer, { ...ordinaryWrite('prereadReads'), key: 'Ana' }).ok).toBe(false);
    expect(checkWrite(viewer, { ...ordinaryWrite('prereadReads'), key: 'Vic' }).ok).toBe(true);
    const attendance = ordinaryWrite('attendance');
    expect(checkWrite(viewer, attendance)).toEqual({
      ok: false,
      reason: 'You can only do this for yourself.',
    });
    expect(checkWrite(viewer, { ...attendance, record: { name: 'Vic' } }).ok).toBe(true);
    const comment = { root: 'comments', key: 'c9', field: null, action: 'set' } as const;
    expect(checkWrite(actor('approver', 'Eve'), { ...comment, value: { author: 'Ana' } }).ok).toBe(
      false,
    );
    expect(checkWrite(actor('approver', 'Eve'), { ...comment, value: { author: 'Eve' } }).ok).toBe(
      true,
    );
  });

  it('keeps an agreed decision and a closed outcome as they are', () => {
    const agreed = {
      root: 'decisions',
      key: 'd1',
      field: 'chosen',
      action: 'set',
      value: 'Yes, add the shift',
      record: { status: 'agreed', chosen: 'No' },
    } as const;
    expect(checkWrite(actor('facilitator'), agreed)).toEqual({
      ok: false,
      reason: 'An agreed decision cannot be changed: record a revision instead.',
    });
    expect(checkWrite(actor('editor'), { ...agreed, record: { status: 'proposed' } }).ok).toBe(
      true,
    );
    const outcome = {
      root: 'agenda',
      key: 'i1',
      field: 'outcome',
      action: 'set',
      value: { kind: 'noted' },
    } as const;
    expect(checkWrite(actor('facilitator'), outcome).ok).toBe(true);
    expect(
      checkWrite(actor('facilitator'), { ...outcome, record: { outcome: { kind: 'noted' } } }),
    ).toEqual({ ok: false, reason: "A closed agenda item's outcome cannot be changed." });
  });

  it('lets an approver approve or reject a proposed decision, and nothing more', () => {
    const approve = {
      root: 'decisions',
      key: 'd1',
      field: 'status',
      action: 'set',
      value: 'agreed',
      record: { status: 'proposed' },
    } as const;
    const eve = actor('approver', 'Eve');
    expect(checkWrite(eve, approve).ok).toBe(true);
    expect(checkWrite(eve, { ...approve, value: 'rejected' }).ok).toBe(true);
    const refusal = {
      ok: false,
      reason: 'Approvers approve or reject a proposed decision; they do not edit it.',
    };
    expect(checkWrite(eve, { ...approve, field: 'question', value: 'x' })).toEqual(refusal);
    expect(checkWrite(eve, { ...approve, record: { status: 'rejected' } })).toEqual(refusal);
    expect(checkWrite(actor('viewer'), approve)).toEqual({
      ok: false,
      reason:
        'Only the facilitator and editors change decisions; approvers approve them. You joined as viewer (read-only).',
    });
  });

  it('records a change of what was agreed as a new revision, never a change of one', () => {
    const add = { root: 'revisions', key: 'rev2', field: null, action: 'set' } as const;
    expect(checkWrite(actor('editor'), { ...add, value: revision('decisions') }).ok).toBe(true);
    expect(checkWrite(actor('editor', 'Ben'), { ...add, value: revision('decisions') })).toEqual({
      ok: false,
      reason: 'You can only do this for yourself.',
    });
    expect(checkWrite(actor('editor'), { ...add, value: revision('agenda') })).toEqual({
      ok: false,
      reason: 'Only the facilitator reopens or changes a closed agenda item.',
    });
    expect(checkWrite(actor('facilitator'), { ...add, value: revision('agenda') }).ok).toBe(true);
    const kept = { record: revision('decisions') };
    for (const change of [
      { ...add, ...kept, field: 'why', value: 'Another reason' },
      { ...add, ...kept, action: 'delete' as const },
    ]) {
      expect(checkWrite(actor('facilitator'), change)).toEqual({
        ok: false,
        reason: 'A revision is kept as it was recorded: record a new one instead.',
      });
    }
    const link = {
      root: 'decisions',
      key: 'd1',
      field: 'links',
      action: 'set',
      value: ['agenda:i1'],
      record: { status: 'agreed' },
    } as const;
    expect(checkWrite(actor('facilitator'), link).ok).toBe(true);
  });

  it('leaves the agenda and adopting a scenario to the facilitator; editors take notes', () => {
    const title = { root: 'agenda', key: 'i1', field: 'title', action: 'set', value: 'x' } as const;
    expect(checkWrite(actor('editor'), title)).toEqual({
      ok: false,
      reason: 'Only the facilitator changes the agenda.',
    });
    expect(checkWrite(actor('facilitator'), title).ok).toBe(true);
    const adopt = {
      root: 'scenarios',
      key: 's1',
      field: 'status',
      action: 'set',
      value: 'adopted',
      record: { status: 'draft' },
    } as const;
    expect(checkWrite(actor('editor'), adopt)).toEqual({
      ok: false,
      reason: 'Only the facilitator adopts a scenario.',
    });
    expect(checkWrite(actor('facilitator'), adopt).ok).toBe(true);
    expect(checkWrite(actor('editor'), { ...adopt, field: 'name', value: 'Wet summer' }).ok).toBe(
      true,
    );
  });

  it("leaves the previous cycle's plan to the server; planners set the change threshold", () => {
    const plan = {
      root: 'previous',
      key: 'plan',
      field: null,
      action: 'set',
      value: '{}',
    } as const;
    expect(checkWrite(actor('facilitator'), plan)).toEqual({
      ok: false,
      reason: 'Only the server writes the cycle before this one.',
    });
    expect(checkWrite(actor('editor'), ordinaryWrite('previous')).ok).toBe(true);
  });

  it("has the relay enforce the cycle life's roots, so far", () => {
    const closure = { root: 'closure', key: 'closedAt', field: null, action: 'set' } as const;
    expect(checkRelayWrite(actor('facilitator'), closure)).toEqual({
      ok: false,
      reason: 'Only the server closes a cycle. You joined as facilitator.',
    });
    const publish = { ...closure, root: 'preread', key: 'publishedBy', value: 'Fran' };
    expect(checkRelayWrite(actor('editor'), publish)).toEqual({
      ok: false,
      reason: 'Only the facilitator publishes the pre-read. You joined as editor.',
    });
    expect(checkRelayWrite(actor('facilitator'), publish).ok).toBe(true);
    expect(checkRelayWrite(actor('editor'), ordinaryWrite('families')).ok).toBe(true);
  });
});

describe("the meeting's record is archived, never removed", () => {
  it('refuses removing a risk, decision, action, NPI item or agenda item, even to the facilitator', () => {
    for (const root of ['risks', 'decisions', 'actions', 'npi', 'agenda']) {
      expect(
        checkWrite(actor('facilitator'), { root, key: 'x1', field: null, action: 'delete' }),
      ).toEqual({
        ok: false,
        reason: "The meeting's record is archived, never removed: archive it instead.",
      });
    }
    const archive = {
      root: 'risks',
      key: 'r1',
      field: 'archived',
      action: 'set',
      value: { at: '2026-12-05T10:00:00Z' },
      record: { status: 'open' },
    } as const;
    expect(checkWrite(actor('editor'), archive).ok).toBe(true);
    expect(checkWrite(actor('editor'), { ...archive, root: 'comments', field: null }).ok).toBe(
      false,
    );
  });

  it("lets a person remove a record their own page created (undoing its add), no one else's", () => {
    const remove = {
      root: 'risks',
      key: 'r1',
      field: null,
      action: 'delete',
      createdBy: 7,
    } as const;
    const mine = { ...actor('editor'), ownClients: new Set([7]) };
    const theirs = { ...actor('editor'), ownClients: new Set([8]) };
    expect(checkWrite(mine, remove).ok).toBe(true);
    expect(checkWrite(theirs, remove)).toEqual({
      ok: false,
      reason: "The meeting's record is archived, never removed: archive it instead.",
    });
    // An agreed decision stays, even the person's own.
    expect(
      checkWrite(mine, { ...remove, root: 'decisions', record: { status: 'agreed' } }).ok,
    ).toBe(false);
  });

  it('keeps a closed agenda item whole: not archived, not replaced', () => {
    const closed = { outcome: { kind: 'noted' } };
    const base = { root: 'agenda', key: 'i1', action: 'set', record: closed } as const;
    for (const field of ['archived', null]) {
      expect(checkWrite(actor('facilitator'), { ...base, field, value: {} })).toEqual({
        ok: false,
        reason: "A closed agenda item's outcome cannot be changed.",
      });
    }
    expect(checkWrite(actor('facilitator'), { ...base, field: 'title', value: 'x' }).ok).toBe(true);
  });
});
