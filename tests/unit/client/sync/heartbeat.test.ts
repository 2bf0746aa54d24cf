import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LivenessWatch } from '../../../../client/src/sync/heartbeat.ts';

/**
 * A connection as the watch sees it: the time of its last message, the pings sent and
 * the losses reported. `answer` makes the relay's reply arrive `afterMs` after each ping.
 */
function connection(answer: { afterMs: number } | null = null) {
  const seen = { lastHeard: Date.now(), pings: [] as number[], losses: [] as number[] };
  const watch = new LivenessWatch({
    lastHeard: () => seen.lastHeard,
    ping: () => {
      seen.pings.push(Date.now());
      if (answer) setTimeout(() => (seen.lastHeard = Date.now()), answer.afterMs);
    },
    lost: () => seen.losses.push(Date.now()),
  });
  return { seen, watch };
}

let started: number;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T09:00:00Z') });
  started = Date.now();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the heartbeat’s timing', () => {
  it('pings once after a second of silence and reports the loss two seconds after the last message', () => {
    const { seen, watch } = connection();
    watch.start();
    vi.advanceTimersByTime(999);
    expect(seen.pings).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen.pings).toEqual([started + 1000]);
    vi.advanceTimersByTime(999);
    expect(seen.losses).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen.losses).toEqual([started + 2000]);
    // Reported once: it waits to be started again on the next connection.
    expect(watch.isWatching).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(seen.pings).toHaveLength(1);
    expect(seen.losses).toHaveLength(1);
  });

  it('keeps an idle connection that answers: one ping per second of silence, never a loss', () => {
    const { seen, watch } = connection({ afterMs: 40 });
    watch.start();
    vi.advanceTimersByTime(10_000);
    expect(seen.losses).toEqual([]);
    // One ping a second after each answer: about nine in ten seconds, never more than ten.
    expect(seen.pings.length).toBeGreaterThanOrEqual(9);
    expect(seen.pings.length).toBeLessThanOrEqual(10);
    expect(watch.isWatching).toBe(true);
  });

  it('sends no ping while other messages keep arriving', () => {
    const { seen, watch } = connection();
    watch.start();
    const traffic = setInterval(() => (seen.lastHeard = Date.now()), 400);
    vi.advanceTimersByTime(10_000);
    clearInterval(traffic);
    expect(seen.pings).toEqual([]);
    expect(seen.losses).toEqual([]);
    // Once the traffic stops, the same watch notices.
    vi.advanceTimersByTime(2000);
    expect(seen.pings).toHaveLength(1);
    expect(seen.losses).toHaveLength(1);
  });

  it('counts a late answer as alive and an answer that never comes as lost', () => {
    const { seen, watch } = connection({ afterMs: 900 });
    watch.start();
    vi.advanceTimersByTime(5000);
    expect(seen.losses).toEqual([]);
    const slow = connection({ afterMs: 1100 });
    slow.watch.start();
    vi.advanceTimersByTime(5000);
    expect(slow.seen.losses).toHaveLength(1);
    watch.stop();
  });

  it('gives a ping sent late (a throttled timer) its second to be answered', () => {
    const { seen, watch } = connection();
    watch.start();
    // The timer that should have fired at 1 s runs at 3 s, as in a tab in the background
    // (the clock jumps 2 s while the timer keeps its delay).
    vi.setSystemTime(started + 2000);
    vi.advanceTimersByTime(1000);
    expect(seen.pings).toEqual([started + 3000]);
    expect(seen.losses).toEqual([]);
    seen.lastHeard = started + 3100;
    vi.advanceTimersByTime(900);
    expect(seen.losses).toEqual([]);
    // Unanswered, the same late ping is a loss a second after it went out.
    const late = connection();
    late.watch.start();
    vi.setSystemTime(Date.now() + 5000);
    vi.advanceTimersByTime(1000);
    expect(late.seen.losses).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(late.seen.losses).toEqual([Date.now()]);
    watch.stop();
  });

  it('lets messages that waited behind a late loss check run before calling the connection lost', () => {
    for (const answered of [true, false]) {
      const { seen, watch } = connection();
      watch.start();
      vi.advanceTimersByTime(1000);
      expect(seen.pings).toHaveLength(1);
      // The check due a second later runs 1.5 s late, as behind a long task of the page.
      vi.setSystemTime(Date.now() + 1500);
      vi.advanceTimersByTime(1000);
      expect(seen.losses).toEqual([]);
      // The relay's answer was waiting in the event loop behind it.
      if (answered) seen.lastHeard = Date.now();
      vi.runOnlyPendingTimers();
      expect(seen.losses).toHaveLength(answered ? 0 : 1);
      watch.stop();
    }
  });

  it('stops on stop and counts the silence from the last message on start', () => {
    const { seen, watch } = connection();
    watch.start();
    vi.advanceTimersByTime(500);
    watch.stop();
    vi.advanceTimersByTime(10_000);
    expect(seen.pings).toEqual([]);
    expect(seen.losses).toEqual([]);
    seen.lastHeard = Date.now();
    watch.start();
    vi.advanceTimersByTime(2000);
    expect(seen.losses).toEqual([Date.now()]);
  });

  it('refuses a timeout that leaves no time for an answer', () => {
    const probe = { lastHeard: () => 0, ping: () => {}, lost: () => {} };
    expect(() => new LivenessWatch(probe, { intervalMs: 1000, timeoutMs: 1000 })).toThrow(
      /interval of 1000 ms and a timeout of 1000 ms/,
    );
    expect(new LivenessWatch(probe, { intervalMs: 500, timeoutMs: 1500 }).isWatching).toBe(false);
  });
});
