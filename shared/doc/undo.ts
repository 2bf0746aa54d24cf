import * as Y from 'yjs';
import { DOCUMENT_ROOTS, rootMap } from './layout.ts';
import { CommandOrigin } from './origins.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** Undo and redo of one person's own commands. */
export interface UndoTracker {
  /** Undoes this person's last command; false when there is nothing to undo. */
  undo(): boolean;
  /** Redoes the last undone command; false when there is nothing to redo. */
  redo(): boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Called when canUndo or canRedo may have changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
  destroy(): void;
}

/**
 * Tracks the commands run on this peer (origin {@link CommandOrigin}) over the whole
 * document, one undo step per command: edits that arrive from other people are never
 * undone, and undoing my edit of a cell leaves their later edits elsewhere in place.
 * Shared texts (agenda notes) keep their own editor's undo, so they are not tracked.
 * What is undoable is the registry's word ({@link DOCUMENT_ROOTS}).
 */
export function createUndoTracker(doc: CycleDoc): UndoTracker {
  const scope = DOCUMENT_ROOTS.filter((root) => root.isUndoable).map((root) => rootMap(doc, root));
  // captureTimeout 0: every command is its own step, even two edits within a second.
  const manager = new Y.UndoManager(scope, {
    trackedOrigins: new Set([CommandOrigin]),
    captureTimeout: 0,
  });
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
    manager.on(event, notify);
  }
  return {
    undo: () => manager.undo() !== null,
    redo: () => manager.redo() !== null,
    get canUndo() {
      return manager.canUndo();
    },
    get canRedo() {
      return manager.canRedo();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      listeners.clear();
      manager.destroy();
    },
  };
}
