import { CLOSE } from '../sync/protocol.ts';

/**
 * Why the relay refused a connection or a frame: the `reason` label of
 * `fulcrum_refusals_total`. A small fixed set, so the metric never grows with traffic.
 */
export const REFUSAL_REASONS = [
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'protocol_error',
  'invalid_payload',
  'frame_too_large',
  'too_large',
  'too_many_connections',
  'too_slow',
  'storage_failed',
  'shutting_down',
] as const;

/** One of {@link REFUSAL_REASONS}. */
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * What the relay counts while it works: plain numbers, bumped on the hot path without
 * allocating, and read by the metrics registry only when `/metrics` is scraped. One per
 * server; a relay without metrics gets its own and nobody reads it.
 */
export class RelayCounts {
  /** Bytes of websocket frames received from clients. */
  bytesReceived = 0;
  /** Bytes of websocket frames sent to clients. */
  bytesSent = 0;
  /** Document updates appended to the store. */
  updatesStored = 0;
  /** Fan-out messages handed to Redis (only with REDIS_URL). */
  fanoutPublished = 0;
  /** Fan-out messages received from the other relay processes. */
  fanoutReceived = 0;
  /** Fan-out messages Redis did not take (the rooms catch up from the store later). */
  fanoutFailed = 0;
  readonly #refusals: Record<RefusalReason, number> = Object.fromEntries(
    REFUSAL_REASONS.map((reason) => [reason, 0]),
  ) as Record<RefusalReason, number>;

  /** Counts one refused connection or frame. */
  refused(reason: RefusalReason): void {
    this.#refusals[reason]++;
  }

  /** Refusals so far for `reason`. */
  refusals(reason: RefusalReason): number {
    return this.#refusals[reason];
  }
}

/** The refusal reason of a close code the relay sends; null for a code that is no refusal. */
export function refusalOf(code: number): RefusalReason | null {
  switch (code) {
    case CLOSE.unauthorized:
      return 'unauthorized';
    case CLOSE.forbidden:
      return 'forbidden';
    case CLOSE.notFound:
      return 'not_found';
    case CLOSE.policy:
      return 'rate_limited';
    case CLOSE.protocolError:
      return 'protocol_error';
    case CLOSE.invalidPayload:
      return 'invalid_payload';
    case CLOSE.internalError:
      return 'storage_failed';
    case CLOSE.serviceRestart:
      return 'shutting_down';
    case CLOSE.tooLarge:
      return 'too_large';
    case CLOSE.tooManyConnections:
      return 'too_many_connections';
    default:
      return null;
  }
}
