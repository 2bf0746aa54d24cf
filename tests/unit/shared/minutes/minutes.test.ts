import { describe, expect, it } from 'vitest';
import {
  addAgendaItem,
  addDecision,
  addStandardAgenda,
  agendaNotes,
  addAction,
  addRisk,
  closeWithDecision,
  createCycleDoc,
  importPlan,
  record,
  startMeeting,
} from '../../../../shared/doc/index.ts';
import { collection, transact } from '../../../../shared/doc/layout.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { buildMinutes, NO_OUTCOME_TEXT } from '../../../../shared/minutes/minutes.ts';
import { escapeHtml, minutesHtml } from '../../../../shared/minutes/minutes-html.ts';
import {
  markdownCell,
  markdownQuote,
  markdownText,
  minutesMarkdown,
} from '../../../../shared/minutes/minutes-markdown.ts';
import {
  ACTION,
  DECISION,
  heldMeetingDoc,
  NOTES_1,
  STARTED_AT,
} from '../../../helpers/minutes-cycle.ts';

const NOW = '2026-12-05T16:00:00.000Z';

describe('buildMinutes', () => {
  it('reads the meeting: date, attendance, every agenda item in order with notes and outcome', () => {
    const minutes = buildMinutes(heldMeetingDoc(), { now: NOW });
    expect(minutes.cycle).toBe('2026-12');
    expect(minutes.title).toBe('S&OP cycle 2026-12');
    expect(minutes.meetingStartedAt).toBe(STARTED_AT);
    expect(minutes.meetingDay).toBe('2026-12-03');
    expect(minutes.meetingText).toBe('Thursday 3 December 2026, started 09:00 UTC');
    expect(minutes.generatedAt).toBe(NOW);
    expect(minutes.present.map((p) => [p.name, p.function])).toEqual([
      ['Ana Ruiz', 'Executive'],
      ['Ben Okafor', 'Sales'],
      ['Chen Li', null],
    ]);
    expect(minutes.absent.map((p) => [p.name, p.function])).toEqual([['Dana Schultz', 'Finance']]);

    expect(minutes.agenda.map((item) => [item.position, item.id, item.state])).toEqual([
      [1, 'agenda-1', 'closed'],
      [2, 'agenda-2', 'closed'],
      [3, 'agenda-3', 'closed'],
      [4, 'agenda-4', 'inProgress'],
      ...[5, 6, 7, 8, 9, 10].map((n) => [n, `agenda-${n}`, 'open']),
    ]);
    const [first, second, third, fourth, fifth] = minutes.agenda;
    expect(first.title).toBe('What has changed since last month?');
    expect(first.timeBoxMinutes).toBe(10);
    expect(first.notes).toBe(NOTES_1);
    expect(first.closedBy).toBe('Ana Ruiz');
    expect(first.closedAt).toBe('2026-12-03T09:12:00.000Z');
    expect(first.outcome).toMatchObject({
      kind: 'decision',
      decisionId: 'decisions-shift',
      question: DECISION.question,
      chosen: DECISION.chosen,
      owner: DECISION.owner,
    });
    expect(first.outcomeText).toBe(
      'Decision: Fund a second shift on Assembly line 1 from February? Chosen: Yes, from 1 February. Owner: Chen Li.',
    );
    expect(second.outcome).toMatchObject({ kind: 'noted', by: 'Ben Okafor' });
    expect(second.outcomeText).toBe('Noted, no decision needed (by Ben Okafor).');
    expect(second.notes).toBe('');
    expect(third.outcomeText).toBe(
      'Action: Split the budget gap by family. Owner: Dana Schultz. Due: 20 Dec 2026.',
    );
    expect(fourth.startedAt).toBe('2026-12-03T09:32:00.000Z');
    expect(fourth.outcome).toEqual({ kind: 'open' });
    expect(fourth.outcomeText).toBe(NO_OUTCOME_TEXT);
    expect(fifth.startedAt).toBeNull();
    expect(fifth.outcomeText).toBe('Open: no outcome recorded');
    expect(minutes.openItems).toBe(7);
    expect(minutes.leftOut).toEqual([]);
  });

  it('lists the decisions of this cycle, agenda order first, then by id; not earlier cycles’', () => {
    const { decisions } = buildMinutes(heldMeetingDoc(), { now: NOW });
    expect(decisions.map((d) => [d.id, d.agendaPosition, d.status.text])).toEqual([
      ['decisions-shift', 1, 'Agreed'],
      ['decisions-stock', null, 'Proposed'],
    ]);
    expect(decisions[0]).toMatchObject({
      question: DECISION.question,
      chosen: DECISION.chosen,
      owner: DECISION.owner,
      rationale: DECISION.rationale,
      agendaId: 'agenda-1',
    });
    expect(decisions[1]).toMatchObject({ chosen: null, rationale: null, due: '2026-12-17' });
  });

  it('lists every action with its one owner and due date, overdue against the meeting day', () => {
    const { actions, overdueActions } = buildMinutes(heldMeetingDoc(), {
      now: '2027-06-01T00:00:00Z',
    });
    expect(
      actions.map((a) => [a.id, a.owner, a.due, a.status.text, a.isOverdue, a.carriedFrom]),
    ).toEqual([
      ['actions-split', ACTION.owner, ACTION.due, 'Open', false, null],
      ['actions-overtime', 'Chen Li', '2026-11-28', 'Overdue', true, '2026-11'],
      ['actions-preread', 'Ana Ruiz', '2026-11-30', 'Done', false, null],
    ]);
    expect(actions[0].agendaPosition).toBe(3);
    // Judged on 3 December (the meeting), not on 1 June (now): one overdue.
    expect(overdueActions).toBe(1);
  });

  it('lists open risks and opportunities, highest score first, with money at stake', () => {
    const { risks } = buildMinutes(heldMeetingDoc(), { now: NOW });
    expect(
      risks.map((r) => [r.id, r.kind, r.score, r.band.text, r.impactValue, r.status.text]),
    ).toEqual([
      ['risks-resin', 'Risk', 20, 'High', 120_000, 'Open'],
      ['risks-promo', 'Opportunity', 9, 'Medium', 45_000, 'Mitigating'],
    ]);
    expect(risks[0]).toMatchObject({
      owner: 'Chen Li',
      mitigation: 'Qualify a second resin source',
      probability: 4,
      impact: 5,
    });
  });

  it('says a meeting never started is not held yet, and judges overdue against now', () => {
    const doc = createCycleDoc();
    importPlan(doc, generateDemoPlan({ families: 2, periods: 3, resources: 1 }));
    addStandardAgenda(doc);
    addAction(doc, {
      title: 'Send the forecast',
      owner: 'Ben Okafor',
      due: '2026-12-02',
      status: 'open',
      raisedIn: '2026-12',
    });
    const before = buildMinutes(doc, { now: '2026-12-01T08:00:00.000Z' });
    expect(before.meetingText).toBe('Not held yet');
    expect(before.meetingStartedAt).toBeNull();
    expect(before.agenda.every((item) => item.state === 'open')).toBe(true);
    expect(before.actions[0].isOverdue).toBe(false);
    expect(buildMinutes(doc, { now: '2026-12-04T08:00:00.000Z' }).actions[0].isOverdue).toBe(true);
    expect(buildMinutes(doc).actions[0].isOverdue).toBe(false);
    expect(minutesMarkdown(before)).toContain('- **Meeting:** Not held yet\n');
    expect(minutesMarkdown(before)).toContain('- **Attendance:** not recorded\n');
  });

  it('says when the decision an item closed with is gone, and lists unreadable records', () => {
    const doc = createCycleDoc();
    const item = addAgendaItem(doc, { title: 'Pricing', timeBoxMinutes: 10 });
    const id = closeWithDecision(doc, item, { ...DECISION }, { by: 'Ana Ruiz', at: STARTED_AT });
    // An agreed decision stays in the record; a page of an older version removed it anyway.
    transact(doc, 'test', () => collection(doc, 'decisions').delete(id));
    // A record another peer wrote that its schema refuses (a probability of 9).
    transact(doc, 'test', () =>
      collection(doc, 'risks').set(
        'risks-broken',
        record({
          title: 'Broken',
          kind: 'risk',
          probability: 9,
          impact: 1,
          status: 'open',
          raisedIn: '2026-12',
        }),
      ),
    );
    const minutes = buildMinutes(doc);
    expect(minutes.agenda[0].outcomeText).toBe(
      'Closed with a decision that is no longer in the cycle (by Ana Ruiz).',
    );
    expect(minutes.leftOut).toEqual([expect.stringMatching(/^risks\.risks-broken: /)]);
    expect(minutesMarkdown(minutes)).toContain('## Records left out');
    expect(minutesHtml(minutes)).toContain('<h2>Records left out</h2>');
  });

  it('orders decisions and actions by the agenda item they belong to, then by id', () => {
    const doc = createCycleDoc();
    importPlan(doc, generateDemoPlan({ families: 1, periods: 1, resources: 1 }));
    addStandardAgenda(doc);
    const decision = (id: string, links: string[]) =>
      addDecision(doc, { question: id, status: 'proposed', madeIn: '2026-12', links }, id);
    decision('decisions-c', []);
    decision('decisions-a', ['agenda:agenda-6']);
    decision('decisions-b', []);
    decision('decisions-z', ['agenda:agenda-9', 'agenda:agenda-2']);
    const action = (id: string, links: string[]) =>
      addAction(
        doc,
        {
          title: id,
          owner: 'Chen Li',
          due: '2026-12-20',
          status: 'open',
          raisedIn: '2026-12',
          links,
        },
        id,
      );
    action('actions-b', []);
    action('actions-y', ['agenda:agenda-10']);
    action('actions-a', []);
    const minutes = buildMinutes(doc);
    expect(minutes.decisions.map((d) => [d.id, d.agendaPosition])).toEqual([
      ['decisions-z', 2],
      ['decisions-a', 6],
      ['decisions-b', null],
      ['decisions-c', null],
    ]);
    expect(minutes.actions.map((a) => a.id)).toEqual(['actions-y', 'actions-a', 'actions-b']);
  });
});

