import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyLimits, describeBytes } from '../../../../server/http/body-limits.ts';

describe('describeBytes', () => {
  it('names a limit the way a person reads it', () => {
    expect(describeBytes(64 * 1024 * 1024)).toBe('64 MB');
    expect(describeBytes(1024 * 1024)).toBe('1 MB');
    expect(describeBytes(1536)).toBe('1.5 KB');
    expect(describeBytes(900)).toBe('900 bytes');
    expect(describeBytes(1)).toBe('1 byte');
    expect(describeBytes(2 * 1024 * 1024 * 1024)).toBe('2 GB');
  });
});

describe('bodyLimits', () => {
  const app = new Hono();
  app.use('*', bodyLimits({ maxBodyBytes: 10, maxImportBytes: 100 }));
  app.post('*', async (c) => c.json({ length: (await c.req.text()).length }));

  const post = (path: string, body: string) => app.request(path, { method: 'POST', body });

  it('holds the import route to the import limit and every other route to the body limit', async () => {
    const imported = await post('/api/workspaces/acme/cycles/import', 'x'.repeat(100));
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ length: 100 });
    const tooLarge = await post('/api/workspaces/acme/cycles/import', 'x'.repeat(101));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      error: 'The cycle file is larger than the 100 bytes the server takes.',
    });

    expect((await post('/api/workspaces/acme/cycles/2026-12/next', 'x'.repeat(10))).status).toBe(
      200,
    );
    const other = await post('/api/workspaces/acme/cycles/2026-12/next', 'x'.repeat(11));
    expect(other.status).toBe(413);
    expect(await other.json()).toEqual({
      error: 'The request body is larger than the 10 bytes the server takes.',
    });
    // A path that only looks like the import is held to the body limit.
    expect((await post('/api/workspaces/acme/cycles/import/more', 'x'.repeat(50))).status).toBe(
      413,
    );
  });
});
