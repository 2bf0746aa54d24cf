import { createSubscriber } from 'svelte/reactivity';
import {
  onDocChange,
  prereadIdentity,
  readPreread,
  type CycleDoc,
  type Preread,
} from '../../../shared/doc/index.ts';
import { reconcile, type Reconciliation } from '../../../shared/engine/index.ts';

/** The published pre-read with the engine's reconciliation of its frozen plan. */
export interface PrereadView extends Preread {
  result: Reconciliation;
}

/**
 * The pre-read the facilitator published, as the page shows it: read from the document
 * when the cycle's own data changes (a publication), never with plan edits, and
 * reconciled by the engine once per publication. Its numbers never move with the live
 * plan: they come from the frozen copy alone.
 */
export class PublishedPreread {
  readonly #doc: CycleDoc;
  readonly #subscribe: () => void;
  // Not reactive on purpose: keyed by what is stored, so a read outside an effect is right too.
  #last: { key: readonly unknown[]; value: PrereadView | null } | null = null;

  constructor(doc: CycleDoc) {
    this.#doc = doc;
    this.#subscribe = createSubscriber((update) =>
      onDocChange(doc, (change) => {
        if (change.areas.has('cycle')) update();
      }),
    );
  }

  /** The pre-read as published, or null when none is. */
  get current(): PrereadView | null {
    this.#subscribe();
    // The plan's text is one stored string: the same string is the same pre-read.
    const key = prereadIdentity(this.#doc);
    const last = this.#last;
    if (last && last.key.every((part, index) => part === key[index])) return last.value;
    const preread = readPreread(this.#doc);
    const value = preread ? { ...preread, result: reconcile(preread.plan) } : null;
    this.#last = { key, value };
    return value;
  }
}
