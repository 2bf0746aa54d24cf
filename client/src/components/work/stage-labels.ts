import { FUNCTIONS, STAGES } from '../../../../shared/schema/records.ts';
import type { StatusInfo } from './work-kinds.ts';

/** A stage of the cycle. */
export type StageId = (typeof STAGES)[number];
/** A function that signs off a stage. */
export type FunctionId = (typeof FUNCTIONS)[number];

/** The six stages of the cycle (domain.md section 1), in order, with what each covers. */
export const STAGE_INFO: Record<StageId, { name: string; covers: string }> = {
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

/** How each function reads. */
export const FUNCTION_LABEL: Record<FunctionId, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  supplyChain: 'Supply chain',
  finance: 'Finance',
  executive: 'Executive',
};

/** Stage statuses. */
export const STAGE_STATUS: Record<string, StatusInfo> = {
  notStarted: { label: 'Not started', tone: 'neutral' },
  inProgress: { label: 'In progress', tone: 'info' },
  done: { label: 'Done', tone: 'good' },
};

export { FUNCTIONS, STAGES };
