/** What the page needs of a worker: send, hear, end. A test gives a fake with the same shape. */
export interface BaselineWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/**
 * Starts the statistical baseline's module worker. Vite sees this `new Worker(new URL(...))`
 * and builds the worker and the forecast code it imports as a chunk of their own.
 */
export function startBaselineWorker(): BaselineWorker {
  return new Worker(new URL('./baseline.worker.ts', import.meta.url), {
    type: 'module',
    name: 'statistical-baseline',
  });
}
