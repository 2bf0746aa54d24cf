import { createSubscriber } from 'svelte/reactivity';

/**
 * The time for the meeting's timers. It ticks once a second, and only while something
 * on the page reads it, so a closed meeting view costs nothing. Time lives here, never
 * in the document: nobody writes to the cycle every second. Once the meeting has ended,
 * its timers read the moment it ended, and stop ticking.
 */
export class MeetingClock {
  readonly #subscribe: () => void;

  constructor(intervalMs = 1000) {
    this.#subscribe = createSubscriber((update) => {
      const timer = setInterval(update, intervalMs);
      return () => clearInterval(timer);
    });
  }

  /** Milliseconds since the epoch, refreshed every tick for whoever reads it. */
  get now(): number {
    this.#subscribe();
    return Date.now();
  }

  /**
   * The time the meeting's timers read: the moment it ended (ISO) once it has, which no
   * longer ticks, so every page shows the same stopped clock; else {@link now}.
   */
  at(endedAt: string | null): number {
    const ended = endedAt === null ? Number.NaN : Date.parse(endedAt);
    return Number.isFinite(ended) ? ended : this.now;
  }
}
