import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildClient } from '../../server/client-build.ts';
import { makeTempDir } from './server.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** Folder of the client built once for this test run. */
    clientDir: string;
  }
}

/**
 * Builds the client once per test run into a temporary folder, so browser tests serve
 * the real bundle without touching dist/ (where `npm start` may be serving from).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const clientDir = await makeTempDir('client');
  try {
    await buildClient(clientDir);
  } catch (error) {
    await rm(clientDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('clientDir', clientDir);
  return () => rm(clientDir, { recursive: true, force: true });
}
