/**
 * The store appends as the relays themselves timed them: the sum and count of
 * `fulcrum_storage_append_duration_seconds` from each relay's `GET /metrics` (Prometheus
 * text), read before and after a window; the difference gives the mean append time of
 * every update the relays stored in it, for SQLite and PostgreSQL alike.
 */

/** Running totals of one relay's appends. */
export interface AppendTotals {
  seconds: number;
  count: number;
}

const SUM = /^fulcrum_storage_append_duration_seconds_sum(?:\{[^}]*\})? (\S+)$/m;
const COUNT = /^fulcrum_storage_append_duration_seconds_count(?:\{[^}]*\})? (\S+)$/m;

/** The relay's append totals so far, or null when it serves no such metric. */
export async function readAppendTotals(port: number): Promise<AppendTotals | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    if (!response.ok) return null;
    const text = await response.text();
    const sum = SUM.exec(text);
    const count = COUNT.exec(text);
    if (!sum || !count) return null;
    return { seconds: Number(sum[1]), count: Number(count[1]) };
  } catch {
    return null;
  }
}

/** Appends made between two readings of several relays: their count and mean in ms. */
export function appendsBetween(
  before: ReadonlyArray<AppendTotals | null>,
  after: ReadonlyArray<AppendTotals | null>,
): { count: number; meanMs: number } | null {
  let seconds = 0;
  let count = 0;
  for (let i = 0; i < before.length; i++) {
    const start = before[i];
    const end = after[i];
    if (!start || !end) return null;
    seconds += end.seconds - start.seconds;
    count += end.count - start.count;
  }
  return count > 0 ? { count, meanMs: (seconds / count) * 1000 } : null;
}
