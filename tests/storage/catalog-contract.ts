import { describe, expect, it } from 'vitest';
import type { Catalog, CycleEntry } from '../../server/storage/catalog.ts';

/** How a suite gets a catalog: `reopen` gives a new instance over the same data (if durable). */
export interface CatalogFactory {
  open(): Promise<Catalog>;
  /** Closes `catalog` and opens the same data again; omitted for catalogs that keep nothing. */
  reopen?(catalog: Catalog): Promise<Catalog>;
}

function entry(workspace: string, cycle: string, fields: Partial<CycleEntry> = {}): CycleEntry {
  return { workspace, cycle, title: `Cycle ${cycle}`, closedAt: null, createdAt: 1_000, ...fields };
}

/**
 * The contract every {@link Catalog} keeps (see server/storage/catalog.ts). Run it with a
 * factory per implementation: `runCatalogContract('SqliteCatalog', factory)`.
 */
export function runCatalogContract(name: string, factory: CatalogFactory): void {
  describe(`${name} keeps the catalog contract`, () => {
    async function withCatalog(test: (catalog: Catalog) => Promise<Catalog | void>): Promise<void> {
      const catalog = await factory.open();
      let current = catalog;
      try {
        current = (await test(catalog)) ?? catalog;
      } finally {
        await current.close();
      }
    }

    it('adds a cycle once, and lists a workspace’s cycles sorted by name', () =>
      withCatalog(async (catalog) => {
        expect(await catalog.cycle('acme', '2026-12')).toBeNull();
        expect(await catalog.addCycle(entry('acme', '2026-12'))).toBe(true);
        expect(await catalog.addCycle(entry('acme', '2026-12', { title: 'Other' }))).toBe(false);
        expect(await catalog.addCycle(entry('acme', '2026-02'))).toBe(true);
        expect(await catalog.addCycle(entry('beta', '2026-12'))).toBe(true);
        expect(await catalog.cycle('acme', '2026-12')).toEqual(entry('acme', '2026-12'));
        expect((await catalog.cycles('acme')).map((c) => c.cycle)).toEqual(['2026-02', '2026-12']);
        expect(await catalog.cycles('nobody')).toEqual([]);
        expect(await catalog.roomNames()).toEqual(['acme/2026-02', 'acme/2026-12', 'beta/2026-12']);
      }));

    it('updates the title and closing time of a cycle it holds, and no other', () =>
      withCatalog(async (catalog) => {
        await catalog.addCycle(entry('acme', '2026-12', { createdAt: 42 }));
        const closedAt = '2026-12-31T17:00:00.000Z';
        await catalog.updateCycle('acme', '2026-12', { title: 'December, agreed', closedAt });
        await catalog.updateCycle('acme', '2027-01', { title: 'Never created', closedAt: null });
        expect(await catalog.cycle('acme', '2026-12')).toEqual(
          entry('acme', '2026-12', { title: 'December, agreed', closedAt, createdAt: 42 }),
        );
        expect(await catalog.cycle('acme', '2027-01')).toBeNull();
        await catalog.updateCycle('acme', '2026-12', { title: '', closedAt: null });
        expect(await catalog.cycle('acme', '2026-12')).toMatchObject({ title: '', closedAt: null });
      }));

    it('revokes an invite once, with when and why', () =>
      withCatalog(async (catalog) => {
        expect(await catalog.revocation('abcdefghijkl')).toBeNull();
        const first = { inviteId: 'abcdefghijkl', revokedAt: 5_000, note: 'left the company' };
        expect(await catalog.revoke(first)).toBe(true);
        expect(await catalog.revoke({ ...first, revokedAt: 9_000, note: null })).toBe(false);
        expect(await catalog.revocation('abcdefghijkl')).toEqual(first);
        expect(await catalog.revocation('ABCDEFGHIJKL')).toBeNull();
      }));

    it('gives each revocation to a poll after it was stored, in order, and a cursor past it', () =>
      withCatalog(async (catalog) => {
        const start = await catalog.revocationsAfter(0);
        expect(start.revocations).toEqual([]);
        await catalog.revoke({ inviteId: 'invite-0001a', revokedAt: 1, note: null });
        await catalog.revoke({ inviteId: 'invite-0002b', revokedAt: 2, note: 'n' });
        const first = await catalog.revocationsAfter(start.cursor);
        expect(first.revocations.map((r) => r.inviteId)).toEqual(['invite-0001a', 'invite-0002b']);
        expect(first.cursor).toBeGreaterThan(start.cursor);
        await catalog.revoke({ inviteId: 'invite-0003c', revokedAt: 3, note: null });
        const second = await catalog.revocationsAfter(first.cursor);
        const ids = second.revocations.map((r) => r.inviteId);
        // A recent one may come again; the new one comes, last.
        expect(ids.at(-1)).toBe('invite-0003c');
        expect(ids.filter((id) => id === 'invite-0003c')).toHaveLength(1);
        expect(second.cursor).toBeGreaterThan(first.cursor);
        const all = await catalog.revocationsAfter(0);
        expect(all.revocations.map((r) => r.inviteId)).toEqual([
          'invite-0001a',
          'invite-0002b',
          'invite-0003c',
        ]);
      }));

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps cycles and revocations when it is closed and opened again', () =>
        withCatalog(async (catalog) => {
          await catalog.addCycle(entry('acme', '2026-12'));
          await catalog.revoke({ inviteId: 'abcdefghijkl', revokedAt: 7, note: null });
          const reopened = await reopen(catalog);
          expect(await reopened.cycle('acme', '2026-12')).toEqual(entry('acme', '2026-12'));
          expect(await reopened.revocation('abcdefghijkl')).toMatchObject({ revokedAt: 7 });
          const polled = await reopened.revocationsAfter(0);
          expect(polled.revocations.map((r) => r.inviteId)).toEqual(['abcdefghijkl']);
          // Numbers keep rising after a restart: a poller's cursor stays valid.
          await reopened.revoke({ inviteId: 'mnopqrstuvwx', revokedAt: 8, note: null });
          const later = await reopened.revocationsAfter(polled.cursor);
          expect(later.revocations.map((r) => r.inviteId)).toContain('mnopqrstuvwx');
          return reopened;
        }));
    }
  });
}
