/**
 * A module worker's global scope, as much of it as the page's workers use. The project's
 * types describe the page (the DOM library); declaring the worker library in a worker file
 * would change `addEventListener` and friends for every file, so each worker reads its
 * scope through this instead.
 */
export interface WorkerScope<Request> {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown): void;
}

/** The global scope of the worker this runs in. */
export function workerScope<Request>(): WorkerScope<Request> {
  return globalThis as unknown as WorkerScope<Request>;
}
