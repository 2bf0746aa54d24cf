import { describe, expect, it } from 'vitest';
import {
  catchUp,
  parseSeenProjection,
  PLAN_CHANGES_SHOWN,
  projectSeen,
  type CatchUpEntry,
  type SeenProjection,
} from '../../../../shared/catchup/index.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  addAction,
  addDecision,
  addRisk,
  addStandardAgenda,
  closeAgendaItem,
  closeWithAction,
  closeWithDecision,
  createCycleDoc,
  docToPlan,
  importPlan,
  readCatchUpRecords,
  reopenAgendaItem,
  setCell,
  updateAction,
  updateDecision,
  updateRisk,
  type CycleDoc,
} from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';

const ME = 'Ben Okafor';
const CYCLE = '2026-12';
const plan = generateDemoPlan();

/** What the person saw, or sees now: the projection of the document and its engine result. */
function project(doc: CycleDoc, at = '2026-12-03T14:05:00.000Z'): SeenProjection {
  return projectSeen(
    { ...readCatchUpRecords(doc), result: reconcile(docToPlan(doc)) },
    new Date(at),
  );
}

/** A cycle as the person left it: the demo plan, the agenda and some work items. */
function cycleBeforeTheMeeting(): CycleDoc {
  const doc = createCycleDoc();
  importPlan(doc, plan);
  addStandardAgenda(doc);
  addDecision(
    doc,
    { question: 'Build stock ahead of the March shutdown?', status: 'proposed', madeIn: CYCLE },
    'd-stock',
  );
  addAction(
    doc,
    { title: 'Check resin prices', owner: ME, due: '2027-01-10', status: 'open', raisedIn: CYCLE },
    'a-mine',
  );
  addAction(
    doc,
    {
      title: 'Book extra trucks',
      owner: 'Ana Ruiz',
      due: '2027-01-12',
      status: 'open',
      raisedIn: CYCLE,
    },
    'a-ana',
  );
  addAction(
    doc,
    {
      title: 'Call the paint shop',
      owner: 'Chen Li',
      due: '2027-01-20',
      status: 'open',
      raisedIn: CYCLE,
    },
    'a-chen',
  );
  addRisk(
    doc,
    {
      title: 'Port strike in January',
      kind: 'risk',
      probability: 2,
      impact: 4,
      status: 'open',
      raisedIn: CYCLE,
    },
    'r-strike',
  );
  return doc;
}

const brief = (entry: CatchUpEntry) => [entry.kind, entry.change, entry.id, entry.detail];

describe('what a person last saw', () => {
  it('keeps the fields a catch-up speaks of and each family’s horizon totals, no plan cells', () => {
    const doc = cycleBeforeTheMeeting();
    const seen = project(doc);
    const result = reconcile(plan);
    expect(seen.version).toBe(1);
    expect(seen.at).toBe('2026-12-03T14:05:00.000Z');
    expect(seen.decisions['d-stock']).toEqual({
      question: 'Build stock ahead of the March shutdown?',
      status: 'proposed',
    });
    expect(seen.actions['a-mine']).toEqual({
      title: 'Check resin prices',
      owner: ME,
      status: 'open',
      due: '2027-01-10',
    });
    expect(seen.risks['r-strike']).toEqual({
      title: 'Port strike in January',
      kind: 'risk',
      status: 'open',
      probability: 2,
      impact: 4,
    });
    expect(Object.keys(seen.agenda)).toHaveLength(10);
    expect(seen.agenda['agenda-1']).toEqual({
      title: 'What has changed since last month?',
      order: 0,
    });
    expect(Object.keys(seen.families)).toEqual(plan.families.map((family) => family.id));
    const first = result.families[0];
    expect(seen.families[first.id]).toEqual({
      name: first.name,
      demand: first.totals.demand,
      supply: first.totals.supply,
      revenue: first.totals.revenue,
    });
    // Small enough to keep per person and cycle: no months, no cells.
    expect(JSON.stringify(seen).length).toBeLessThan(5_000);
  });

  it('reads back what was stored, and refuses a damaged or older copy', () => {
    const seen = project(cycleBeforeTheMeeting());
    expect(parseSeenProjection(JSON.parse(JSON.stringify(seen)))).toEqual(seen);
    expect(parseSeenProjection({ ...seen, version: 2 })).toBeNull();
    expect(parseSeenProjection({ ...seen, at: 'yesterday' })).toBeNull();
    expect(
      parseSeenProjection({ ...seen, actions: { x: { title: 'No owner', status: 'open' } } }),
    ).toBeNull();
    expect(parseSeenProjection(null)).toBeNull();
  });
});

