import type {
  Action,
  Attendance,
  Decision,
  NpiItem,
  Risk,
} from '../../../../shared/schema/records.ts';
import { dayStart } from '../../../../shared/dates.ts';
import { RISK_BAND_LABEL, type RiskBand } from '../../../../shared/schema/risk-band.ts';

/** How the words of the work records read in the meeting. */

/** The functions that attend, as people say them. */
export const FUNCTION_LABEL: Record<NonNullable<Attendance['function']>, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  supplyChain: 'Supply chain',
  finance: 'Finance',
  executive: 'Executive',
};

export const DECISION_STATUS_LABEL: Record<Decision['status'], string> = {
  proposed: 'Proposed',
  agreed: 'Agreed',
  rejected: 'Rejected',
  deferred: 'Deferred',
};

export const ACTION_STATUS_LABEL: Record<Action['status'], string> = {
  open: 'Open',
  done: 'Done',
  dropped: 'Dropped',
};

export const RISK_KIND_LABEL: Record<Risk['kind'], string> = {
  risk: 'Risk',
  opportunity: 'Opportunity',
};

export const RISK_STATUS_LABEL: Record<Risk['status'], string> = {
  open: 'Open',
  mitigating: 'Mitigating',
  closed: 'Closed',
};

export const NPI_STAGE_LABEL: Record<NpiItem['stage'], string> = {
  idea: 'Idea',
  feasibility: 'Feasibility',
  development: 'Development',
  launch: 'Launch',
  launched: 'Launched',
};

/** The word and colour of a risk score band. */
export const RISK_BAND: Record<RiskBand, { text: string; tone: string }> = {
  high: { text: RISK_BAND_LABEL.high, tone: 'tone-shortage' },
  medium: { text: RISK_BAND_LABEL.medium, tone: 'tone-belowSafetyStock' },
  low: { text: RISK_BAND_LABEL.low, tone: 'tone-ok' },
};

/** `2026-12-15` -> `15 Dec 2026` (UTC, so the day never shifts). */
export function dayText(day: string, locale?: string): string {
  const date = dayStart(day);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** `2026-12-03T09:15:00Z` -> `09:15` in the person's time zone. */
export function timeText(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}
