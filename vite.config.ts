import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin, Rollup } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/** The brand colour of client/src/app.css (`--brand`): the browser's title bar when installed. */
const THEME_COLOR = '#3730a3';

/**
 * The solver's package loads `node:module` only when it runs in Node. In the page's worker
 * that branch never runs, so the import resolves to a stub that says so, instead of a
 * build warning about a Node module left out of a browser bundle.
 */
function nodeOnlyImports(): Plugin {
  const stub = '\0node-only-module';
  return {
    name: 'fulcrum-node-only-imports',
    enforce: 'pre',
    resolveId: (id) => (id === 'node:module' ? stub : null),
    load: (id) =>
      id === stub
        ? 'export function createRequire() { throw new Error("node:module runs only in Node"); }'
        : null,
  };
}

/**
 * The page's first modules as entries of their own, loaded by script tags ahead of the
 * app's: on an invite link's first visit, client/src/early.ts asks the server for the
 * cycle, and client/src/early-doc.ts (with Yjs) builds the cycle's document from it, while
 * the app's much larger script is still downloading and compiling. (Vite folds every
 * module script of index.html into one entry, which runs only once all of the app's
 * scripts are in.) The app imports the same modules, so each runs once.
 *
 * Everything else the first page needs is one script. Left to itself the bundler makes a
 * chunk of every module the app shares with a view loaded later: 19 scripts, which a
 * browser fetches six at a time over HTTP/1.1, with the cycle's state queued behind them
 * (measured: scripts in at 400 to 540 ms; as one, at about 200). So every module the app
 * imports statically goes into its entry, except the early scripts', which keep theirs.
 */
function earlyEntry(): Plugin {
  const early = fileURLToPath(new URL('./client/src/early.ts', import.meta.url));
  const earlyDoc = fileURLToPath(new URL('./client/src/early-doc.ts', import.meta.url));
  const earlyModules = new Set<string>();
  const earlyDocModules = new Set<string>();
  return {
    name: 'fulcrum-early-entry',
    apply: 'build',
    config: () => ({
      build: {
        rollupOptions: {
          input: {
            index: fileURLToPath(new URL('./client/index.html', import.meta.url)),
            early,
            earlyDoc,
          },
          output: {
            codeSplitting: {
              groups: [
                // The document's script: Yjs and what it takes to build the document.
                {
                  name: 'earlyDoc',
                  priority: 2,
                  test: (id: string) => earlyDocModules.has(id),
                  includeDependenciesRecursively: false,
                },
                {
                  name: 'index',
                  priority: 1,
                  tags: ['$initial'],
                  test: (id: string) => !earlyModules.has(id),
                  // Not the first early script's modules, which the app's modules import.
                  includeDependenciesRecursively: false,
                },
              ],
            },
          },
        },
      },
    }),
    // Each early script and every module it imports (the document's script imports the
    // first, whose modules stay there), before the chunks are made.
    buildEnd() {
      const reach = (id: string, into: Set<string>) => {
        if (earlyModules.has(id) || into.has(id)) return;
        into.add(id);
        for (const next of this.getModuleInfo(id)?.importedIds ?? []) reach(next, into);
      };
      reach(early, earlyModules);
      reach(earlyDoc, earlyDocModules);
    },
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => {
        const entry = (name: string) => {
          const chunk = Object.values(context.bundle ?? {}).find(
            (output): output is Rollup.OutputChunk =>
              output.type === 'chunk' && output.isEntry && output.name === name,
          );
          if (!chunk) throw new Error(`The build has no ${name} entry (client/src/)`);
          return chunk;
        };
        const first = entry('early');
        const doc = entry('earlyDoc');
        // The document's script may import the first early script, nothing else.
        for (const [chunk, what, allowed] of [
          [first, 'early script', []],
          [doc, 'early document script', [first.fileName]],
        ] as const) {
          const others = chunk.imports.filter(
            (name) => !(allowed as readonly string[]).includes(name),
          );
          if (others.length > 0) {
            throw new Error(
              `The ${what} imports ${others.join(', ')}: it would wait for the app's scripts`,
            );
          }
        }
        return [first, doc].map((chunk) => ({
          tag: 'script',
          attrs: { type: 'module', async: true, crossorigin: true, src: `/${chunk.fileName}` },
          injectTo: 'head-prepend' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [
    // The Svelte config sits at the repository root, beside this file, not in the Vite root.
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }),
    earlyEntry(),
    // The app shell offline: a service worker that precaches the built page, so a cycle
    // kept on the device opens with no network. The app registers it itself
    // (client/src/device/service-worker.ts), in production builds only.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'Fulcrum',
        short_name: 'Fulcrum',
        description: 'The live S&OP plan and meeting workspace',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME_COLOR,
        background_color: '#f4f5f8',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      // The icon is precached by the glob below; listed twice it would be fetched twice.
      includeManifestIcons: false,
      workbox: {
        // Everything the page needs to start. The web manifest is precached too: the
        // plugin adds it itself (with its own revision), so the glob leaves it out.
        globPatterns: ['**/*.{js,css,html,svg,ico}'],
        navigateFallback: '/index.html',
        // The API, the sync socket and the health check always go to the server.
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/sync(\/|$)/, /^\/healthz$/],
        cleanupOutdatedCaches: true,
        // The solver's WebAssembly (3.5 MB) is kept once first used, not downloaded up
        // front: its name carries its hash, so the copy kept is never stale.
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.endsWith('.wasm'),
            handler: 'CacheFirst',
            options: { cacheName: 'fulcrum-webassembly' },
          },
        ],
      },
    }),
    // Each script and style also as .br and .gz beside it, which the server sends to a
    // browser that takes them (server/app.ts): a first visit downloads about a third.
    compression({
      include: /\.(js|css|html|svg|wasm|webmanifest)$/,
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      logLevel: 'silent',
    }),
  ],
  worker: {
    plugins: () => [nodeOnlyImports()],
  },
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
    testTimeout: 20_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    projects: [
      {
        extends: true,
        // The soak (tests/soak) runs on its own: npm run test:soak.
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/soak/**'],
        },
      },
      // Builds the client once per run for the browser tests (provides `clientDir`),
      // only when a browser test is part of the run.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