describe('since you were here', () => {
  it('lists nothing when nothing changed, whatever the time', () => {
    const doc = cycleBeforeTheMeeting();
    const before = project(doc);
    expect(catchUp(before, before, ME)).toEqual([]);
    expect(catchUp(before, project(doc, '2026-12-09T08:00:00.000Z'), ME)).toEqual([]);
  });

  it('lists decisions, actions for me, risks, closed agenda items and the plan change, in that order', () => {
    const doc = cycleBeforeTheMeeting();
    const before = project(doc);
    const closer = { by: 'Ana Ruiz', at: '2026-12-05T10:30:00.000Z' };

    // The meeting held without me.
    const decision = closeWithDecision(
      doc,
      'agenda-6',
      {
        question: 'Fund a second shift on line 1?',
        chosen: 'Yes, from February',
        owner: 'Chen Li',
        madeIn: CYCLE,
      },
      closer,
      'd-shift',
    );
    updateDecision(doc, 'd-stock', { status: 'agreed', chosen: 'Build 2 weeks ahead' });
    const mine = closeWithAction(
      doc,
      'agenda-10',
      { title: 'Hire two operators', owner: 'ben okafor', due: '2027-01-15', raisedIn: CYCLE },
      closer,
      'a-hire',
    );
    addAction(
      doc,
      {
        title: 'Update the price list',
        owner: 'Ana Ruiz',
        due: '2027-01-31',
        status: 'open',
        raisedIn: CYCLE,
      },
      'a-prices',
    );
    updateAction(doc, 'a-mine', { due: '2027-01-24' });
    updateAction(doc, 'a-ana', { status: 'done' }); // someone else's: not listed
    updateAction(doc, 'a-chen', { owner: ME });
    addRisk(
      doc,
      {
        title: 'Resin supplier may miss February',
        kind: 'risk',
        probability: 4,
        impact: 5,
        impactValue: 120_000,
        owner: 'Chen Li',
        status: 'open',
        raisedIn: CYCLE,
      },
      'r-resin',
    );
    updateRisk(doc, 'r-strike', { status: 'closed' });
    closeAgendaItem(doc, 'agenda-2', { kind: 'noted', ...closer });
    const family = plan.families[3];
    const month = plan.periods[1];
    const demand = plan.demand[family.id]?.[month] ?? 0;
    setCell(doc, 'demand', family.id, month, demand + 5_000);

    const now = project(doc, '2026-12-09T08:00:00.000Z');
    const entries = catchUp(before, now, ME);
    expect(entries.map(brief)).toEqual([
      ['decision', 'new', decision, 'agreed: Yes, from February · owner Chen Li'],
      [
        'decision',
        'changed',
        'd-stock',
        'status proposed → agreed · option chosen: Build 2 weeks ahead',
      ],
      ['action', 'assigned', 'a-chen', 'reassigned to you from Chen Li, due 2027-01-20'],
      ['action', 'assigned', mine, 'assigned to you, due 2027-01-15'],
      ['action', 'new', 'a-prices', 'owner Ana Ruiz, due 2027-01-31'],
      ['action', 'changed', 'a-mine', 'due 2027-01-10 → 2027-01-24'],
      [
        'risk',
        'new',
        'r-resin',
        'new risk · probability 4 × impact 5 · 120,000 at stake · owner Chen Li',
      ],
      ['risk', 'closed', 'r-strike', 'status open → closed'],
      // Agenda items in the agenda's order (items 2, 6, 10), not by title.
      ['agenda', 'closed', 'agenda-2', 'noted, no decision needed · by Ana Ruiz'],
      [
        'agenda',
        'closed',
        'agenda-6',
        'closed with a decision: Fund a second shift on line 1? — Yes, from February · by Ana Ruiz',
      ],
      [
        'agenda',
        'closed',
        'agenda-10',
        'closed with an action: Hire two operators (owner ben okafor, due 2027-01-15) · by Ana Ruiz',
      ],
      expect.arrayContaining(['plan', 'changed', family.id]),
    ]);

    // Titles and links lead to each place.
    expect(entries.map((entry) => [entry.title, entry.link])).toEqual([
      ['Fund a second shift on line 1?', { view: 'decisions', item: decision }],
      ['Build stock ahead of the March shutdown?', { view: 'decisions', item: 'd-stock' }],
      ['Call the paint shop', { view: 'actions', item: 'a-chen' }],
      ['Hire two operators', { view: 'actions', item: mine }],
      ['Update the price list', { view: 'actions', item: 'a-prices' }],
      ['Check resin prices', { view: 'actions', item: 'a-mine' }],
      ['Resin supplier may miss February', { view: 'risks', item: 'r-resin' }],
      ['Port strike in January', { view: 'risks', item: 'r-strike' }],
      ['How are we executing to performance metrics?', { view: 'meeting', item: 'agenda-2' }],
      ['Decisions needed now and later', { view: 'meeting', item: 'agenda-6' }],
      ['Follow-up actions', { view: 'meeting', item: 'agenda-10' }],
      [family.name, { view: 'plan', item: family.id }],
    ]);

    // The plan entry carries the family's horizon totals before and now.
    const change = entries.at(-1)!;
    const revenueBefore = reconcile(plan).families[3].totals.revenue;
    const revenueNow = reconcile(docToPlan(doc)).families[3].totals.revenue;
    expect(change.plan!.demand.delta).toBe(5_000);
    expect(change.plan!.revenue).toEqual({
      before: revenueBefore,
      now: revenueNow,
      delta: revenueNow - revenueBefore,
      pct: (revenueNow - revenueBefore) / revenueBefore,
    });
    expect(change.detail).toMatch(
      /^revenue (\+[\d,]+ \(\+\d+\.\d%\)|unchanged) · demand \+5,000 units \(\+\d+\.\d%\)$/,
    );
  });

  it('follows my actions only: others’ changes are left out, mine reassigned away are listed', () => {
    const doc = cycleBeforeTheMeeting();
    const before = project(doc);
    updateAction(doc, 'a-ana', { due: '2027-02-01', title: 'Book extra trucks for January' });
    updateAction(doc, 'a-chen', { status: 'dropped' });
    updateAction(doc, 'a-mine', { owner: 'Ana Ruiz' });
    expect(catchUp(before, project(doc), ME).map(brief)).toEqual([
      ['action', 'changed', 'a-mine', 'reassigned from you to Ana Ruiz'],
    ]);

    // For Ana, the same change is an action now hers, and her own action's changes.
    expect(catchUp(before, project(doc), 'Ana Ruiz').map(brief)).toEqual([
      ['action', 'assigned', 'a-mine', 'reassigned to you from Ben Okafor, due 2027-01-10'],
      [
        'action',
        'changed',
        'a-ana',
        'due 2027-01-12 → 2027-02-01 · renamed from: Book extra trucks',
      ],
    ]);
  });

  it('closes my action when it is done, with the status in words', () => {
    const doc = cycleBeforeTheMeeting();
    const before = project(doc);
    updateAction(doc, 'a-mine', { status: 'done' });
    expect(catchUp(before, project(doc), ME).map(brief)).toEqual([
      ['action', 'closed', 'a-mine', 'status open → done'],
    ]);
  });

  it('says what changed on a risk and on a decision, and lists an item reopened', () => {
    const doc = cycleBeforeTheMeeting();
    closeAgendaItem(doc, 'agenda-1', { kind: 'noted', by: 'Ana Ruiz', at: '2026-12-01T09:00:00Z' });
    const before = project(doc);
    updateRisk(doc, 'r-strike', {
      probability: 4,
      impactValue: 80_000,
      owner: 'Chen Li',
      kind: 'opportunity',
    });
    updateDecision(doc, 'd-stock', { owner: 'Ana Ruiz', status: 'deferred' });
    reopenAgendaItem(doc, 'agenda-1', { by: 'Fran', at: '2026-12-03T10:00:00Z', why: 'More data' });
    expect(catchUp(before, project(doc), ME).map(brief)).toEqual([
      ['decision', 'changed', 'd-stock', 'status proposed → deferred · owner set to Ana Ruiz'],
      [
        'risk',
        'changed',
        'r-strike',
        'now an opportunity · probability 2 → 4 · at stake not set → 80,000 · owner set to Chen Li',
      ],
      ['agenda', 'changed', 'agenda-1', 'reopened: its outcome was withdrawn'],
    ]);
  });

  it('does not depend on the order records were stored in', () => {
    const doc = cycleBeforeTheMeeting();
    const before = project(doc);
    for (const n of [3, 1, 2]) {
      addRisk(
        doc,
        {
          title: `Risk ${n}`,
          kind: 'risk',
          probability: 1,
          impact: 1,
          status: 'open',
          raisedIn: CYCLE,
        },
        `r-${n}`,
      );
    }
    const now = project(doc);
    const reversed = (projection: SeenProjection): SeenProjection =>
      JSON.parse(
        JSON.stringify(projection, (_key, value) =>
          value && typeof value === 'object' && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value).reverse())
            : value,
        ),
      );
    const entries = catchUp(before, now, ME);
    expect(entries.map((entry) => entry.title)).toEqual(['Risk 1', 'Risk 2', 'Risk 3']);
    expect(catchUp(reversed(before), reversed(now), ME)).toEqual(entries);
  });
});

