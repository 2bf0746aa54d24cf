import { consensusOf, type CellStreams } from '../../../shared/engine/demand-streams.ts';
import { FUNCTION_WORDS, type FunctionId } from '../../../shared/vocabulary/index.ts';
import { readNumber } from './paste.ts';

/**
 * How a family-month's demand streams read: each stream's name, a signed amount, the
 * consensus as a sum in words (`baseline 100 + sales 20 − marketing 5 = 115`) and the
 * one line a marked cell of the grid says to assistive technology.
 */

/** The minus sign people read (not a hyphen). */
const MINUS = '−';

/** A stream's name as people say it: `Sales`, `Supply chain`, or the name as set. */
export function streamTitle(stream: string): string {
  return FUNCTION_WORDS[stream as FunctionId] ?? stream;
}

/** A stream's name inside a sentence: `sales`, `supply chain`. */
export function streamWord(stream: string): string {
  return stream in FUNCTION_WORDS ? streamTitle(stream).toLowerCase() : stream;
}

/** An amount with its sign: `+20`, `−5`, `0`. */
export function signed(amount: number, format: (value: number) => string): string {
  if (amount > 0) return `+${format(amount)}`;
  if (amount < 0) return `${MINUS}${format(-amount)}`;
  return format(0);
}

/**
 * The streams that adjust a family-month, in the plan's stream order, then any other
 * stream the cell holds (by name), so every list of them reads alike.
 */
export function adjustedStreams(cell: CellStreams, streams: readonly string[]): string[] {
  const held = Object.keys(cell.adjustments);
  const ordered = streams.filter((name) => held.includes(name));
  return [...ordered, ...held.filter((name) => !streams.includes(name)).sort()];
}

/** The streams' sum as a sentence: `baseline 100 + sales 20 − marketing 5 = 115`. */
export function sumWords(
  cell: CellStreams,
  streams: readonly string[],
  format: (value: number) => string,
): string {
  const parts = [`baseline ${format(cell.baseline ?? 0)}`];
  let sum = cell.baseline ?? 0;
  for (const name of adjustedStreams(cell, streams)) {
    const amount = cell.adjustments[name].amount;
    sum += amount;
    parts.push(`${amount < 0 ? MINUS : '+'} ${streamWord(name)} ${format(Math.abs(amount))}`);
  }
  const total = consensusOf({ baseline: cell.baseline, adjustments: cell.adjustments });
  const floor = sum < 0 ? ' (demand is never below 0)' : '';
  return `${parts.join(' ')} = ${format(total)}${floor}`;
}

/**
 * The consensus of a family-month and how it is made, in words: the streams' sum, or the
 * value set by hand with what the sum would have been.
 */
export function formulaWords(
  cell: CellStreams,
  streams: readonly string[],
  format: (value: number) => string,
): string {
  const sum = sumWords(cell, streams, format);
  if (!cell.override) return sum;
  return `set by hand to ${format(cell.override.value)} by ${cell.override.author} (the streams give ${sum})`;
}

/**
 * What marks a cell of the demand grid, for assistive technology and its tooltip:
 * `adjusted: sales +20, marketing −5`, and the consensus set by hand when there is one;
 * null when nobody adjusted the family-month.
 */
export function markWords(
  cell: CellStreams,
  streams: readonly string[],
  format: (value: number) => string,
): string | null {
  const adjusted = adjustedStreams(cell, streams).map(
    (name) => `${streamWord(name)} ${signed(cell.adjustments[name].amount, format)}`,
  );
  const parts: string[] = [];
  if (cell.override) {
    parts.push(`consensus set by hand: ${format(cell.override.value)} by ${cell.override.author}`);
  }
  if (adjusted.length > 0) parts.push(`adjusted: ${adjusted.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** A reason code as a label: `customer order` → `Customer order`. */
export function reasonWord(reason: string): string {
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

/** An amount typed into an adjustment: signed (`+20`, `-5`, `−5`), in whole or decimal units. */
export function readAmount(
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '')
    return { ok: false, message: 'Type how many units to add, or − to take off.' };
  const negative = /^[-\u2212]/.test(trimmed);
  const body = /^[-+\u2212]/.test(trimmed) ? trimmed.slice(1).trim() : trimmed;
  const reading = readNumber(body);
  if (reading.kind !== 'number') {
    return { ok: false, message: `"${trimmed}" is not a number of units: type e.g. 20 or −5.` };
  }
  return { ok: true, value: negative && reading.value !== 0 ? -reading.value : reading.value };
}
