/**
 * The numbers behind the live data panel of each standard agenda item (domain.md
 * section 1), one file per panel in this folder: plain functions of the engine's
 * reconciliation and the work records, so every peer shows the same and tests can check
 * them without a page. This file says which panel an agenda item shows.
 */

/** The live data panel that answers an agenda item, in the order of the standard agenda. */
export const PANELS = [
  'changes',
  'accuracy',
  'families',
  'financials',
  'risks',
  'decisions',
  'npi',
  'constraints',
  'farHorizon',
  'actions',
] as const;

/** Which live data an agenda item shows. */
export type PanelKind = (typeof PANELS)[number];

/**
 * The panel of an agenda item: a standard item (seeded as `agenda-1` ... `agenda-10`, or
 * carrying a standard title) keeps its panel wherever it moves; an added item has none
 * (it shows its notes only).
 */
export function panelFor(
  item: { id: string; title: string },
  standardTitles: readonly string[],
): PanelKind | null {
  const seeded = /^agenda-(\d+)$/.exec(item.id);
  if (seeded) {
    const index = Number(seeded[1]) - 1;
    if (index >= 0 && index < PANELS.length) return PANELS[index];
  }
  const byTitle = standardTitles.findIndex(
    (title) => title.trim().toLowerCase() === item.title.trim().toLowerCase(),
  );
  return byTitle >= 0 && byTitle < PANELS.length ? PANELS[byTitle] : null;
}
