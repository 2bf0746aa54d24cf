import { describe, expect, it } from 'vitest';
import { SeqTracker } from '../../../../server/sync/seq-tracker.ts';

describe('the sequence numbers a room holds', () => {
  it('moves on while numbers come in order, and waits at a gap', () => {
    const seqs = new SeqTracker(4);
    expect(seqs.add(5)).toBe(true);
    expect(seqs.contiguous).toBe(5);
    expect(seqs.add(7)).toBe(true);
    expect(seqs.contiguous).toBe(5);
    expect(seqs.hasGap).toBe(true);
    expect(seqs.highest).toBe(7);
    expect(seqs.add(6)).toBe(true);
    expect(seqs.contiguous).toBe(7);
    expect(seqs.hasGap).toBe(false);
  });

  it('says a repeated number is nothing new', () => {
    const seqs = new SeqTracker(2);
    expect(seqs.add(2)).toBe(false);
    expect(seqs.add(4)).toBe(true);
    expect(seqs.add(4)).toBe(false);
  });

  it('fills what a load from the store covers, keeping what came after it', () => {
    const seqs = new SeqTracker(1);
    seqs.add(5);
    seqs.add(9);
    seqs.reset(6);
    expect(seqs.contiguous).toBe(6);
    expect(seqs.hasGap).toBe(true);
    seqs.reset(8);
    expect(seqs.contiguous).toBe(9);
    expect(seqs.hasGap).toBe(false);
  });
});
