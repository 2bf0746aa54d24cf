import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { cachedAssets } from '../../../../server/http/asset-cache.ts';
import { makeTempDir } from '../../../helpers/server.ts';

async function appWith(files: Record<string, string>): Promise<Hono> {
  const dir = await makeTempDir('asset-cache');
  await mkdir(join(dir, 'assets'));
  for (const [name, text] of Object.entries(files))
    await writeFile(join(dir, 'assets', name), text);
  const app = new Hono();
  app.use('/assets/*', cachedAssets(dir));
  app.get('*', (c) => c.text('not an asset', 404));
  return app;
}

describe('the built assets served from memory', () => {
  it('answers requests made in the same instant for an asset without compressed copies', async () => {
    const app = await appWith({ 'small-1.js': 'console.log(1);' });
    // All start before any read ends: they share the reads, the missing copies included.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        app.request('/assets/small-1.js', { headers: { 'accept-encoding': 'br, gzip' } }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe('console.log(1);');
    }
  });

  it('passes on a name that is not a file, and one that leaves the folder', async () => {
    const app = await appWith({ 'a-1.js': 'a' });
    expect((await app.request('/assets/b-2.js')).status).toBe(404);
    expect(await (await app.request('/assets/..%2Fassets%2Fa-1.js')).text()).toBe('a');
    expect(await (await app.request('/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd')).text()).toBe(
      'not an asset',
    );
  });
});
