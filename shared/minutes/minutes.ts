// One piece over 400 lines: the minutes are one model read in one pass of the document,
// and each section's entries use the same lookups (people, agenda places) and fixed order.
import {
  agendaLink,
  agendaNotes,
  readClosure,
  readCycleInfo,
  readMeeting,
  readRecords,
  recordVersions,
  type CycleDoc,
  type WithId,
} from '../doc/index.ts';
import type { Action, AgendaItem, Decision, Outcome } from '../schema/records.ts';
import { riskBand, riskScore } from '../schema/risk-band.ts';
import { dayText, longDateText, timeText, utcDay } from '../dates.ts';
import {
  ACTION_STATUS_WORDS,
  AGENDA_ITEM_WORDS,
  DECISION_STATUS_WORDS,
  FUNCTION_WORDS,
  OVERDUE_WORD,
  RISK_BAND_WORDS,
  RISK_KIND_WORDS,
  RISK_STATUS_WORDS,
  type AgendaItemState,
  type Tone,
  type Word,
} from '../vocabulary/index.ts';
import { sentence } from './minutes-format.ts';
import { impactWords, isInMinutes, reviewWords } from './minutes-decisions.ts';

/**
 * The minutes of a cycle's executive meeting, read from the cycle document: a plain
 * model (no document, no formatting beyond words) that the Markdown, the printable page,
 * the browser view and the command line all render. Everything is listed in a fixed
 * order, so the same document gives the same minutes on every peer.
 */

/** A status as the minutes show it: words and the vocabulary's colour token. */
export interface MinutesStatus {
  text: string;
  tone: Tone;
}

/** A word of the vocabulary as the minutes show it. */
function status(word: Word): MinutesStatus {
  return { text: word.label, tone: word.tone };
}

/** One person on the attendance list. */
export interface MinutesPerson {
  id: string;
  name: string;
  /** The function they attend for, in words (`Supply chain`); null when not given. */
  function: string | null;
}

/** What an agenda item closed with, or that it has no outcome yet. */
export type MinutesOutcome =
  | {
      kind: 'decision';
      /** The decision's id; null when the decision it names is no longer in the cycle. */
      decisionId: string | null;
      question: string | null;
      chosen: string | null;
      owner: string | null;
      by: string;
      at: string;
    }
  | {
      kind: 'action';
      /** The action's id; null when the action it names is no longer in the cycle. */
      actionId: string | null;
      title: string | null;
      owner: string | null;
      due: string | null;
      by: string;
      at: string;
    }
  | { kind: 'noted'; by: string; at: string }
  | { kind: 'open' };

/** One agenda item, in agenda order. */
export interface MinutesAgendaItem {
  id: string;
  /** 1-based place on the agenda. */
  position: number;
  title: string;
  timeBoxMinutes: number;
  /** Closed (with an outcome), in progress (the meeting's current item), or open. */
  state: AgendaItemState;
  /** When the item became the current one; known only for the current item. */
  startedAt: string | null;
  /** When and by whom it closed; null while open. */
  closedAt: string | null;
  closedBy: string | null;
  /** The item's notes as typed (may be empty). */
  notes: string;
  outcome: MinutesOutcome;
  /** The outcome in words, e.g. `Noted, no decision needed (by Ben Okafor).` */
  outcomeText: string;
  status: MinutesStatus;
  /**
   * Each revision of its outcome in words, oldest first (closed late, reopened, closed
   * again): `Revised 5 Dec 2026 at 10:31 UTC by Fran: Closed after the meeting ended.`
   */
  revisions: string[];
}

/** A decision made in this cycle. */
export interface MinutesDecision {
  id: string;
  question: string;
  chosen: string | null;
  owner: string | null;
  rationale: string | null;
  due: string | null;
  status: MinutesStatus;
  /** The agenda item it was made on (1-based position), if any. */
  agendaPosition: number | null;
  agendaId: string | null;
  /** Each revision of what was agreed, in words, oldest first; empty when never revised. */
  revisions: string[];
  /** What it is expected to move, one line per measure (`Margin: +120,000 EUR`). */
  expectedImpact: string[];
  /** Its review in words (the verdict, or when it is due); null without either. */
  review: string | null;
}

