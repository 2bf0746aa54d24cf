import loadHighs, { type Highs } from 'highs';
import wasmUrl from 'highs/runtime?url';
import { workerScope } from '../lib/worker-scope.ts';
import { optimizeReceiver, runOptimizeJob, type OptimizeMessage } from './optimize-job.ts';

/*
 * The constrained supply plan's worker: a module worker of its own chunk, so the solver
 * (HiGHS, WebAssembly) never joins the page's first download and its seconds of work never
 * block typing. It loads HiGHS once, on the first request, and answers each request in
 * turn (see optimize-job.ts); the page ends a solve it no longer wants by terminating it.
 */
const scope = workerScope<OptimizeMessage>();
const receive = optimizeReceiver();

let solver: Promise<Highs> | null = null;

scope.onmessage = async (event: MessageEvent<OptimizeMessage>) => {
  const type = event.data?.type;
  if (type !== 'part' && type !== 'optimize' && type !== 'replan') return;
  // Taken at once, before any wait: the parts of the next request may come meanwhile.
  const request = receive(event.data);
  if (!request) return;
  try {
    solver ??= loadHighs({ locateFile: () => wasmUrl });
    const highs = await solver;
    const reply = runOptimizeJob(highs, request);
    // A solver that failed may be left in a broken state: the next request loads it anew.
    if (reply.type === 'failed') solver = null;
    scope.postMessage(reply);
  } catch (error) {
    solver = null;
    scope.postMessage({
      type: 'failed',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
