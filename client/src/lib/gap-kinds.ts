import { GAP_KINDS, type Gap, type GapKind } from '../../../shared/engine/index.ts';
import { GAP_KIND_WORDS } from '../../../shared/vocabulary/index.ts';
import type { Formatters } from './format.ts';

/** Count and value of some gaps, per kind: kinds are never added together (domain.md 4.6). */
export type KindSummary = Record<GapKind, { count: number; value: number }>;

/** Counts and values the gaps per kind. */
export function kindSummary(gaps: readonly Gap[]): KindSummary {
  const summary = Object.fromEntries(
    GAP_KINDS.map((kind) => [kind, { count: 0, value: 0 }]),
  ) as KindSummary;
  for (const gap of gaps) {
    summary[gap.kind].count++;
    summary[gap.kind].value += gap.value;
  }
  return summary;
}

/** "2 shortages (€12.4K revenue delayed at peak) · 1 excess stock (€3K cash tied up, at cost)". */
export function describeKinds(summary: KindSummary, format: Formatters): string {
  const parts = GAP_KINDS.filter((kind) => summary[kind].count > 0).map((kind) => {
    const word = GAP_KIND_WORDS[kind];
    const { count, value } = summary[kind];
    const label = count === 1 ? word.label.toLowerCase() : word.plural.toLowerCase();
    return `${format.quantity(count)} ${label} (${format.moneyCompact(value)} ${word.valueIs})`;
  });
  return parts.length > 0 ? parts.join(' · ') : 'none';
}
