/**
 * `npm run bench [-- --quick]`: the engine beside HyperFormula, the cycle document, the
 * relay beside @y/websocket-server and Hocuspocus, the relay scaled out over PostgreSQL and
 * Redis, the statistical baseline on the tourism competition's series, the constrained
 * supply plan beside GLPK, and the workspace in
 * Chromium, in one run.
 * Prints the tables, writes bench/results/latest.json and latest.md, and exits with 1
 * when HyperFormula's numbers do not agree with the engine's (the ratios would be unfair).
 * `--quick` is a smoke run: fewer iterations, no stress size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { runBrowserBench } from './browser-bench.ts';
import { benchDocument, docMarkdown } from './doc-bench.ts';
import { runForecastBench } from './forecast-bench.ts';
import { runOptimizeBench } from './optimize-bench.ts';
import { runPolicyBench } from './policy-bench.ts';
import { runStoreBench } from './store-bench.ts';
import { runRelayBench } from './relay-bench.ts';
import { runScaleBench } from './scale-bench.ts';
import { runScenarioBench } from './scenario-bench.ts';
import { canMeasureMemory } from './memory-bench.ts';
import { currentMachine, judgeGoals, toMarkdown, totalAgreement } from './report.ts';
import { benchSize, estimateFrom, type PeerEstimate, type SizeReport } from './size-bench.ts';
import {
  FULL_SIZES,
  inputCellCount,
  PEER_BUILD_LIMIT_MS,
  PEER_MEMORY_LIMIT_BYTES,
  QUICK_SIZES,
  type SizeConfig,
} from './sizes.ts';

const RESULTS = new URL('./results/', import.meta.url);

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  if (!canMeasureMemory) {
    console.error('Run with node --expose-gc (npm run bench does): memory cannot be measured.');
    return 2;
  }
  const machine = currentMachine();
  const started = performance.now();
  const reports: SizeReport[] = [];
  let estimate: PeerEstimate | null = null;
  for (const size of quick ? QUICK_SIZES : FULL_SIZES) {
    const skip = peerSkipReason(size, estimate);
    console.log(
      `${size.name}: ${size.families} families × ${size.periods} months × ${size.resources} resources${skip ? ` (${skip})` : ''}`,
    );
    const sizeStart = performance.now();
    const report = benchSize(size, skip);
    console.log(`  done in ${((performance.now() - sizeStart) / 1000).toFixed(1)} s`);
    reports.push(report);
    estimate = estimateFrom(report) ?? estimate;
  }

  console.log('cycle document: layouts, cold load, remote edit refresh');
  const documentReport = benchDocument(quick);
  console.log('scenarios: five recomputed together on the reference plan');
  const scenarios = runScenarioBench(quick);
  console.log('the statistical baseline: tourism competition accuracy, 500 families speed');
  const forecast = await runForecastBench(quick);
  console.log('the constrained supply plan: HiGHS beside glpsol at two sizes');
  const optimize = await runOptimizeBench(quick);
  console.log("the relay's write check per update, beside applying it");
  const policy = runPolicyBench(quick);
  console.log('storing an update with its history row');
  const store = await runStoreBench(quick);
  console.log('relay fan-out: ours beside @y/websocket-server and Hocuspocus');
  const relay = await runRelayBench(quick);
  console.log('scale-out: one relay process beside two and three on PostgreSQL + Redis');
  const scale = await runScaleBench(quick);
  console.log('the workspace in Chromium: initial download, open, keystroke, second context');
  const browser = await runBrowserBench(quick);
  const markdown = `${toMarkdown(reports, machine, quick)}\n${docMarkdown(documentReport)}\n${scenarios.markdown}\n\n${forecast.markdown}\n\n${optimize.markdown}\n\n${policy.markdown}\n\n${store.markdown}\n\n${relay.markdown}\n\n${scale.markdown}\n\n${browser.markdown}`;
  const agreement = totalAgreement(reports);
  console.log(`\n${markdown}`);
  for (const mismatch of agreement.mismatches.slice(0, 20)) {
    console.log(
      `  mismatch ${mismatch.cell}: HyperFormula ${String(mismatch.peer)}, engine ${String(mismatch.engine)}`,
    );
  }
  console.log(`agreement: ${agreement.matched}/${agreement.compared} cells match`);
  console.log(`total time ${((performance.now() - started) / 1000).toFixed(1)} s`);

  mkdirSync(RESULTS, { recursive: true });
  const json = {
    machine,
    quick,
    goals: judgeGoals(reports),
    agreement: { ...agreement, mismatches: agreement.mismatches.slice(0, 100) },
    sizes: reports,
    document: documentReport,
    scenarios: { plan: scenarios.plan, five: scenarios.five, plain: scenarios.plain },
    forecast: forecast.json,
    optimize: optimize.json,
    policy: policy.json,
    store: store.json,
    relay: relay.json,
    scale: scale.json,
    browser: browser.json,
  };
  writeFileSync(new URL('latest.json', RESULTS), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(new URL('latest.md', RESULTS), markdown);
  console.log('wrote bench/results/latest.json and bench/results/latest.md');
  return agreement.matched === agreement.compared ? 0 : 1;
}

/**
 * Why HyperFormula should not be built at a size, or null. The cost is predicted from the
 * largest size built so far, scaled by the number of input cells.
 */
function peerSkipReason(size: SizeConfig, estimate: PeerEstimate | null): string | null {
  if (estimate === null) return null;
  const cells = inputCellCount(size);
  const buildMs = estimate.buildMsPerCell * cells * size.peerBuilds;
  const bytes = estimate.bytesPerCell * cells;
  if (buildMs > PEER_BUILD_LIMIT_MS) {
    return `HyperFormula skipped: ${size.peerBuilds} builds predicted to take ${(buildMs / 1000).toFixed(0)} s`;
  }
  if (bytes > PEER_MEMORY_LIMIT_BYTES) {
    return `HyperFormula skipped: predicted to hold ${(bytes / 1e9).toFixed(1)} GB`;
  }
  return null;
}

process.exitCode = await main();
