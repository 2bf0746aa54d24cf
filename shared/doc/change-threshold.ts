import { previousMap, transact } from './layout.ts';
import { commandError } from '../schema/command-error.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** Above this share of change (10%), a family's change since last cycle asks for a reason. */
export const DEFAULT_CHANGE_THRESHOLD = 0.1;

/**
 * The share of change (0.1 is 10%) above which a family's demand, supply or revenue
 * change since the previous cycle asks for a reason the meeting can see.
 */
export function readChangeThreshold(doc: CycleDoc): number {
  const value = previousMap(doc).get('threshold');
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : DEFAULT_CHANGE_THRESHOLD;
}

/** Sets that threshold, a share between 0.01 (1%) and 10 (1000%). */
export function setChangeThreshold(doc: CycleDoc, threshold: number): void {
  if (!Number.isFinite(threshold) || threshold < 0.01 || threshold > 10) {
    throw commandError('setChangeThreshold', 'the threshold must be between 1% and 1000%');
  }
  transact(doc, 'setChangeThreshold', () => previousMap(doc).set('threshold', threshold));
}
