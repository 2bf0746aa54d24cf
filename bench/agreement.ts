/**
 * The agreement check: sampled cells of the HyperFormula peer against the engine's
 * reconciliation of the same plan. If they differ, the peer does not model the same
 * math and the speed ratios mean nothing.
 */
import type { CellValue } from 'hyperformula';
import type { Reconciliation } from '../shared/engine/index.ts';
import {
  familyValue,
  resourceValue,
  type FamilyMeasure,
  type HyperFormulaPeer,
  type ResourceMeasure,
} from './hyperformula-peer.ts';
import { seededRandom } from '../shared/random.ts';

/** Family measures compared, each the same field of `FamilyRow`. */
export const COMPARED_FAMILY_MEASURES = [
  'projectedInventory',
  'shipments',
  'revenue',
  'cost',
  'margin',
  'budgetGap',
] as const satisfies readonly FamilyMeasure[];

/** Resource measures compared, each the same field of `ResourceRow`. */
export const COMPARED_RESOURCE_MEASURES = [
  'load',
  'utilization',
  'overload',
] as const satisfies readonly ResourceMeasure[];

/** Relative tolerance; values below 1 in size are compared with the same absolute tolerance. */
export const TOLERANCE = 1e-9;

/** One cell where the peer and the engine differ. */
export interface Mismatch {
  cell: string;
  peer: CellValue;
  engine: number | null;
}

/** The outcome of comparing sampled cells. */
export interface Agreement {
  compared: number;
  matched: number;
  mismatches: Mismatch[];
}

/** Whether the peer's cell value equals the engine's number (null: HyperFormula's ""). */
export function valuesAgree(peer: CellValue, engine: number | null): boolean {
  if (engine === null) return peer === '';
  if (typeof peer !== 'number') return false;
  return Math.abs(peer - engine) <= TOLERANCE * Math.max(1, Math.abs(peer), Math.abs(engine));
}

/**
 * Compares `samples` seeded random family-months (each compared measure) and as many
 * resource-months with the engine's result. `samples: 'all'` compares every cell.
 */
export function checkAgreement(
  peer: HyperFormulaPeer,
  result: Reconciliation,
  samples: number | 'all',
  seed: number,
): Agreement {
  const random = seededRandom(seed);
  const mismatches: Mismatch[] = [];
  let compared = 0;
  const count = result.periods.length;
  const pick = (items: number) =>
    samples === 'all'
      ? Array.from({ length: items * count }, (_, i) => [Math.floor(i / count), i % count])
      : Array.from({ length: items === 0 ? 0 : samples }, () => [
          random.int(items),
          random.int(count),
        ]);

  for (const [f, t] of pick(result.families.length)) {
    const row = result.families[f].rows[t];
    for (const measure of COMPARED_FAMILY_MEASURES) {
      compared++;
      const value = familyValue(peer, f, t, measure);
      if (!valuesAgree(value, row[measure])) {
        const cell = `${result.families[f].id}/${row.period}/${measure}`;
        mismatches.push({ cell, peer: value, engine: row[measure] });
      }
    }
  }
  for (const [r, t] of pick(result.resources.length)) {
    const row = result.resources[r].rows[t];
    for (const measure of COMPARED_RESOURCE_MEASURES) {
      compared++;
      const value = resourceValue(peer, r, t, measure);
      if (!valuesAgree(value, row[measure])) {
        const cell = `${result.resources[r].id}/${row.period}/${measure}`;
        mismatches.push({ cell, peer: value, engine: row[measure] });
      }
    }
  }
  return { compared, matched: compared - mismatches.length, mismatches };
}
