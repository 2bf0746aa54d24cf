import type * as Y from 'yjs';

declare const cycleDocument: unique symbol;

/**
 * A cycle's document as code outside shared/doc sees it: opaque. It is handed to the
 * named commands and readers of shared/doc, which are the only code that reaches into
 * it; outside, only its client id (for presence colours) and `destroy` are visible. A
 * Y.Doc is a CycleDoc, so the relay and tests can pass the documents they hold.
 */
export interface CycleDoc {
  readonly [cycleDocument]?: never;
  /** This peer's id in the document: stable for the session, different per peer. */
  readonly clientID: number;
  /** Frees the document and stops its listeners. */
  destroy(): void;
}

/** The Y.Doc behind a cycle document: for shared/doc's own modules only. */
export function yDoc(doc: CycleDoc): Y.Doc {
  return doc as Y.Doc;
}
