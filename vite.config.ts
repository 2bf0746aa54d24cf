import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  // The Svelte config sits at the repository root, beside this file, not in the Vite root.
  plugins: [svelte({ configFile: '../svelte.config.js' })],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/sync': { target: 'ws://localhost:8080', ws: true },
    },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    // Builds the client once per run for the browser tests (provides `clientDir`).
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
