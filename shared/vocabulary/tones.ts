/**
 * The colour tokens of the product's words. A status never shows in colour alone: its
 * label is always beside it, and the colour repeats what the label says. The page maps
 * each token to one CSS class, `tone-<token>` (client/src/app.css), and the printable
 * minutes give those classes the same colours.
 */

/**
 * The colour of a word: `bad` red (short, overdue, high risk), `warn` amber (needs
 * attention soon), `good` green (done, agreed, in balance), `info` blue (under way, or
 * money below budget), `excess` purple (too much stock), `strain` orange (resources
 * overloaded), `neutral` grey (not started, no judgement) and `muted` faint grey
 * (finished without effect: closed, dropped, rejected).
 */
export type Tone = 'bad' | 'warn' | 'good' | 'info' | 'excess' | 'strain' | 'neutral' | 'muted';

/** Every colour token, in the order above. */
export const TONES: readonly Tone[] = [
  'bad',
  'warn',
  'good',
  'info',
  'excess',
  'strain',
  'neutral',
  'muted',
];

/**
 * The colours of each token, text on background, each pair at least 4.5:1 for small
 * text. The page declares the same values in client/src/app.css (a test compares them);
 * the printable minutes, a file with no page around it, take them from here.
 */
export const TONE_COLOURS: Readonly<Record<Tone, { text: string; background: string }>> = {
  bad: { text: '#b42318', background: '#fdecea' },
  warn: { text: '#8a4b00', background: '#fff3d6' },
  good: { text: '#17663a', background: '#e6f5ec' },
  info: { text: '#1e4fb4', background: '#e6eefd' },
  excess: { text: '#6b2fb3', background: '#f1eafd' },
  strain: { text: '#b4380d', background: '#ffeadc' },
  neutral: { text: '#3f4a5c', background: '#eceef3' },
  muted: { text: '#5a6474', background: '#eff1f4' },
};

/** A word of the product: how it reads and its colour. */
export interface Word {
  /** `In progress`. */
  label: string;
  tone: Tone;
}

/** The labels of a table of words, by key. */
export function labelsOf<K extends string>(words: Readonly<Record<K, Word>>): Record<K, string> {
  const labels = {} as Record<K, string>;
  for (const key of Object.keys(words) as K[]) labels[key] = words[key].label;
  return labels;
}
