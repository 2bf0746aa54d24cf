import { vi } from 'vitest';

/**
 * Stubs the page's globals as a browser at `address` would have them, with a server that
 * answers the workspace's cycles list with `cycles` and the state route with `state`,
 * naming the cycle asked for (`newest`: the greatest of `cycles`). Returns the paths the
 * page asked for, in order. Undo with `vi.unstubAllGlobals()`.
 */
export function stubInvitePage(address: string, cycles: string[], state: Uint8Array): string[] {
  const asked: string[] = [];
  const stored = new Map<string, string>();
  vi.stubGlobal('location', new URL(address));
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => stored.set(key, value),
  });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      asked.push(path);
      if (path.endsWith('/cycles'))
        return Response.json({ cycles: cycles.map((cycle) => ({ cycle })) });
      const cycle = path.split('/').at(-2);
      return new Response(state as Uint8Array<ArrayBuffer>, {
        headers: { 'Fulcrum-Cycle': cycle === 'newest' ? [...cycles].sort().at(-1)! : cycle! },
      });
    }),
  );
  return asked;
}