/** An action of the cycle: raised in it, or carried into it. */
export interface MinutesAction {
  id: string;
  title: string;
  owner: string;
  due: string;
  /** Open and due before the meeting's day (or, before the meeting, today). */
  isOverdue: boolean;
  /** The cycle it was raised in, when that is an earlier one; null when raised in this cycle. */
  carriedFrom: string | null;
  status: MinutesStatus;
  agendaPosition: number | null;
  agendaId: string | null;
}

/** An open (or mitigating) risk or opportunity. */
export interface MinutesRisk {
  id: string;
  title: string;
  /** `Risk` or `Opportunity`. */
  kind: string;
  probability: number;
  impact: number;
  /** Probability times impact, 1..25. */
  score: number;
  /** The score's band: High (15+), Medium (8+), Low. */
  band: MinutesStatus;
  impactValue: number | null;
  owner: string | null;
  mitigation: string | null;
  status: MinutesStatus;
}

/** The minutes of one cycle's executive meeting. */
export interface Minutes {
  cycle: string;
  title: string;
  currency: string;
  /** When the meeting started (ISO time); null when it has not been held yet. */
  meetingStartedAt: string | null;
  /** The meeting's day (UTC `YYYY-MM-DD`), or null. */
  meetingDay: string | null;
  /** `Thursday 3 December 2026, started 09:00 UTC`, or `Not held yet`. */
  meetingText: string;
  /** When these minutes were made (ISO), when the caller said. */
  generatedAt: string | null;
  present: MinutesPerson[];
  absent: MinutesPerson[];
  agenda: MinutesAgendaItem[];
  /** Agenda items without an outcome. */
  openItems: number;
  decisions: MinutesDecision[];
  actions: MinutesAction[];
  /** Open actions due before the meeting's day. */
  overdueActions: number;
  risks: MinutesRisk[];
  /** Records that fail their schema and are left out, one line each: never hidden. */
  leftOut: string[];
  /**
   * `Final: meeting ended at 10:20 UTC on Thursday 10 December 2026 by Fran.` once the
   * facilitator ended the meeting (what changes afterwards shows as a revision); null
   * before and while it runs.
   */
  finalText: string | null;
  /** What the cycle closed with still open, when the next cycle started anyway; else null. */
  closedOpen: MinutesClosedOpen | null;
}

/** The acknowledgement a cycle closed with: who, when, and each line left open in words. */
export interface MinutesClosedOpen {
  by: string;
  at: string;
  /** `Fran acknowledged on 5 Dec 2026 at 10:00 UTC that these were left open:` */
  intro: string;
  /** `Agenda items without an outcome: 1 (10. Follow-up actions)`, one per line. */
  lines: string[];
}

/** What the minutes say of an item without an outcome: they never hide it. */
export const NO_OUTCOME_TEXT = 'Open: no outcome recorded';
/** What the minutes say of a meeting that has not started. */
export const NOT_HELD_TEXT = 'Not held yet';

/**
 * Builds the minutes from a cycle document. `now` (ISO time) stamps them and, before the
 * meeting has started, is the day open actions are judged overdue against; once it has
 * started, that day is the meeting's.
 */
