import {
  adjustDemand,
  baselineSourceOf,
  clearAdjustment,
  clearConsensus,
  setConsensus,
  type BaselineSource,
} from '../../../shared/doc/index.ts';
import {
  cellStreamsOf,
  consensusOf,
  streamNames,
  type CellStreams,
} from '../../../shared/engine/demand-streams.ts';
import type { StreamAdjustment } from '../../../shared/engine/types.ts';
import { mayAdjustStream, maySetConsensusByHand } from '../lib/stream-policy.ts';
import { adjustedStreams } from '../lib/stream-words.ts';
import type { ActResult, CycleSession } from './cycle-session.svelte.ts';

/** A family-month of the demand grid. */
export interface StreamPlace {
  family: string;
  month: string;
}

/** One stream of a family-month as the breakdown shows it. */
export interface StreamRowView {
  stream: string;
  /** Its adjustment; absent when the stream leaves the baseline as it is. */
  adjustment?: StreamAdjustment;
  /** Whether this person may change it, and the policy's sentence when not. */
  may: { ok: boolean; reason?: string };
  /** True when it is one of the plan's streams (an old one no longer named is read only). */
  named: boolean;
}

/** What the breakdown of a family-month shows, as it is now. */
export interface StreamBreakdown extends StreamPlace {
  familyName: string;
  cell: CellStreams;
  /** The plan's streams, in order. */
  streams: string[];
  rows: StreamRowView[];
  consensus: number;
  source: BaselineSource;
  /** Whether this person may set the consensus by hand, and why not. */
  mayOverride: { ok: boolean; reason?: string };
}

/** The outcome of a change made in the breakdown: done, or what is wrong by field. */
export type StreamChange = { ok: true } | { ok: false; errors: Record<string, string> };

/** What a function puts in its stream: an amount (signed), a reason code and a note. */
export interface AdjustmentDraft {
  amount: number;
  reason: string;
  note?: string;
}

/** A consensus set by hand: the value, a reason code and a note. */
export interface ConsensusDraft {
  value: number;
  reason: string;
  note?: string;
}

/**
 * The breakdown of one family-month of demand (the drill-down of the grid): which one is
 * open, its streams as they are now (another person's adjustment shows as it arrives),
 * and the changes this person may make there, each a named command in their name.
 */
export class DemandStreamsState {
  readonly #session: () => CycleSession;
  #place = $state<StreamPlace | null>(null);
  #because = $state<string | null>(null);
  #done = $state<string | null>(null);

  constructor(session: () => CycleSession) {
    this.#session = session;
  }

  /** The family-month open, or null. */
  get place(): StreamPlace | null {
    return this.#place;
  }

  /** Why it opened, when typing into the cell opened it instead of an editor. */
  get because(): string | null {
    return this.#because;
  }

  /** What the last change did, in words, for a polite live region. */
  get done(): string | null {
    return this.#done;
  }

  /** Opens the breakdown of a family-month (`because`: why typing opened it). */
  open(place: StreamPlace, because: string | null = null): void {
    this.#place = { ...place };
    this.#because = because;
    this.#done = null;
  }

  close(): void {
    this.#place = null;
    this.#because = null;
    this.#done = null;
  }

  readonly #breakdown = $derived.by((): StreamBreakdown | null => {
    const place = this.#place;
    const session = this.#session();
    const plan = session.live.plan;
    if (!place || !plan) return null;
    const family = plan.families.find((f) => f.id === place.family);
    if (!family || !plan.periods.includes(place.month)) return null;
    const cell = cellStreamsOf(plan, place.family, place.month);
    const streams = streamNames(plan);
    const names = [
      ...streams,
      ...adjustedStreams(cell, streams).filter((s) => !streams.includes(s)),
    ];
    const rows = names.map((stream): StreamRowView => {
      const adjustment = cell.adjustments[stream];
      const named = streams.includes(stream);
      const may = named
        ? session.may((actor) => mayAdjustStream(actor, { ...place, stream }))
        : { ok: false, reason: `"${stream}" is no longer one of the demand streams.` };
      return adjustment ? { stream, adjustment, may, named } : { stream, may, named };
    });
    return {
      ...place,
      familyName: family.name,
      cell,
      streams,
      rows,
      consensus: plan.demand[place.family]?.[place.month] ?? consensusOf(cell),
      source: baselineSourceOf(session.doc, place.family, place.month),
      mayOverride: session.may(maySetConsensusByHand),
    };
  });

  /** The open family-month's breakdown as it is now; null when none is open. */
  get breakdown(): StreamBreakdown | null {
    return this.#breakdown;
  }

  /** Sets this person's adjustment in `stream` (an amount of 0 clears it). */
  adjust(stream: string, draft: AdjustmentDraft): StreamChange {
    const place = this.#place;
    if (!place) return refused('The breakdown is closed.');
    const session = this.#session();
    const may = session.may((actor) => mayAdjustStream(actor, { ...place, stream }));
    if (!may.ok) return refused(may.reason ?? 'You cannot adjust this stream.');
    if (!draft.reason) return { ok: false, errors: { reason: 'Choose a reason.' } };
    return this.#run(
      session.act((doc) =>
        adjustDemand(
          doc,
          { ...place, stream, amount: draft.amount, reason: draft.reason, note: draft.note },
          session.actor.name,
        ),
      ),
      draft.amount === 0 ? 'Adjustment cleared.' : 'Adjustment saved.',
    );
  }

  /** Removes `stream`'s adjustment of the open family-month. */
  clear(stream: string): StreamChange {
    const place = this.#place;
    if (!place) return refused('The breakdown is closed.');
    const session = this.#session();
    const may = session.may((actor) => mayAdjustStream(actor, { ...place, stream }));
    if (!may.ok) return refused(may.reason ?? 'You cannot adjust this stream.');
    return this.#run(
      session.act((doc) => clearAdjustment(doc, { ...place, stream })),
      'Adjustment cleared.',
    );
  }

  /** Sets the open family-month's consensus by hand (the facilitator). */
  override(draft: ConsensusDraft): StreamChange {
    const place = this.#place;
    if (!place) return refused('The breakdown is closed.');
    const session = this.#session();
    const may = session.may(maySetConsensusByHand);
    if (!may.ok) return refused(may.reason ?? 'You cannot set the consensus.');
    if (!draft.reason) return { ok: false, errors: { reason: 'Choose a reason.' } };
    return this.#run(
      session.act((doc) =>
        setConsensus(
          doc,
          { ...place, value: draft.value, reason: draft.reason, note: draft.note },
          session.actor.name,
        ),
      ),
      'Consensus set by hand.',
    );
  }

  /** Removes the consensus set by hand: the family-month is the streams' sum again. */
  clearOverride(): StreamChange {
    const place = this.#place;
    if (!place) return refused('The breakdown is closed.');
    const session = this.#session();
    const may = session.may(maySetConsensusByHand);
    if (!may.ok) return refused(may.reason ?? 'You cannot set the consensus.');
    return this.#run(
      session.act((doc) => clearConsensus(doc, place)),
      'The consensus is the sum of the streams again.',
    );
  }

  #run(result: ActResult<unknown>, done: string): StreamChange {
    if (result.ok) {
      this.#done = done;
      return { ok: true };
    }
    const errors: Record<string, string> = {};
    for (const issue of result.issues) errors[issue.path] ??= issue.message;
    if (Object.keys(errors).length === 0) errors[''] = result.error;
    return { ok: false, errors };
  }
}

function refused(reason: string): StreamChange {
  return { ok: false, errors: { '': reason } };
}
