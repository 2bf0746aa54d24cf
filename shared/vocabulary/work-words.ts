import type { Action, Decision, GapNote, NpiItem, Risk } from '../schema/records.ts';
import { RISK_BAND_LABEL, type RiskBand } from '../schema/risk-band.ts';
import type { Word } from './tones.ts';

/**
 * The statuses of the cycle's work records in words and colour: the lists, their side
 * panels, the meeting's panels and the minutes all read them from here, so a status has
 * one label and one colour wherever it shows. Keys are the values the document keeps.
 */

/** Risk and opportunity statuses. */
export const RISK_STATUS_WORDS: Readonly<Record<Risk['status'], Word>> = {
  open: { label: 'Open', tone: 'warn' },
  mitigating: { label: 'Mitigating', tone: 'info' },
  closed: { label: 'Closed', tone: 'muted' },
};

/** Whether a record is a risk or an opportunity (said in text; its band gives the colour). */
export const RISK_KIND_WORDS: Readonly<Record<Risk['kind'], Word>> = {
  risk: { label: 'Risk', tone: 'neutral' },
  opportunity: { label: 'Opportunity', tone: 'neutral' },
};

/** The band of a risk's score (probability times impact; see `risk-band.ts`). */
export const RISK_BAND_WORDS: Readonly<Record<RiskBand, Word>> = {
  high: { label: RISK_BAND_LABEL.high, tone: 'bad' },
  medium: { label: RISK_BAND_LABEL.medium, tone: 'warn' },
  low: { label: RISK_BAND_LABEL.low, tone: 'good' },
};

/** Decision statuses. */
export const DECISION_STATUS_WORDS: Readonly<Record<Decision['status'], Word>> = {
  proposed: { label: 'Proposed', tone: 'info' },
  deferred: { label: 'Deferred', tone: 'warn' },
  agreed: { label: 'Agreed', tone: 'good' },
  rejected: { label: 'Rejected', tone: 'muted' },
};

/** Action statuses; an open action past its due date reads `OVERDUE_WORD` instead. */
export const ACTION_STATUS_WORDS: Readonly<Record<Action['status'], Word>> = {
  open: { label: 'Open', tone: 'info' },
  done: { label: 'Done', tone: 'good' },
  dropped: { label: 'Dropped', tone: 'muted' },
};

/** An open action past its due date. */
export const OVERDUE_WORD: Word = { label: 'Overdue', tone: 'bad' };

/** The stages of a product in development. */
export const NPI_STAGE_WORDS: Readonly<Record<NpiItem['stage'], Word>> = {
  idea: { label: 'Idea', tone: 'neutral' },
  feasibility: { label: 'Feasibility', tone: 'info' },
  development: { label: 'Development', tone: 'info' },
  launch: { label: 'Launch', tone: 'warn' },
  launched: { label: 'Launched', tone: 'good' },
};

/** What people are doing about a gap. */
export const GAP_NOTE_STATUS_WORDS: Readonly<Record<GapNote['status'], Word>> = {
  open: { label: 'Open', tone: 'neutral' },
  inProgress: { label: 'In progress', tone: 'info' },
  resolved: { label: 'Resolved', tone: 'good' },
  accepted: { label: 'Accepted', tone: 'muted' },
};

/** Where an agenda item of the meeting stands: closed means it has an outcome. */
export type AgendaItemState = 'open' | 'inProgress' | 'closed';

/** Agenda item states. */
export const AGENDA_ITEM_WORDS: Readonly<Record<AgendaItemState, Word>> = {
  open: { label: 'Open', tone: 'warn' },
  inProgress: { label: 'In progress', tone: 'info' },
  closed: { label: 'Closed', tone: 'good' },
};
