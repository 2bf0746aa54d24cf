/**
 * Catching up: what a person last saw of a cycle (a small projection kept on their
 * device) and what changed since, for the "Since you were here" view.
 */
export * from './seen-projection.ts';
export * from './catch-up.ts';
export * from './catch-up-entry.ts';
export * from './catch-up-format.ts';
export * from './catch-up-start.ts';
export * from './authorship.ts';
