/** What the page needs of a worker: send, hear, end. A test gives a fake with the same shape. */
export interface OptimizeWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/**
 * Starts the constrained plan's module worker. Vite sees this `new Worker(new URL(...))`
 * and builds the worker, the solver and the optimizer it imports as a chunk of their own.
 */
export function startOptimizeWorker(): OptimizeWorker {
  return new Worker(new URL('./optimize.worker.ts', import.meta.url), {
    type: 'module',
    name: 'constrained-plan',
  });
}
