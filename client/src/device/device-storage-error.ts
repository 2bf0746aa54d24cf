/** Why the device store failed: the browser's storage is full, or anything else. */
export type DeviceStorageProblem = 'quota' | 'failed';

const QUOTA_MESSAGE =
  'This device has no room left to keep the cycle offline (browser storage is full): free some space; your edits are still being sent to the server while you are online.';

/**
 * A failure of the browser's store (IndexedDB), in words a person can act on. The
 * browser's own error is kept as `cause`.
 */
export class DeviceStorageError extends Error {
  override name = 'DeviceStorageError';
  readonly problem: DeviceStorageProblem;

  constructor(problem: DeviceStorageProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.problem = problem;
  }
}

/**
 * Turns what IndexedDB or Dexie threw while doing `action` (e.g. "save an edit of
 * acme/2026-12") into a {@link DeviceStorageError}. A full store is recognised wherever
 * the browser puts it: the error itself, or the cause of an aborted transaction.
 */
export function toDeviceStorageError(action: string, error: unknown): DeviceStorageError {
  if (error instanceof DeviceStorageError) return error;
  if (isQuotaError(error)) return new DeviceStorageError('quota', QUOTA_MESSAGE, { cause: error });
  return new DeviceStorageError(
    'failed',
    `This device could not ${action} (browser storage: ${describe(error)}). Reload the page to try again; your edits are still being sent to the server while you are online.`,
    { cause: error },
  );
}

/** Error names browsers give a full store (Firefox before 2020 used its own). */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
/** The legacy DOMException code of QUOTA_EXCEEDED_ERR. */
const QUOTA_CODE = 22;

function isQuotaError(error: unknown): boolean {
  // Dexie wraps the browser's error (`inner`); an aborted transaction names its cause.
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { name, code } = current as { name?: unknown; code?: unknown };
    if (typeof name === 'string' && QUOTA_NAMES.has(name)) return true;
    if (current instanceof DOMException && code === QUOTA_CODE) return true;
    const next = current as { inner?: unknown; cause?: unknown };
    current = next.inner ?? next.cause;
  }
  return false;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}
