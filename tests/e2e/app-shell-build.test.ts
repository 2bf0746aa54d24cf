import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

// The client the browser project's global setup built with vite.config.ts, as `npm start`
// serves it (no browser needed here: this reads the files).
const clientDir = inject('clientDir');

describe('the built app shell works offline', () => {
  it('has a service worker that precaches the page and its assets', async () => {
    // Minified or not (workbox minifies only in production mode): compare without spaces.
    const worker = (await readFile(join(clientDir, 'sw.js'), 'utf8')).replace(/\s+/g, '');
    const precached = new Set([...worker.matchAll(/"?url"?:"([^"]+)"/g)].map((match) => match[1]));
    for (const file of ['index.html', 'favicon.svg', 'manifest.webmanifest']) {
      expect(precached, file).toContain(file);
    }
    const index = await readFile(join(clientDir, 'index.html'), 'utf8');
    const assets = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(precached, asset).toContain(asset);
    // Pages fall back to the cached index.html, but the API, sync and health check never do.
    expect(worker).toContain('createHandlerBoundToURL("/index.html")');
    expect(worker).toContain('denylist:[/^\\/api(\\/|$)/,/^\\/sync(\\/|$)/,/^\\/healthz$/]');
    // The app registers the worker itself: no injected registration script.
    expect(index).not.toContain('registerSW.js');
    expect(index).toContain('<link rel="manifest" href="/manifest.webmanifest">');
  });

  it('has a manifest named Fulcrum in the brand colour of app.css', async () => {
    const manifest = JSON.parse(await readFile(join(clientDir, 'manifest.webmanifest'), 'utf8'));
    const css = await readFile(join(import.meta.dirname, '../../client/src/app.css'), 'utf8');
    const brand = /--brand:\s*(#[0-9a-fA-F]{3,8});/.exec(css)?.[1];
    expect(manifest).toMatchObject({ name: 'Fulcrum', theme_color: brand, start_url: '/' });
  });
});