describe('the largest plan changes', () => {
  const family = (name: string, demand: number, supply: number, revenue: number) => ({
    name,
    demand,
    supply,
    revenue,
  });
  const projection = (families: SeenProjection['families']): SeenProjection => ({
    version: 1,
    at: '2026-12-03T14:05:00.000Z',
    decisions: {},
    actions: {},
    risks: {},
    agenda: {},
    families,
  });

  it('lists the ten largest changes of revenue, largest first, above the threshold only', () => {
    const before: SeenProjection['families'] = {};
    const now: SeenProjection['families'] = {};
    for (let i = 1; i <= 14; i++) {
      before[`F${i}`] = family(`Family ${i}`, 1_000, 1_000, 100_000);
      now[`F${i}`] = family(`Family ${i}`, 1_000 + i, 1_000, 100_000 + i * 1_000);
    }
    // Below the threshold: less than a unit and less than 0.5% of revenue.
    before.Q = family('Quiet', 1_000, 1_000, 100_000);
    now.Q = family('Quiet', 1_000.4, 1_000, 100_400);
    // Units moved, revenue did not (no supply to ship more): listed after revenue changes.
    before.S = family('Short', 500, 200, 40_000);
    now.S = family('Short', 900, 200, 40_000);

    const entries = catchUp(projection(before), projection(now), ME);
    expect(entries).toHaveLength(PLAN_CHANGES_SHOWN);
    expect(entries.map((entry) => entry.id)).toEqual([
      'F14',
      'F13',
      'F12',
      'F11',
      'F10',
      'F9',
      'F8',
      'F7',
      'F6',
      'F5',
    ]);
    expect(entries[0].detail).toBe('revenue +14,000 (+14.0%) · demand +14 units (+1.4%)');

    const few = catchUp(
      projection({ Q: before.Q, S: before.S, F1: before.F1 }),
      projection({ Q: now.Q, S: now.S, F1: now.F1 }),
      ME,
    );
    expect(few.map(brief)).toEqual([
      ['plan', 'changed', 'F1', 'revenue +1,000 (+1.0%) · demand +1 unit (+0.1%)'],
      ['plan', 'changed', 'S', 'revenue unchanged · demand +400 units (+80.0%)'],
    ]);
  });

  it('names families added to and removed from the plan, and says nothing when there is no plan now', () => {
    const before = projection({ A: family('Drills', 100, 100, 5_000) });
    const now = projection({ B: family('Kettles', 300, 300, 9_000) });
    expect(catchUp(before, now, ME).map((entry) => [...brief(entry), entry.link])).toEqual([
      [
        'plan',
        'new',
        'B',
        'new in the plan: revenue 9,000, demand 300 units',
        { view: 'plan', item: 'B' },
      ],
      [
        'plan',
        'removed',
        'A',
        'removed from the plan: revenue was 5,000',
        { view: 'plan', item: null },
      ],
    ]);
    expect(catchUp(before, projection({}), ME)).toEqual([]);
  });
});
