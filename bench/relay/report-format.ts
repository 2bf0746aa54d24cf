/** Number formats and the goals-and-errors close shared by the relay and scale-out reports. */

/** One goal of a relay run and whether it was met (judged, never asserted). */
export interface BenchGoal {
  goal: string;
  value: string;
  met: boolean;
}

/** A whole number with thousands separators: `12,345`. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Bytes as MiB with `digits` decimals, or `n/a` when not measured. */
export function mib(bytes: number, digits = 1): string {
  return Number.isFinite(bytes) ? `${(bytes / 1_048_576).toFixed(digits)} MiB` : 'n/a';
}

/**
 * The Markdown lines that close a report: `<heading>: N of M met.`, each goal as met or
 * **not met**, then the errors, if any.
 */
export function goalAndErrorLines(
  heading: string,
  goals: readonly BenchGoal[],
  errors: readonly string[],
): string[] {
  const met = goals.filter((goal) => goal.met).length;
  const lines = [`${heading}: ${met} of ${goals.length} met.`, ''];
  for (const goal of goals) {
    lines.push(`- ${goal.met ? 'met' : '**not met**'}: ${goal.goal}: ${goal.value}`);
  }
  if (errors.length) {
    lines.push('', 'Errors:', '');
    for (const error of errors) lines.push(`- ${error}`);
  }
  return lines;
}
