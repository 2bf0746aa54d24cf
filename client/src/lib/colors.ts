import type { Tone, Word } from '../../../shared/vocabulary/index.ts';

/** The CSS class of a colour token of the vocabulary (app.css): `bad` -> `tone-bad`. */
export function toneClass(tone: Tone): string {
  return `tone-${tone}`;
}

/** A word of the vocabulary as a chip takes it: its text and its tone class. */
export function chipOf(word: Word): { text: string; tone: string } {
  return { text: word.label, tone: toneClass(word.tone) };
}

/** Presence colours: distinct, dark enough for white initials, and readable as a cell outline. */
export const PRESENCE_COLORS = [
  '#2563eb',
  '#c2410c',
  '#15803d',
  '#9333ea',
  '#be123c',
  '#0f766e',
  '#a16207',
  '#4338ca',
] as const;

/** The presence colour of a person: the same key always gives the same colour. */
export function colorFor(key: string): string {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length];
}

/** A person's initials for an avatar: `Ana Silva` -> `AS`. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
