import {
  FUNCTION_WORDS,
  FUNCTIONS,
  STAGE_STATUS_WORDS,
  STAGE_WORDS,
  STAGES,
  type FunctionId,
  type StageId,
} from '../../../../shared/vocabulary/index.ts';
import type { StatusInfo } from './work-kinds.ts';

/** The stage board's words, from the shared vocabulary. */

export type { FunctionId, StageId };

/** The six stages of the cycle (domain.md section 1), in order, with what each covers. */
export const STAGE_INFO: Record<StageId, { name: string; covers: string }> = STAGE_WORDS;

/** How each function reads. */
export const FUNCTION_LABEL: Record<FunctionId, string> = FUNCTION_WORDS;

/** Stage statuses. */
export const STAGE_STATUS: Record<string, StatusInfo> = STAGE_STATUS_WORDS;

export { FUNCTIONS, STAGES };