describe('minutesMarkdown', () => {
  const markdown = minutesMarkdown(buildMinutes(heldMeetingDoc(), { now: NOW }));
  const lines = markdown.split('\n');

  it('has the heading, the facts and the attendance', () => {
    expect(lines[0]).toBe('# Minutes: S&OP cycle 2026-12');
    expect(lines).toContain('- **Cycle:** December 2026 (2026-12)');
    expect(lines).toContain('- **Meeting:** Thursday 3 December 2026, started 09:00 UTC');
    expect(lines).toContain('- **Present (3):** Ana Ruiz (Executive), Ben Okafor (Sales), Chen Li');
    expect(lines).toContain('- **Absent (1):** Dana Schultz (Finance)');
    expect(lines).toContain('- **Agenda:** 3 of 10 items closed; 7 with no outcome recorded');
  });

  it('has every agenda item with its facts, outcome and notes', () => {
    const at = (line: string) => {
      const index = lines.indexOf(line);
      expect(index, line).toBeGreaterThan(-1);
      return index;
    };
    const first = at('### 1. What has changed since last month?');
    expect(lines.slice(first + 1, first + 12)).toEqual([
      '',
      '*Time box 10 min · Closed 09:12 UTC by Ana Ruiz*',
      '',
      '**Outcome:** Decision: Fund a second shift on Assembly line 1 from February? Chosen: Yes, from 1 February. Owner: Chen Li.',
      '',
      '**Notes:**',
      '',
      '> Demand for drills is up 8% on last month.\\',
      '> Supply can follow from February.',
      '',
      '### 2. How are we executing to performance metrics?',
    ]);
    expect(lines[at('### 2. How are we executing to performance metrics?') + 4]).toBe(
      '**Outcome:** Noted, no decision needed (by Ben Okafor).',
    );
    expect(lines[at('### 3. How are product families performing?') + 4]).toBe(
      '**Outcome:** Action: Split the budget gap by family. Owner: Dana Schultz. Due: 20 Dec 2026.',
    );
    const fourth = at('### 4. Are we on plan financially?');
    expect(lines[fourth + 2]).toBe('*Time box 10 min · In progress since 09:32 UTC*');
    expect(lines[fourth + 4]).toBe('**Outcome:** **Open: no outcome recorded**');
    expect(lines[at('### 10. Follow-up actions') + 4]).toBe(
      '**Outcome:** **Open: no outcome recorded**',
    );
  });

  it('has tables of decisions, actions and open risks', () => {
    expect(markdown).toContain(
      [
        '## Decisions (2)',
        '',
        '| Item | Question | Chosen option | Owner | Rationale | Expected impact | Status |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| 1 | Fund a second shift on Assembly line 1 from February? | Yes, from 1 February | Chen Li | The backlog of cordless drills reaches 4,000 units in March. | — | Agreed |',
        '| — | Build stock ahead of the March shutdown? | — | Ana Ruiz | — | — | Proposed |',
      ].join('\n'),
    );
    expect(markdown).toContain(
      [
        '## Actions (3, 1 overdue)',
        '',
        '| Item | Action | Owner | Due | Status |',
        '| --- | --- | --- | --- | --- |',
        '| 3 | Split the budget gap by family | Dana Schultz | 20 Dec 2026 | Open |',
        '| — | Confirm the overtime budget (carried from November 2026) | Chen Li | 28 Nov 2026 | Overdue (open) |',
        '| — | Publish the pre-read | Ana Ruiz | 30 Nov 2026 | Done |',
      ].join('\n'),
    );
    expect(markdown).toContain(
      [
        '## Open risks and opportunities (2)',
        '',
        '| Risk or opportunity | Kind | Probability × impact | Impact | Owner | Mitigation | Status |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| Resin supplier may miss February deliveries | Risk | 4 × 5 = 20 (High) | 120,000 EUR | Chen Li | Qualify a second resin source | Open |',
        '| Retailer promotion lifts espresso machine demand | Opportunity | 3 × 3 = 9 (Medium) | 45,000 EUR | Ben Okafor | — | Mitigating |',
      ].join('\n'),
    );
    expect(lines.at(-2)).toBe(
      '*Generated by Fulcrum from the cycle document on 5 Dec 2026 at 16:00 UTC. Times are UTC.*',
    );
    expect(markdown).not.toContain('Port strike');
    expect(markdown).not.toContain('blue colourway');
  });
});

