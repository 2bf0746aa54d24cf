/**
 * How a risk or opportunity is scored and banded: probability (1 to 5) times impact
 * (1 to 5), a score of 1 to 25, read as High from 15, Medium from 8, Low below. The one
 * rule the risk list and its matrix, the meeting's panels and the minutes all read.
 */

/** The band of a risk score. */
export type RiskBand = 'high' | 'medium' | 'low';

/** The lowest score of each band above Low. */
export const RISK_BAND_FROM: Readonly<Record<Exclude<RiskBand, 'low'>, number>> = {
  high: 15,
  medium: 8,
};

/** How each band reads. */
export const RISK_BAND_LABEL: Readonly<Record<RiskBand, string>> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** A risk's score: probability times impact. */
export function riskScore(risk: { probability: number; impact: number }): number {
  return risk.probability * risk.impact;
}

/** The band of a risk score. */
export function riskBand(score: number): RiskBand {
  if (score >= RISK_BAND_FROM.high) return 'high';
  if (score >= RISK_BAND_FROM.medium) return 'medium';
  return 'low';
}
