import type { Attendance } from '../../../../shared/schema/records.ts';
import type { RiskBand } from '../../../../shared/schema/risk-band.ts';
import {
  ACTION_STATUS_WORDS,
  DECISION_STATUS_WORDS,
  FUNCTION_WORDS,
  labelsOf,
  NPI_STAGE_WORDS,
  RISK_BAND_WORDS,
  RISK_KIND_WORDS,
  RISK_STATUS_WORDS,
} from '../../../../shared/vocabulary/index.ts';
import { chipOf } from '../../lib/colors.ts';

/** How the words of the work records read in the meeting: the shared vocabulary's labels. */

/** The functions that attend, as people say them. */
export const FUNCTION_LABEL: Record<NonNullable<Attendance['function']>, string> = FUNCTION_WORDS;

export const DECISION_STATUS_LABEL = labelsOf(DECISION_STATUS_WORDS);
export const ACTION_STATUS_LABEL = labelsOf(ACTION_STATUS_WORDS);
export const RISK_KIND_LABEL = labelsOf(RISK_KIND_WORDS);
export const RISK_STATUS_LABEL = labelsOf(RISK_STATUS_WORDS);
export const NPI_STAGE_LABEL = labelsOf(NPI_STAGE_WORDS);

/** The word and colour class of a risk score band. */
export const RISK_BAND: Record<RiskBand, { text: string; tone: string }> = {
  high: chipOf(RISK_BAND_WORDS.high),
  medium: chipOf(RISK_BAND_WORDS.medium),
  low: chipOf(RISK_BAND_WORDS.low),
};
