import { workerScope } from '../lib/worker-scope.ts';
import { baselineReceiver, type BaselineMessage } from './baseline-job.ts';

/*
 * The statistical baseline's worker: a module worker of its own chunk, so the forecast
 * code never joins the page's first download and its minutes of arithmetic never block
 * typing. It answers each request with progress and rows (see baseline-job.ts); the page
 * ends a run it no longer wants by terminating the worker.
 */
const scope = workerScope<BaselineMessage>();
const receive = baselineReceiver((reply) => scope.postMessage(reply));

scope.onmessage = (event: MessageEvent<BaselineMessage>) => {
  if (event.data?.type === 'part' || event.data?.type === 'end') receive(event.data);
};
