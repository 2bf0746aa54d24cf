import type { Plan } from '../../../shared/engine/types.ts';

/**
 * What one demand stream holds this cycle, for the input status of its function: how
 * many family-months it adjusts, in which families, and the latest adjustment.
 */
export interface StreamActivity {
  /** Family-months the stream adjusts. */
  count: number;
  /** The names of the families it adjusts, in plan order. */
  families: string[];
  /** The latest adjustment (by its time; one without a time counts as oldest). */
  last: { author: string; at: string | null; family: string; month: string } | null;
}

/** A stream's adjustments in the plan (the cycle's), summed up. */
export function streamActivity(plan: Plan, stream: string): StreamActivity {
  const adjustments = plan.demandStreams?.adjustments ?? {};
  let count = 0;
  const adjusted = new Set<string>();
  let last: StreamActivity['last'] = null;
  for (const [family, months] of Object.entries(adjustments)) {
    for (const [month, byStream] of Object.entries(months)) {
      const adjustment = byStream[stream];
      if (!adjustment) continue;
      count++;
      adjusted.add(family);
      const at = adjustment.at ?? null;
      const later =
        last === null ||
        (at !== null && (last.at === null || at > last.at)) ||
        (at === last.at && `${family}|${month}` > `${last.family}|${last.month}`);
      if (later) last = { author: adjustment.author, at, family, month };
    }
  }
  const families = plan.families.filter((f) => adjusted.has(f.id)).map((f) => f.name);
  return { count, families, last };
}

/** The families of an activity in a few words: `Kettles, Toasters and 3 more`. */
export function familiesWords(families: readonly string[], shown = 3): string {
  if (families.length <= shown) {
    return families.length <= 1
      ? (families[0] ?? '')
      : `${families.slice(0, -1).join(', ')} and ${families[families.length - 1]}`;
  }
  return `${families.slice(0, shown).join(', ')} and ${families.length - shown} more`;
}
