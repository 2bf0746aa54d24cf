import { FUNCTIONS, INPUT_STATUSES, STAGES, type Stage } from '../schema/records.ts';
import type { Word } from './tones.ts';

/**
 * The words of the S&OP cycle itself: its six stages (domain.md section 1), the functions
 * that take part, and how far a stage or a function's inputs have come. The stage board,
 * preparation, attendance, the minutes and the command line say them from here.
 */

/** A stage of the cycle. */
export type StageId = (typeof STAGES)[number];
/** A function that takes part in the cycle and signs off a stage. */
export type FunctionId = (typeof FUNCTIONS)[number];
/** How far a function's inputs to the cycle have come. */
export type InputStatusId = (typeof INPUT_STATUSES)[number];

/** A stage in words: its name and what it covers. */
export interface StageWord {
  /** `Demand review`. */
  name: string;
  /** `Consensus demand per family and month`. */
  covers: string;
}

/** The six stages, in the order of the cycle. */
export const STAGE_WORDS: Readonly<Record<StageId, StageWord>> = {
  product: {
    name: 'Product review',
    covers: 'Performance of product families, product development',
  },
  demand: { name: 'Demand review', covers: 'Consensus demand per family and month' },
  supply: { name: 'Supply review', covers: 'Supply plan and capacity of key resources' },
  preSop: {
    name: 'Pre-S&OP meeting',
    covers: 'Reconcile demand, supply and the financial plan; prepare decisions',
  },
  financial: { name: 'Financial review', covers: 'The plan in money: revenue, margin, budget gap' },
  executive: { name: 'Executive meeting', covers: 'Decide' },
};

/** The functions, as people say them. */
export const FUNCTION_WORDS: Readonly<Record<FunctionId, string>> = {
  sales: 'Sales',
  marketing: 'Marketing',
  supplyChain: 'Supply chain',
  finance: 'Finance',
  executive: 'Executive',
};

/** Where a stage stands. */
export const STAGE_STATUS_WORDS: Readonly<Record<Stage['status'], Word>> = {
  notStarted: { label: 'Not started', tone: 'neutral' },
  inProgress: { label: 'In progress', tone: 'info' },
  done: { label: 'Done', tone: 'good' },
};

/** How far a function's inputs have come. */
export const INPUT_STATUS_WORDS: Readonly<Record<InputStatusId, Word>> = {
  notStarted: { label: 'Not started', tone: 'neutral' },
  inProgress: { label: 'In progress', tone: 'info' },
  submitted: { label: 'Submitted', tone: 'good' },
};

/** The keys in their order, as the document's schema declares them. */
export { FUNCTIONS, INPUT_STATUSES, STAGES };
