import type { FamilyStatus, GapKind } from '../engine/types.ts';
import type { Tone, Word } from './tones.ts';

/**
 * The words of the plan's results: a family-month's status and the kinds of gap the
 * reconciliation finds. The grid, the meeting, the exports and the command line all say
 * them from here.
 */

/** A family-month's status in words: its label, a short form for dense grids, and colour. */
export interface FamilyStatusWord extends Word {
  /** `Short`: for dense grids, with the full label given to assistive technology. */
  short: string;
  /**
   * `Below safety`: the status as the chip beside a family's name says it, when it is the
   * family's worst over the horizon (`On plan` when every month is OK).
   */
  chip: string;
}

/** How each family-month status reads. */
export const FAMILY_STATUS_WORDS: Readonly<Record<FamilyStatus, FamilyStatusWord>> = {
  shortage: { label: 'Shortage', short: 'Short', chip: 'Short', tone: 'bad' },
  belowSafetyStock: {
    label: 'Below safety stock',
    short: 'Low',
    chip: 'Below safety',
    tone: 'warn',
  },
  overstock: { label: 'Overstock', short: 'Over', chip: 'Overstock', tone: 'excess' },
  ok: { label: 'OK', short: 'OK', chip: 'On plan', tone: 'good' },
};

/** A kind of gap in words: its label, its plural, the unit of its amount, its colour. */
export interface GapKindWord extends Word {
  /** `Shortages`: a heading over several. */
  plural: string;
  /** What its amount counts. */
  unit: 'units' | 'hours' | 'money';
}

/** How each kind of gap reads. */
export const GAP_KIND_WORDS: Readonly<Record<GapKind, GapKindWord>> = {
  shortage: { label: 'Shortage', plural: 'Shortages', unit: 'units', tone: 'bad' },
  belowSafetyStock: {
    label: 'Below safety stock',
    plural: 'Below safety stock',
    unit: 'units',
    tone: 'warn',
  },
  overload: { label: 'Overload', plural: 'Overloads', unit: 'hours', tone: 'strain' },
  belowBudget: { label: 'Below budget', plural: 'Below budget', unit: 'money', tone: 'info' },
};

/** The colour of a family status or a gap kind, by its key (`shortage` reads `bad`). */
export function planTone(key: FamilyStatus | GapKind): Tone {
  return key === 'ok' || key === 'overstock'
    ? FAMILY_STATUS_WORDS[key].tone
    : GAP_KIND_WORDS[key].tone;
}