describe('hostile text', () => {
  const HOSTILE = '# Take over <script>alert("x")</script> | col';
  function hostileDoc() {
    const doc = createCycleDoc();
    importPlan(doc, generateDemoPlan({ families: 1, periods: 1, resources: 1 }), HOSTILE);
    const item = addAgendaItem(doc, { title: HOSTILE, timeBoxMinutes: 5 });
    startMeeting(doc, item, STARTED_AT);
    agendaNotes(doc, item).insert(0, `${HOSTILE}\n* bullet\n1. list\n> quote\n---`);
    closeWithDecision(
      doc,
      item,
      { question: HOSTILE, chosen: 'A | B', owner: '<b>Eve</b>', madeIn: '2026-12' },
      { by: '<img src=x onerror=alert(1)>', at: STARTED_AT },
    );
    addRisk(doc, {
      title: HOSTILE,
      kind: 'risk',
      probability: 1,
      impact: 1,
      mitigation: 'line one\nline | two',
      status: 'open',
      raisedIn: '2026-12',
    });
    return doc;
  }
  const minutes = buildMinutes(hostileDoc());

  it('is escaped in the Markdown: no heading, no HTML, no extra table column', () => {
    const markdown = minutesMarkdown(minutes);
    // The only unescaped "<" are the line breaks of table cells.
    expect(markdown.replace(/<br>/g, '')).not.toMatch(/(^|[^\\])</);
    const escaped = '\\# Take over \\<script\\>alert("x")\\</script\\> \\| col';
    expect(markdown).toContain(`### 1. ${escaped}`);
    expect(markdown).toContain(
      `> ${escaped}\\\n> \\* bullet\\\n> 1\\. list\\\n> \\> quote\\\n> \\---\n`,
    );
    // Every table row has exactly its columns' separators.
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| '))) {
      const columns = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([5, 6, 7], line).toContain(columns);
    }
    expect(markdown).toContain('| line one<br>line \\| two |');
    // No line of user text starts a heading.
    expect(markdown.split('\n').filter((l) => /^#/.test(l))).toEqual([
      `# Minutes: ${escaped}`,
      '## Agenda',
      `### 1. ${escaped}`,
      '## Decisions (1)',
      '## Actions (0)',
      '## Open risks and opportunities (1)',
    ]);
  });

  it('is escaped in the HTML page', () => {
    const html = minutesHtml(minutes);
    expect(html).not.toMatch(/<script|<b>|<img/);
    expect(html).toContain('# Take over &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | col');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
  });

  it('escapes the five HTML characters and leaves the rest', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> ok`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; ok',
    );
  });

  it('escapes Markdown in a line, a cell and a quote', () => {
    expect(markdownText('R&D &amp; *bold* _it_ `code` [link](x) ~~s~~ \\')).toBe(
      'R&D \\&amp; \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~ \\\\',
    );
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('12. twelve')).toBe('12\\. twelve');
    expect(markdownCell('  ')).toBe('—');
    expect(markdownQuote('a\n\nb')).toEqual(['> a', '>', '> b']);
  });
});

describe('minutesHtml', () => {
  const html = minutesHtml(buildMinutes(heldMeetingDoc(), { now: NOW }));

  it('is one printable page: A4, 11pt, items never split, colours printed', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<title>Minutes: S&amp;OP cycle 2026-12</title>');
    expect(html).toContain('@page { size: A4;');
    expect(html).toMatch(/body \{[^}]*font: 11pt/);
    expect(html).toMatch(/\.item \{[^}]*break-inside: avoid/);
    expect(html).toContain('print-color-adjust: exact');
    // Self-contained: nothing loaded from elsewhere.
    expect(html).not.toMatch(/<link|<script|src=|url\(/);
  });

  it('shows the facts, each item, and statuses by colour and words', () => {
    expect(html).toContain(
      '<div><dt>Meeting</dt><dd>Thursday 3 December 2026, started 09:00 UTC</dd></div>',
    );
    expect(html).toContain(
      '<div><dt>Present (3)</dt><dd>Ana Ruiz (Executive), Ben Okafor (Sales), Chen Li</dd></div>',
    );
    expect(html).toContain(
      '<h3><span class="pos">1.</span> What has changed since last month?</h3><span class="chip tone-good">Closed</span>',
    );
    expect(html).toContain(
      '<p class="outcome"><span class="label">Outcome</span> Noted, no decision needed (by Ben Okafor).</p>',
    );
    expect(html).toContain(
      '<p class="outcome open"><span class="label">Outcome</span> Open: no outcome recorded</p>',
    );
    expect(html).toContain(`<div class="notes-text">${NOTES_1}</div>`);
    expect(html).toContain('<span class="chip tone-bad">Overdue (open)</span>');
    expect(html).toContain('<span class="chip tone-bad">4 × 5 = 20 (High)</span>');
    expect(html).toContain('<td class="num">120,000 EUR</td>');
  });
});
