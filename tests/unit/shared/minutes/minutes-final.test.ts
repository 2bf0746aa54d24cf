import { describe, expect, it } from 'vitest';
import { closeAgendaItem, closeCycle, endMeeting } from '../../../../shared/doc/index.ts';
import { buildMinutes } from '../../../../shared/minutes/minutes.ts';
import { minutesHtml } from '../../../../shared/minutes/minutes-html.ts';
import { minutesMarkdown } from '../../../../shared/minutes/minutes-markdown.ts';
import { heldMeetingDoc } from '../../../helpers/minutes-cycle.ts';

const ENDED_AT = '2026-12-03T10:20:00.000Z';
const LATE = '2026-12-03T11:05:00.000Z';
const FINAL = 'Final: meeting ended at 10:20 UTC on Thursday 3 December 2026 by Fran Facilitator.';

describe('the minutes once the meeting ended', () => {
  it('are not final while the meeting runs', () => {
    const minutes = buildMinutes(heldMeetingDoc());
    expect(minutes.finalText).toBeNull();
    expect(minutesMarkdown(minutes)).not.toContain('Final:');
    expect(minutesHtml(minutes)).not.toContain('Final:');
  });

  it('say they are final, when and by whom, in every form', () => {
    const doc = heldMeetingDoc();
    endMeeting(doc, { by: 'Fran Facilitator', at: ENDED_AT });
    const minutes = buildMinutes(doc);
    expect(minutes.finalText).toBe(FINAL);
    expect(minutesMarkdown(minutes)).toContain(`**${FINAL}**`);
    expect(minutesHtml(minutes)).toContain(`<p class="final">${FINAL}</p>`);
  });
});

describe('the minutes of a cycle closed with items open', () => {
  it('show who acknowledged what was left open, and when', () => {
    const doc = heldMeetingDoc();
    expect(buildMinutes(doc).closedOpen).toBeNull();
    closeCycle(doc, {
      closedAt: '2026-12-31T17:00:00.000Z',
      closedBy: 'Fran Facilitator',
      hash: `sha256:${'a'.repeat(64)}`,
      nextCycle: '2027-01',
      acknowledgement: {
        by: 'Fran Facilitator',
        at: '2026-12-31T17:00:00.000Z',
        open: [
          {
            key: 'agendaWithoutOutcome',
            label: 'Agenda items without an outcome',
            count: 6,
            names: ['5. Previous and new risks', '6. Decisions needed now and later'],
          },
          {
            key: 'inputsNotSubmitted',
            label: 'Inputs not submitted',
            count: 5,
            names: [
              'Sales: Not started',
              'Marketing: Not started',
              'Supply chain: In progress',
              'Finance: Not started',
              'Executive: Not started',
            ],
          },
        ],
      },
    });
    const minutes = buildMinutes(doc);
    expect(minutes.closedOpen).toEqual({
      by: 'Fran Facilitator',
      at: '2026-12-31T17:00:00.000Z',
      intro:
        'Fran Facilitator started the next cycle on 31 Dec 2026 at 17:00 UTC, acknowledging what was left open:',
      lines: [
        'Agenda items without an outcome: 6 (5. Previous and new risks, 6. Decisions needed now and later and 4 more)',
        'Inputs not submitted: 5 (Sales: Not started, Marketing: Not started, Supply chain: In progress and 2 more)',
      ],
    });
    const markdown = minutesMarkdown(minutes);
    expect(markdown).toContain('## Closed with items open');
    expect(markdown).toContain('- Inputs not submitted: 5 (Sales: Not started');
    expect(minutesHtml(minutes)).toContain('<h2>Closed with items open</h2>');
  });
});

describe('an agenda item closed after the meeting ended', () => {
  it('reads closed in the minutes, with the revision that closed it', () => {
    const doc = heldMeetingDoc();
    endMeeting(doc, { by: 'Fran Facilitator', at: ENDED_AT });
    const open = buildMinutes(doc).agenda.find((item) => item.state !== 'closed')!;
    closeAgendaItem(doc, open.id, { kind: 'noted', by: 'Fran Facilitator', at: LATE });
    const item = buildMinutes(doc).agenda.find((entry) => entry.id === open.id)!;
    expect(item.state).toBe('closed');
    const line =
      'Revised 3 Dec 2026 at 11:05 UTC by Fran Facilitator: Closed after the meeting ended.';
    expect(item.revisions).toEqual([line]);
    expect(minutesMarkdown(buildMinutes(doc))).toContain(`*${line}*`);
    expect(minutesHtml(buildMinutes(doc))).toContain(`<p class="meta revised">${line}</p>`);
  });
});
