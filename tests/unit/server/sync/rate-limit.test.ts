import { describe, expect, it } from 'vitest';
import { PersonBudgets, TokenBucket, formatBytes } from '../../../../server/sync/rate-limit.ts';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let time = 0;
  return { now: () => time, advance: (ms) => (time += ms) };
}

const LIMITS = { updatesPerMinute: 6, bytesPerMinute: 600, connections: 2 };

describe('TokenBucket', () => {
  it('takes several tokens at once only when it holds them all, and refills over time', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 100, clock.now);
    expect(bucket.take(60)).toBe(true);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(40)).toBe(true);
    expect(bucket.isFull).toBe(false);
    clock.advance(10_000);
    expect(bucket.isFull).toBe(true);
    expect(bucket.take()).toBe(true);
  });
});

describe('PersonBudgets', () => {
  it('shares one invite’s update budget across all its connections', () => {
    const people = new PersonBudgets(LIMITS, manualClock().now);
    expect(people.connect('ana')).toBeNull();
    expect(people.connect('ana')).toBeNull();
    // Six updates a minute in all, whichever connection sends them.
    for (let i = 0; i < 6; i++) expect(people.charge('ana', 10)).toBeNull();
    expect(people.charge('ana', 10)).toMatch(/too many changes from this invite.*6 a minute/);
  });

  it('keeps each invite’s budget apart: one person spending theirs leaves the others’ whole', () => {
    const people = new PersonBudgets(LIMITS, manualClock().now);
    for (let i = 0; i < 6; i++) people.charge('ana', 10);
    expect(people.charge('ana', 10)).not.toBeNull();
    expect(people.charge('ben', 10)).toBeNull();
  });

  it('counts bytes per minute and refills both budgets as the minute passes', () => {
    const clock = manualClock();
    const people = new PersonBudgets(LIMITS, clock.now);
    expect(people.charge('ana', 500)).toBeNull();
    expect(people.charge('ana', 200)).toMatch(/too much data from this invite.*600 bytes a minute/);
    // A refused update costs nothing: 100 bytes are still there.
    expect(people.charge('ana', 100)).toBeNull();
    clock.advance(30_000);
    expect(people.charge('ana', 300)).toBeNull();
  });

  it('caps the connections of one invite and frees a place when one closes', () => {
    const people = new PersonBudgets(LIMITS, manualClock().now);
    expect(people.connect('ana')).toBeNull();
    expect(people.connect('ana')).toBeNull();
    expect(people.connect('ana')).toMatch(
      /too many connections with this invite \(the limit is 2\)/,
    );
    expect(people.connect('ben')).toBeNull();
    people.disconnect('ana');
    expect(people.connect('ana')).toBeNull();
  });

  it('remembers a spent budget after the last connection closes, and forgets it once refilled', () => {
    const clock = manualClock();
    const people = new PersonBudgets(LIMITS, clock.now);
    people.connect('ana');
    for (let i = 0; i < 6; i++) people.charge('ana', 10);
    people.disconnect('ana');
    expect(people.size).toBe(1);
    // Reconnecting does not reset the budget.
    people.connect('ana');
    expect(people.charge('ana', 10)).not.toBeNull();
    people.disconnect('ana');
    clock.advance(60_000);
    people.prune();
    expect(people.size).toBe(0);
    expect(people.charge('ana', 10)).toBeNull();
  });

  it('forgets a person at once when they leave with their budget whole', () => {
    const people = new PersonBudgets(LIMITS, manualClock().now);
    people.connect('ana');
    people.disconnect('ana');
    expect(people.size).toBe(0);
  });
});

describe('formatBytes', () => {
  it('writes sizes as a person reads them', () => {
    expect(formatBytes(300)).toBe('300 bytes');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(8 * 1024 * 1024)).toBe('8 MiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });
});