export function buildMinutes(doc: CycleDoc, options: { now?: string } = {}): Minutes {
  const info = readCycleInfo(doc);
  const meeting = readMeeting(doc);
  const agendaReading = readRecords(doc, 'agenda');
  const decisionReading = readRecords(doc, 'decisions');
  const actionReading = readRecords(doc, 'actions');
  const riskReading = readRecords(doc, 'risks');
  const attendanceReading = readRecords(doc, 'attendance');

  const meetingDay = meeting.startedAt ? utcDay(meeting.startedAt) : null;
  const judgedOn = meetingDay ?? (options.now ? utcDay(options.now) : null);
  const decisionsById = new Map(decisionReading.records.map((d) => [d.id, d]));
  const actionsById = new Map(actionReading.records.map((a) => [a.id, a]));

  const agenda = agendaReading.records.map((item, index) =>
    agendaEntry(doc, item, index + 1, meeting.currentItem, meeting.itemStartedAt, {
      decisionsById,
      actionsById,
    }),
  );
  const place = agendaPlaces(agenda);

  const decisions = decisionReading.records
    .filter((decision) => isInMinutes(decision, info.cycle))
    .map((decision): MinutesDecision => {
      const at = place(decision.id, decision.links);
      return {
        id: decision.id,
        question: decision.question,
        chosen: text(decision.chosen),
        owner: text(decision.owner),
        rationale: text(decision.rationale),
        due: decision.due ?? null,
        status: status(DECISION_STATUS_WORDS[decision.status]),
        agendaPosition: at?.position ?? null,
        agendaId: at?.id ?? null,
        revisions: revisionWords(doc, decision.id),
        expectedImpact: impactWords(decision),
        review: reviewWords(decision),
      };
    })
    .sort(byAgendaThenId);

  const actions = actionReading.records
    .map((action): MinutesAction => {
      const at = place(action.id, action.links);
      const isOverdue = action.status === 'open' && judgedOn !== null && action.due < judgedOn;
      return {
        id: action.id,
        title: action.title,
        owner: action.owner,
        due: action.due,
        isOverdue,
        carriedFrom: action.raisedIn !== info.cycle ? action.raisedIn : null,
        status: status(isOverdue ? OVERDUE_WORD : ACTION_STATUS_WORDS[action.status]),
        agendaPosition: at?.position ?? null,
        agendaId: at?.id ?? null,
      };
    })
    .sort(byAgendaThenId);

  const risks = riskReading.records
    .filter((risk) => risk.status !== 'closed')
    .map((risk): MinutesRisk => {
      const score = riskScore(risk);
      return {
        id: risk.id,
        title: risk.title,
        kind: RISK_KIND_WORDS[risk.kind].label,
        probability: risk.probability,
        impact: risk.impact,
        score,
        band: status(RISK_BAND_WORDS[riskBand(score)]),
        impactValue: risk.impactValue ?? null,
        owner: text(risk.owner),
        mitigation: text(risk.mitigation),
        status: status(RISK_STATUS_WORDS[risk.status]),
      };
    })
    // Highest score first, then the most money at stake; the id breaks ties.
    .sort(
      (a, b) =>
        b.score - a.score || (b.impactValue ?? 0) - (a.impactValue ?? 0) || compareIds(a.id, b.id),
    );

  const people = attendanceReading.records
    .map((person) => ({
      id: person.id,
      name: person.name,
      present: person.present,
      function: person.function ? FUNCTION_WORDS[person.function] : null,
    }))
    .sort(
      (a, b) => compareIds(a.name.toLowerCase(), b.name.toLowerCase()) || compareIds(a.id, b.id),
    );
  const withoutFlag = ({ id, name, function: fn }: (typeof people)[number]): MinutesPerson => ({
    id,
    name,
    function: fn,
  });

  return {
    cycle: info.cycle,
    title: info.title || (info.cycle ? `S&OP cycle ${info.cycle}` : 'S&OP cycle'),
    currency: info.currency,
    meetingStartedAt: meeting.startedAt,
    meetingDay,
    meetingText: meeting.startedAt ? meetingWords(meeting.startedAt) : NOT_HELD_TEXT,
    generatedAt: options.now ?? null,
    present: people.filter((person) => person.present).map(withoutFlag),
    absent: people.filter((person) => !person.present).map(withoutFlag),
    agenda,
    openItems: agenda.filter((item) => item.state !== 'closed').length,
    decisions,
    actions,
    overdueActions: actions.filter((action) => action.isOverdue).length,
    risks,
    leftOut: [
      ...agendaReading.invalid,
      ...decisionReading.invalid,
      ...actionReading.invalid,
      ...riskReading.invalid,
      ...attendanceReading.invalid,
    ],
    finalText: meeting.endedAt ? finalWords(meeting.endedAt, meeting.endedBy ?? '') : null,
    closedOpen: closedOpenOf(doc),
  };
}

