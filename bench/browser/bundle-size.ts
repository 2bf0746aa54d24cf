/**
 * What a browser downloads before the page can run: the entry script of the built
 * client's index.html, the chunks it preloads and every chunk they import statically,
 * each gzipped at level 9 (what a server sends with gzip; brotli would be smaller). The
 * chunks loaded later (charts, the notes editor) are listed apart, by name.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One JavaScript file of the build. */
export interface ChunkSize {
  /** Path under the client folder, e.g. `assets/index-Bx1.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The initial download and the chunks loaded on demand. */
export interface BundleReport {
  /** Entry, preloads and their static imports. */
  initial: ChunkSize[];
  initialGzipBytes: number;
  initialBytes: number;
  /** JavaScript the page loads only when a view needs it. */
  lazy: ChunkSize[];
  /** The service worker and its runtime: installed in the background, never on the path to the page. */
  serviceWorker: ChunkSize[];
  /** Stylesheets linked from index.html (not JavaScript; for reference). */
  css: ChunkSize[];
}

/** Measures the client built in `clientDir` (a `vite build` output folder). */
export async function measureBundle(clientDir: string): Promise<BundleReport> {
  const html = await readFile(join(clientDir, 'index.html'), 'utf8');
  const roots = [
    ...attributeValues(html, /<script\b[^>]*\btype="module"[^>]*>/g, 'src'),
    ...attributeValues(html, /<link\b[^>]*\brel="modulepreload"[^>]*>/g, 'href'),
  ];
  if (roots.length === 0) throw new Error(`${clientDir}/index.html loads no module script`);
  const cssFiles = attributeValues(html, /<link\b[^>]*\brel="stylesheet"[^>]*>/g, 'href');

  const initial = new Set<string>();
  const queue = roots.map(toFile);
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (initial.has(file)) continue;
    initial.add(file);
    const code = await readFile(join(clientDir, file), 'utf8');
    for (const target of staticImports(code)) {
      queue.push(target.startsWith('/') ? toFile(target) : posix.join(posix.dirname(file), target));
    }
  }

  const everyScript = await listScripts(clientDir);
  const serviceWorkerFiles = everyScript.filter((file) => /^(sw|workbox-[\w-]+)\.js$/.test(file));
  const lazyFiles = everyScript.filter(
    (file) => !initial.has(file) && !serviceWorkerFiles.includes(file),
  );
  const sizes = (files: Iterable<string>) =>
    Promise.all([...files].sort().map((file) => sizeOf(clientDir, file)));
  const initialSizes = await sizes(initial);
  return {
    initial: initialSizes,
    initialGzipBytes: sum(initialSizes.map((chunk) => chunk.gzipBytes)),
    initialBytes: sum(initialSizes.map((chunk) => chunk.bytes)),
    lazy: (await sizes(lazyFiles)).sort((a, b) => b.gzipBytes - a.gzipBytes),
    serviceWorker: await sizes(serviceWorkerFiles),
    css: await sizes(cssFiles.map(toFile)),
  };
}

/**
 * The modules a chunk imports statically: `import{a}from"./x.js"`, `import"./x.js"`,
 * `export{b}from"./y.js"`. Dynamic `import("./z.js")` is a lazy load and is skipped.
 */
export function staticImports(code: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) found.push(match[1]);
  return found;
}

function attributeValues(html: string, tag: RegExp, attribute: string): string[] {
  const values: string[] = [];
  for (const match of html.matchAll(tag)) {
    const value = new RegExp(`\\b${attribute}="([^"]+)"`).exec(match[0])?.[1];
    if (value) values.push(value);
  }
  return values;
}

/** `/assets/a.js` or `./assets/a.js` -> `assets/a.js`. */
function toFile(url: string): string {
  return posix.normalize(url.replace(/^\.?\//, ''));
}

async function listScripts(clientDir: string, under = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(clientDir, under), { withFileTypes: true })) {
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listScripts(clientDir, path)));
    else if (entry.name.endsWith('.js')) files.push(path);
  }
  return files;
}

async function sizeOf(clientDir: string, file: string): Promise<ChunkSize> {
  const bytes = await readFile(join(clientDir, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
