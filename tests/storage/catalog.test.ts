import { join } from 'node:path';
import { MemoryCatalog } from '../../server/storage/memory-catalog.ts';
import { PostgresCatalog } from '../../server/storage/postgres-catalog.ts';
import { SqliteCatalog } from '../../server/storage/sqlite-catalog.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { tempDirsForFile } from '../helpers/relay.ts';
import { runCatalogContract } from './catalog-contract.ts';

const tempDir = tempDirsForFile();
const freshDatabase = postgresForFile();

runCatalogContract('MemoryCatalog', { open: async () => new MemoryCatalog() });

const files = new WeakMap<object, string>();
runCatalogContract('SqliteCatalog', {
  async open() {
    const file = join(await tempDir('catalog'), 'fulcrum.db');
    const catalog = new SqliteCatalog(file);
    files.set(catalog, file);
    return catalog;
  },
  async reopen(catalog) {
    const file = files.get(catalog)!;
    await catalog.close();
    return new SqliteCatalog(file);
  },
});

const urls = new WeakMap<object, string>();
runCatalogContract('PostgresCatalog', {
  async open() {
    const url = await freshDatabase();
    const catalog = await PostgresCatalog.open(url);
    urls.set(catalog, url);
    return catalog;
  },
  async reopen(catalog) {
    const url = urls.get(catalog)!;
    await catalog.close();
    const reopened = await PostgresCatalog.open(url);
    urls.set(reopened, url);
    return reopened;
  },
});
