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
  /** What its amount is, in a few words (`peak backlog`). */
  amountIs: string;
  /** What its value is (`revenue delayed at peak`): at price or at cost (domain.md 4.6). */
  valueIs: string;
}

/** How each kind of gap reads. */
export const GAP_KIND_WORDS: Readonly<Record<GapKind, GapKindWord>> = {
  shortage: {
    label: 'Shortage',
    plural: 'Shortages',
    unit: 'units',
    tone: 'bad',
    amountIs: 'peak backlog',
    valueIs: 'revenue delayed at peak',
  },
  belowSafetyStock: {
    label: 'Below safety stock',
    plural: 'Below safety stock',
    unit: 'units',
    tone: 'warn',
    amountIs: 'largest shortfall below safety stock',
    valueIs: 'stock to build, at cost',
  },
  overload: {
    label: 'Overload',
    plural: 'Overloads',
    unit: 'hours',
    tone: 'strain',
    amountIs: 'hours over capacity',
    valueIs: 'revenue of the supply over capacity',
  },
  belowBudget: {
    label: 'Below budget',
    plural: 'Below budget',
    unit: 'money',
    tone: 'info',
    amountIs: 'shortfall against budget',
    valueIs: 'revenue short of budget',
  },
  excessInventory: {
    label: 'Excess stock',
    plural: 'Excess stock',
    unit: 'units',
    tone: 'excess',
    amountIs: 'largest excess over the stock target',
    valueIs: 'cash tied up, at cost',
  },
};

/** The colour of a family status or a gap kind, by its key (`shortage` reads `bad`). */
export function planTone(key: FamilyStatus | GapKind): Tone {
  return key in GAP_KIND_WORDS
    ? GAP_KIND_WORDS[key as GapKind].tone
    : FAMILY_STATUS_WORDS[key as FamilyStatus].tone;
}