/** How the minutes say they are final. */
function finalWords(endedAt: string, endedBy: string): string {
  return `Final: meeting ended at ${timeText(endedAt)} on ${longDateText(endedAt)}${endedBy ? ` by ${endedBy}` : ''}.`;
}

/** The items the cycle closed with still open, as acknowledged; null when none were. */
function closedOpenOf(doc: CycleDoc): MinutesClosedOpen | null {
  const acknowledgement = readClosure(doc)?.acknowledgement;
  if (!acknowledgement) return null;
  const { by, at, open } = acknowledgement;
  const day = utcDay(at);
  return {
    by,
    at,
    intro: `${by} started the next cycle on ${day ? dayText(day) : at} at ${timeText(at)}, acknowledging what was left open:`,
    lines: open.map(({ label, count, names }) => {
      const shown = names.slice(0, 3);
      const more = count - shown.length;
      if (shown.length === 0) return `${label}: ${count}`;
      return `${label}: ${count} (${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
    }),
  };
}

function meetingWords(startedAt: string): string {
  return utcDay(startedAt) === null
    ? startedAt
    : `${longDateText(startedAt)}, started ${timeText(startedAt)}`;
}

interface Lookups {
  decisionsById: Map<string, WithId<Decision>>;
  actionsById: Map<string, WithId<Action>>;
}

function agendaEntry(
  doc: CycleDoc,
  item: WithId<AgendaItem>,
  position: number,
  currentItem: string | null,
  itemStartedAt: string | null,
  lookups: Lookups,
): MinutesAgendaItem {
  const outcome = outcomeOf(item.outcome, lookups);
  const state = item.outcome ? 'closed' : item.id === currentItem ? 'inProgress' : 'open';
  return {
    id: item.id,
    position,
    title: item.title,
    timeBoxMinutes: item.timeBoxMinutes,
    state,
    startedAt: item.id === currentItem ? itemStartedAt : null,
    closedAt: item.outcome?.at ?? null,
    closedBy: item.outcome?.by ?? null,
    notes: notesOf(doc, item.id),
    outcome,
    outcomeText: outcomeWords(outcome),
    status: status(AGENDA_ITEM_WORDS[state]),
    revisions: recordVersions(doc, 'agenda', item.id).flatMap(({ revision }) => {
      if (!revision) return [];
      const day = utcDay(revision.at);
      return [
        `Revised ${day ? dayText(day) : revision.at} at ${timeText(revision.at)} by ${revision.by}: ${sentence(revision.why)}`,
      ];
    }),
  };
}

function outcomeOf(outcome: Outcome | undefined, lookups: Lookups): MinutesOutcome {
  if (!outcome) return { kind: 'open' };
  const { by, at } = outcome;
  if (outcome.kind === 'decision') {
    const decision = outcome.ref ? lookups.decisionsById.get(outcome.ref) : undefined;
    return {
      kind: 'decision',
      decisionId: decision?.id ?? null,
      question: decision?.question ?? null,
      chosen: text(decision?.chosen),
      owner: text(decision?.owner),
      by,
      at,
    };
  }
  if (outcome.kind === 'action') {
    const action = outcome.ref ? lookups.actionsById.get(outcome.ref) : undefined;
    return {
      kind: 'action',
      actionId: action?.id ?? null,
      title: action?.title ?? null,
      owner: action?.owner ?? null,
      due: action?.due ?? null,
      by,
      at,
    };
  }
  return { kind: 'noted', by, at };
}

/** The outcome in words, as a secretary would write it. */
export function outcomeWords(outcome: MinutesOutcome): string {
  switch (outcome.kind) {
    case 'open':
      return NO_OUTCOME_TEXT;
    case 'noted':
      return `Noted, no decision needed (by ${outcome.by}).`;
    case 'decision':
      if (outcome.decisionId === null || outcome.question === null) {
        return `Closed with a decision that is no longer in the cycle (by ${outcome.by}).`;
      }
      return [
        `Decision: ${sentence(outcome.question)}`,
        `Chosen: ${outcome.chosen ? sentence(outcome.chosen) : 'no option chosen yet.'}`,
        `Owner: ${outcome.owner ? sentence(outcome.owner) : 'not named.'}`,
      ].join(' ');
    case 'action':
      if (outcome.actionId === null || outcome.title === null) {
        return `Closed with an action that is no longer in the cycle (by ${outcome.by}).`;
      }
      return [
        `Action: ${sentence(outcome.title)}`,
        `Owner: ${sentence(outcome.owner ?? 'not named')}`,
        `Due: ${outcome.due ? dayText(outcome.due) : 'no date'}.`,
      ].join(' ');
  }
}

/**
 * Where a decision or action was recorded on the agenda: the item whose outcome names
 * it, else the first item (in agenda order) it links to.
 */
function agendaPlaces(agenda: MinutesAgendaItem[]) {
  const byOutcome = new Map<string, MinutesAgendaItem>();
  const byLink = new Map<string, MinutesAgendaItem>();
  for (const item of agenda) {
    const ref =
      item.outcome.kind === 'decision'
        ? item.outcome.decisionId
        : item.outcome.kind === 'action'
          ? item.outcome.actionId
          : null;
    if (ref !== null && !byOutcome.has(ref)) byOutcome.set(ref, item);
    if (!byLink.has(agendaLink(item.id))) byLink.set(agendaLink(item.id), item);
  }
  return (id: string, links: string[] | undefined): MinutesAgendaItem | undefined => {
    const found = byOutcome.get(id);
    if (found) return found;
    let first: MinutesAgendaItem | undefined;
    for (const link of links ?? []) {
      const item = byLink.get(link);
      if (item && (first === undefined || item.position < first.position)) first = item;
    }
    return first;
  };
}

function notesOf(doc: CycleDoc, id: string): string {
  // A shared text; an item written by an older or broken peer may have none.
  const notes: unknown = agendaNotes(doc, id);
  if (notes === null || typeof notes !== 'object' || !('toDelta' in notes)) return '';
  return String(notes);
}

function text(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value : null;
}

function byAgendaThenId(
  a: { agendaPosition: number | null; id: string },
  b: { agendaPosition: number | null; id: string },
): number {
  const pa = a.agendaPosition ?? Number.POSITIVE_INFINITY;
  const pb = b.agendaPosition ?? Number.POSITIVE_INFINITY;
  return pa !== pb ? (pa < pb ? -1 : 1) : compareIds(a.id, b.id);
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A decision's revisions in words: `Revised 5 Dec 2026 by Fran: demand rose (chosen was
 * "No").` The first agreed version and every later one stay in the cycle.
 */
function revisionWords(doc: CycleDoc, id: string): string[] {
  const versions = recordVersions(doc, 'decisions', id);
  return versions.flatMap(({ fields, revision }, index) => {
    if (!revision) return [];
    const before = versions[index - 1].fields;
    const changed = Object.keys(revision.fields)
      .concat(revision.cleared ?? [])
      .filter((field) => field !== 'links' && before[field] !== fields[field])
      .map(
        (field) =>
          `${field} was ${before[field] === undefined ? 'empty' : `"${String(before[field])}"`}`,
      );
    const day = utcDay(revision.at);
    return [
      `Revised ${day ? dayText(day) : revision.at} by ${revision.by}: ${revision.why}${changed.length > 0 ? ` (${changed.join('; ')})` : ''}.`,
    ];
  });
}
