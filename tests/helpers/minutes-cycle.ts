import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import {
  addAction,
  addAttendance,
  addDecision,
  addRisk,
  addStandardAgenda,
  agendaNotes,
  closeAgendaItem,
  closeWithAction,
  closeWithDecision,
  createCycleDoc,
  importPlan,
  startAgendaItem,
  startMeeting,
  type CycleDoc,
} from '../../shared/doc/index.ts';

/** The cycle of the held meeting. */
export const CYCLE = '2026-12';
/** When the meeting started. */
export const STARTED_AT = '2026-12-03T09:00:00.000Z';

/** What the meeting decided on item 1. */
export const DECISION = {
  question: 'Fund a second shift on Assembly line 1 from February?',
  chosen: 'Yes, from 1 February',
  owner: 'Chen Li',
  rationale: 'The backlog of cordless drills reaches 4,000 units in March.',
  madeIn: CYCLE,
};
/** The action item 3 closed with. */
export const ACTION = {
  title: 'Split the budget gap by family',
  owner: 'Dana Schultz',
  due: '2026-12-20',
  raisedIn: CYCLE,
};
/** The notes typed on item 1. */
export const NOTES_1 =
  'Demand for drills is up 8% on last month.\nSupply can follow from February.';

/**
 * A cycle whose executive meeting was held: the demo plan, the standard agenda, item 1
 * closed with a decision (with notes), item 2 noted, item 3 closed with an action, item 4
 * in progress, the rest open; attendance; an action carried from last cycle and overdue,
 * one done; an open risk, a mitigating opportunity and a closed risk; a decision proposed
 * before the meeting and one from last cycle. All written with the product's commands.
 */
export function heldMeetingDoc(): CycleDoc {
  const doc = createCycleDoc();
  importPlan(doc, generateDemoPlan({ families: 4, periods: 6, resources: 2, cycle: CYCLE }));
  const [first, second, third, fourth] = addStandardAgenda(doc);
  startMeeting(doc, first, STARTED_AT);
  agendaNotes(doc, first).insert(0, NOTES_1);
  closeWithDecision(
    doc,
    first,
    DECISION,
    { by: 'Ana Ruiz', at: '2026-12-03T09:12:00.000Z' },
    'decisions-shift',
  );
  startAgendaItem(doc, second, '2026-12-03T09:12:30.000Z');
  closeAgendaItem(doc, second, { kind: 'noted', by: 'Ben Okafor', at: '2026-12-03T09:20:00.000Z' });
  startAgendaItem(doc, third, '2026-12-03T09:21:00.000Z');
  closeWithAction(
    doc,
    third,
    ACTION,
    { by: 'Ana Ruiz', at: '2026-12-03T09:31:00.000Z' },
    'actions-split',
  );
  startAgendaItem(doc, fourth, '2026-12-03T09:32:00.000Z');

  addAttendance(doc, { name: 'Ana Ruiz', function: 'executive', present: true }, 'attendance-ana');
  addAttendance(doc, { name: 'Ben Okafor', function: 'sales', present: true }, 'attendance-ben');
  addAttendance(
    doc,
    { name: 'Dana Schultz', function: 'finance', present: false },
    'attendance-dana',
  );
  addAttendance(doc, { name: 'Chen Li', present: true }, 'attendance-chen');

  addAction(
    doc,
    {
      title: 'Confirm the overtime budget',
      owner: 'Chen Li',
      due: '2026-11-28',
      status: 'open',
      raisedIn: '2026-11',
    },
    'actions-overtime',
  );
  addAction(
    doc,
    {
      title: 'Publish the pre-read',
      owner: 'Ana Ruiz',
      due: '2026-11-30',
      status: 'done',
      raisedIn: CYCLE,
    },
    'actions-preread',
  );
  addDecision(
    doc,
    {
      question: 'Build stock ahead of the March shutdown?',
      owner: 'Ana Ruiz',
      status: 'proposed',
      due: '2026-12-17',
      madeIn: CYCLE,
    },
    'decisions-stock',
  );
  addDecision(
    doc,
    { question: 'Drop the blue colourway?', chosen: 'Yes', status: 'agreed', madeIn: '2026-11' },
    'decisions-old',
  );
  addRisk(
    doc,
    {
      title: 'Resin supplier may miss February deliveries',
      kind: 'risk',
      probability: 4,
      impact: 5,
      impactValue: 120_000,
      owner: 'Chen Li',
      mitigation: 'Qualify a second resin source',
      status: 'open',
      raisedIn: CYCLE,
    },
    'risks-resin',
  );
  addRisk(
    doc,
    {
      title: 'Retailer promotion lifts espresso machine demand',
      kind: 'opportunity',
      probability: 3,
      impact: 3,
      impactValue: 45_000,
      owner: 'Ben Okafor',
      status: 'mitigating',
      raisedIn: '2026-11',
    },
    'risks-promo',
  );
  addRisk(
    doc,
    {
      title: 'Port strike',
      kind: 'risk',
      probability: 2,
      impact: 4,
      status: 'closed',
      raisedIn: '2026-10',
    },
    'risks-port',
  );
  return doc;
}
