import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addDecision,
  importPlan,
  recordDecisionReview,
  takeDecision,
} from '../../../../shared/doc/index.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { buildMinutes } from '../../../../shared/minutes/minutes.ts';
import { minutesMarkdown } from '../../../../shared/minutes/minutes-markdown.ts';
import { minutesHtml } from '../../../../shared/minutes/minutes-html.ts';

function cycle(month: string): Y.Doc {
  const doc = new Y.Doc();
  importPlan(
    doc,
    generateDemoPlan({ families: 2, periods: 3, resources: 1, seed: 2, cycle: month }),
  );
  return doc;
}

const TAKEN = {
  chosen: 'Add a second shift',
  rationale: 'The backlog costs more than the overtime',
  owner: 'Sam Supply',
  expectedImpact: [
    { measure: 'Margin after costs', value: 120_000, unit: 'EUR' },
    { measure: 'Overload', value: -340, unit: 'h' },
  ],
  reviewDate: '2027-01-15',
};

describe('decisions in the minutes', () => {
  it('show the rationale, the expected impact and when the review is due', () => {
    const doc = cycle('2026-12');
    addDecision(doc, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'd1');
    takeDecision(doc, 'd1', TAKEN);
    const [decision] = buildMinutes(doc).decisions;
    expect(decision).toMatchObject({
      rationale: 'The backlog costs more than the overtime',
      expectedImpact: ['Margin after costs: +120,000 EUR', 'Overload: -340 h'],
      review: 'To be reviewed by 15 Jan 2027.',
    });
    const markdown = minutesMarkdown(buildMinutes(doc));
    expect(markdown).toContain('| Expected impact |');
    expect(markdown).toContain('Margin after costs: +120,000 EUR; Overload: -340 h');
    expect(minutesHtml(buildMinutes(doc))).toContain('<div>Margin after costs: +120,000 EUR</div>');
  });

  it('show a decision of an earlier cycle once this cycle reviewed it, with the verdict', () => {
    const doc = cycle('2027-01');
    addDecision(doc, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'd1');
    takeDecision(doc, 'd1', TAKEN);
    addDecision(doc, { question: 'Not yet reviewed', status: 'agreed', madeIn: '2026-12' }, 'd2');
    expect(buildMinutes(doc).decisions).toEqual([]);
    recordDecisionReview(doc, 'd1', {
      outcome: 'partly',
      by: 'Fran',
      at: '2027-01-14T10:00:00.000Z',
      note: 'half the backlog cleared',
    });
    const minutes = buildMinutes(doc);
    expect(minutes.decisions.map((entry) => entry.id)).toEqual(['d1']);
    expect(minutes.decisions[0].review).toBe(
      'Partly delivered (reviewed by Fran on 14 Jan 2027): half the backlog cleared.',
    );
    expect(minutesMarkdown(minutes)).toContain(
      'Partly delivered (reviewed by Fran on 14 Jan 2027)',
    );
  });
});
