import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // Only shared/doc (and the relay, which holds rooms' documents) touches Yjs directly:
    // the page and the rest of shared/ read and write the document through it.
    files: ['client/**/*.ts', 'client/**/*.svelte', 'shared/**/*.ts', 'server/http/**/*.ts'],
    ignores: ['shared/doc/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['yjs', 'y-protocols', 'y-protocols/*'],
              message: 'Go through shared/doc: its commands are the only write path.',
            },
            {
              // The document is opaque outside shared/doc: its raw maps and Y.Doc stay inside.
              group: ['**/shared/doc/layout.ts', '**/shared/doc/cycle-doc.ts'],
              message: 'Import from shared/doc/index.ts: the raw layout stays inside shared/doc.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine is pure: plain data in, plain data out, the same in every browser and the server.
    files: ['shared/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'yjs',
                'y-*',
                'svelte',
                'svelte/*',
                'dexie',
                'hono',
                'hono/*',
                '@hono/*',
                'node:*',
              ],
              message: 'The engine is pure: no I/O, framework or sync imports.',
            },
          ],
        },
      ],
    },
  },
);
