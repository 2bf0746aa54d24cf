import { stat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ROOT_DIR } from './config.ts';

/** Files and folders whose changes make a built client out of date. */
export const CLIENT_SOURCES = ['client', 'shared', 'vite.config.ts', 'svelte.config.js'].map(
  (path) => resolve(ROOT_DIR, path),
);

/** True when `outDir/index.html` is missing or older than any client or shared source file. */
export async function isClientBuildStale(outDir: string): Promise<boolean> {
  const built = await modifiedAt(join(outDir, 'index.html'));
  if (built === null) return true;
  for (const source of CLIENT_SOURCES) {
    if ((await newestChange(source)) > built) return true;
  }
  return false;
}

/** Builds the client with the repository's vite.config.ts into `outDir`. */
export async function buildClient(outDir: string): Promise<void> {
  // Loaded only when a build is needed, so a start with a fresh build stays quick.
  const { build } = await import('vite');
  // Vite takes PROD from NODE_ENV, which a test runner sets to "test": the page would be
  // built as in development (no service worker, so no offline app). A build is for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: resolve(ROOT_DIR, 'vite.config.ts'),
      root: resolve(ROOT_DIR, 'client'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

async function modifiedAt(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** Newest modification time of a file, or of any file under a folder; 0 when missing. */
async function newestChange(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    newest = Math.max(newest, await newestChange(join(path, entry)));
  }
  return newest;
}
