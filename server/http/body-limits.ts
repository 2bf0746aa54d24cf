import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** How many bytes a request body may hold; see `HttpSettings` in server/config.ts. */
export interface BodyLimits {
  /** `MAX_BODY_BYTES`: any request body (default 1 MiB). */
  maxBodyBytes: number;
  /** `MAX_IMPORT_BYTES`: the body of a cycle import, a whole cycle file (default 64 MiB). */
  maxImportBytes: number;
}

/** The body limits' defaults (see {@link BodyLimits}). */
export const BODY_LIMIT_DEFAULTS: BodyLimits = {
  maxBodyBytes: 1024 * 1024,
  maxImportBytes: 64 * 1024 * 1024,
};

/** `POST /api/workspaces/<w>/cycles/import`: the one route that takes a large body. */
const IMPORT_PATH = /^\/api\/workspaces\/[^/]+\/cycles\/import\/?$/;

/**
 * Refuses, with 413 and a sentence naming the limit, every request whose body is larger
 * than the limits allow. The bytes are counted as they arrive (hono's `bodyLimit`), so a
 * chunked body with no `Content-Length`, or one sent slowly, is refused as soon as it
 * passes the limit, before it is kept in memory whole.
 */
export function bodyLimits(limits: BodyLimits): MiddlewareHandler {
  const limited = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(
          { error: `${what} is larger than the ${describeBytes(maxSize)} the server takes.` },
          413,
        ),
    });
  const general = limited(limits.maxBodyBytes, 'The request body');
  const importing = limited(limits.maxImportBytes, 'The cycle file');
  return (c, next) => (IMPORT_PATH.test(c.req.path) ? importing : general)(c, next);
}

/** `67108864` -> `64 MB`, `1536` -> `1.5 KB`, `900` -> `900 bytes`. */
export function describeBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GB'],
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}
