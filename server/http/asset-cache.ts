import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

/** One variant of a built asset, as sent: its bytes and how they are encoded. */
interface CachedAsset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  encoding: 'br' | 'gzip' | null;
}

/** The encodings the build writes beside each asset, in the order they are preferred. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves the client's built assets (`/assets/*`) from memory once read: their names carry
 * a content hash, so a file never changes while the server runs. On a first visit the page
 * asks for its scripts and styles beside the cycle's state, then for each view's as it
 * opens; reading each from disk again put the state behind them. The brotli or gzip copy the build wrote beside an asset is
 * sent when the browser takes it. A name that is not a file falls through to `next`.
 */
export function cachedAssets(clientDir: string): MiddlewareHandler {
  const root = normalize(clientDir);
  const folder = join(root, 'assets') + sep;
  // Each file variant read so far (or being read); null: not there.
  const cache = new Map<string, Promise<CachedAsset | null>>();

  const variant = (file: string, encoding: CachedAsset['encoding'], suffix: string) => {
    const path = file + suffix;
    const kept = cache.get(path);
    if (kept) return kept;
    const read = readFile(path).then(
      (body): CachedAsset => ({
        body,
        type: getMimeType(file) ?? 'application/octet-stream',
        encoding,
      }),
      () => null,
    );
    // Requests at the same moment share one read; a name asked for in vain is let go once
    // answered, so such names never fill the memory.
    cache.set(path, read);
    void read.then((found) => {
      if (!found) cache.delete(path);
    });
    return read;
  };

  return async (c, next) => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(folder)) return next();
    const accepted = c.req.header('accept-encoding') ?? '';
    let asset: CachedAsset | null = null;
    for (const { name, suffix } of ENCODINGS) {
      if (!accepted.includes(name)) continue;
      asset = await variant(file, name, suffix);
      if (asset) break;
    }
    asset ??= await variant(file, null, '');
    if (!asset) return next();
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Vary', 'Accept-Encoding');
    if (asset.encoding) c.header('Content-Encoding', asset.encoding);
    if (c.req.method === 'HEAD') return c.body(null);
    return c.body(asset.body);
  };
}
