import * as Y from 'yjs';

/**
 * Where a transaction came from. Every write to a cycle document carries one of these
 * origins, so listeners can tell them apart without guessing:
 *
 * - `command`: a named command run by the person on this peer ({@link CommandOrigin});
 * - `undo`: this person's undo or redo of their own commands (the `Y.UndoManager`);
 * - `device`: what this browser's device store loaded back ({@link DEVICE_ORIGIN});
 * - `migration`: a step bringing an older document up to this version
 *   ({@link MigrationOrigin}); never tracked by undo, so no one's undo reverts it;
 * - `remote`: anything else: updates from the relay, other peers or server storage.
 */
export type OriginKind = 'command' | 'undo' | 'device' | 'migration' | 'remote';

/**
 * The origin of every named command: one class, so an undo manager tracks all of a
 * person's commands with `trackedOrigins: new Set([CommandOrigin])` and never undoes
 * what arrived from others or what a migration wrote.
 */
export class CommandOrigin {
  /** @param command the command's name, e.g. `addRisk`. */
  constructor(readonly command: string) {}
}

/**
 * The origin of a command whose result becomes part of the meeting's record: an agenda
 * item closed, a decision agreed, a revision, a scenario adopted. Undo never takes it
 * back (the record changes only by a new revision, which the relay enforces); it is
 * still a command of this person for every other purpose.
 */
export class RecordOrigin extends CommandOrigin {}

/** The origin of one migration step: not a person's command, so undo never tracks it. */
export class MigrationOrigin {
  /** @param from the document version the step migrates from. */
  constructor(readonly from: number) {}
}

/**
 * The origin of updates the browser's device store applies to a document (what it
 * loaded), so it does not store them a second time. Compare by identity.
 */
export const DEVICE_ORIGIN: object = Object.freeze({ source: 'fulcrum-device-store' });

/** The kind of a transaction's origin (see {@link OriginKind}). */
export function originKind(origin: unknown): OriginKind {
  if (origin instanceof CommandOrigin) return 'command';
  if (origin instanceof Y.UndoManager) return 'undo';
  if (origin === DEVICE_ORIGIN) return 'device';
  if (origin instanceof MigrationOrigin) return 'migration';
  return 'remote';
}

/** True for a person's own changes on this peer: their commands, and undo or redo of them. */
export function isOwnOrigin(origin: unknown): boolean {
  const kind = originKind(origin);
  return kind === 'command' || kind === 'undo';
}
