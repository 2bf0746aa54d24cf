import { workerScope } from '../lib/worker-scope.ts';
import { runBaselineJob, type BaselineRequest } from './baseline-job.ts';

/*
 * The statistical baseline's worker: a module worker of its own chunk, so the forecast
 * code never joins the page's first download and its minutes of arithmetic never block
 * typing. It answers each request with progress and rows (see baseline-job.ts); the page
 * ends a run it no longer wants by terminating the worker.
 */
const scope = workerScope<BaselineRequest>();

scope.onmessage = (event: MessageEvent<BaselineRequest>) => {
  if (event.data?.type === 'run') runBaselineJob(event.data, (reply) => scope.postMessage(reply));
};
