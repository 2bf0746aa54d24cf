import type { Tone, Word } from '../../../shared/vocabulary/index.ts';

/** The CSS class of a colour token of the vocabulary (app.css): `bad` -> `tone-bad`. */
export function toneClass(tone: Tone): string {
  return `tone-${tone}`;
}

/** A word of the vocabulary as a chip takes it: its text and its tone class. */
export function chipOf(word: Word): { text: string; tone: string } {
  return { text: word.label, tone: toneClass(word.tone) };
}

/**
 * Presence colours: distinct, dark enough for white initials, and readable as a cell
 * outline. Eleven, so a meeting's people each get their own.
 */
export const PRESENCE_COLORS = [
  '#2563eb',
  '#c2410c',
  '#15803d',
  '#9333ea',
  '#be123c',
  '#0f766e',
  '#a16207',
  '#4338ca',
  '#0369a1',
  '#86198f',
  '#4d7c0f',
] as const;

/** The presence colour a key prefers: the same key always gives the same colour. */
export function colorFor(key: string): string {
  return PRESENCE_COLORS[preferredColor(key)];
}

function preferredColor(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % PRESENCE_COLORS.length;
}

/**
 * A colour for each person of a workspace, no two alike while there are colours enough:
 * each takes the colour their name prefers, or the next free one. People are served in
 * the order of their names, so every browser seeing the same people gives the same
 * colours. Past the palette's size colours repeat, by preference.
 */
export function presenceColors(names: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const name of sorted) {
    let index = preferredColor(name);
    if (taken.size < PRESENCE_COLORS.length) {
      while (taken.has(index)) index = (index + 1) % PRESENCE_COLORS.length;
      taken.add(index);
    }
    colors.set(name, PRESENCE_COLORS[index]);
  }
  return colors;
}

/** A part of a name in brackets: a function or a note (`Fiona (Facilitator)`), not the name. */
const BRACKETED = /\([^)]*\)?|\[[^\]]*\]?/g;
/** A word's first letter or digit, skipping quotes and punctuation before it. */
const FIRST_LETTER = /[\p{L}\p{N}]/u;

/**
 * A person's two initials for an avatar. What is in brackets is not part of the name.
 * Two words or more give the first letters of the first two; one word gives its first two
 * letters: `Ana Lopez` -> `AL`, `Fiona (Facilitator)` -> `FI`, `Frank (Finance)` -> `FR`.
 */
export function initials(name: string): string {
  const wordsOf = (text: string) =>
    text
      .split(/[\s,/()[\]]+/)
      .map((word) => Array.from(word).filter((char) => FIRST_LETTER.test(char)))
      .filter((letters) => letters.length > 0);
  // A name that is all brackets still shows what it has.
  let words = wordsOf(name.replace(BRACKETED, ' '));
  if (words.length === 0) words = wordsOf(name);
  const letters =
    words.length > 1 ? [words[0][0], words[1][0]] : words.length === 1 ? words[0].slice(0, 2) : [];
  // Some letters grow when capitalised (ß -> SS): an avatar has room for two.
  return letters.length > 0 ? Array.from(letters.join('').toUpperCase()).slice(0, 2).join('') : '?';
}
