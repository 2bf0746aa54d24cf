import { MAX_FORECAST_LAG } from '../../../shared/engine/demand-streams.ts';

/*
 * The lead time a family's forecast is judged at (domain.md 4.12), in words, and the
 * check of a lag a person types into the family setup.
 */

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six'];

/**
 * What judging at `lag` means, in words: `lag 1: the forecast frozen one cycle before
 * the month`; lag 0 is the forecast recorded for the month itself.
 */
export function lagWords(lag: number): string {
  if (lag === 0) return 'lag 0: the forecast recorded for the month itself';
  const count = COUNT_WORDS[lag] ?? String(lag);
  return `lag ${lag}: the forecast frozen ${count} cycle${lag === 1 ? '' : 's'} before the month`;
}

/** `lag 1`, `lags 1 and 3`, `lags 0, 1 and 3`: the lags a pooled number covers. */
export function lagList(lags: readonly number[]): string {
  if (lags.length === 0) return 'no lag';
  if (lags.length === 1) return `lag ${lags[0]}`;
  return `lags ${lags.slice(0, -1).join(', ')} and ${lags[lags.length - 1]}`;
}

/** Why a typed lag is refused, or null: a whole number of cycles from 0 to 6; empty takes 1. */
export function forecastLagProblem(value: number | null): string | null {
  if (value === null) return null;
  return Number.isInteger(value) && value >= 0 && value <= MAX_FORECAST_LAG
    ? null
    : `Forecast lag must be a whole number of cycles from 0 to ${MAX_FORECAST_LAG}: leave it empty for 1.`;
}
