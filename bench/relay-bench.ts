/**
 * The relay fan-out benchmark (issue 3, section 4, first bullet): our relay with its
 * SQLite store beside `@y/websocket-server` 0.1.1 and `@hocuspocus/server` 3.4, three
 * loads, memory per idle connection, and the malformed-frame probe against each.
 *
 * `runRelayBench(quick)` is what `npm run bench` calls; run it alone with
 * `node --import tsx bench/relay-bench.ts [--quick]` (prints the Markdown, writes nothing).
 */
import { relayMarkdown } from './relay/report.ts';
import { runRelayBenchmark } from './relay/run-relay-bench.ts';
import { runAlone } from './run-alone.ts';

export async function runRelayBench(quick: boolean): Promise<{ markdown: string; json: unknown }> {
  const result = await runRelayBenchmark(quick);
  return { markdown: relayMarkdown(result), json: result };
}

runAlone(import.meta.url, 'relay benchmark', runRelayBench);
