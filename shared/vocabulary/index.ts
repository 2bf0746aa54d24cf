/**
 * The product's vocabulary: every status, kind, stage and function word with its label
 * and colour token, declared once for the page, the minutes and the command line.
 */
export * from './tones.ts';
export * from './plan-words.ts';
export * from './work-words.ts';
export * from './cycle-words.ts';
