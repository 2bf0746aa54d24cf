// The PostgreSQL tests start a private server from Debian's postgresql package (see
// tests/helpers/postgres.ts), unless DATABASE_URL names one. Run by `npm test` before
// vitest, and by that helper when it finds no server: as root it installs the package
// with apt; otherwise it says what to run and stops.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installDebianPackage } from './apt-install.js';

/** Where Debian's postgresql packages put each major version's programs. */
const POSTGRES_ROOT = '/usr/lib/postgresql';

/**
 * The bin folder of the newest PostgreSQL installed from Debian's packages
 * (/usr/lib/postgresql/<major>/bin, holding initdb and pg_ctl), or null.
 * @returns {string | null}
 */
export function findPostgresBin() {
  if (!existsSync(POSTGRES_ROOT)) return null;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(POSTGRES_ROOT, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/**
 * The bin folder of an installed PostgreSQL; installs Debian's postgresql package first
 * when there is none and this process runs as root. Throws, saying what to do, otherwise.
 * @returns {string}
 */
export function ensurePostgresBin() {
  const found = findPostgresBin();
  if (found) return found;
  installDebianPackage(
    'ensure-postgres',
    'postgresql',
    `the PostgreSQL tests need PostgreSQL's programs under ${POSTGRES_ROOT}/<version>/bin`,
    'or set DATABASE_URL to a PostgreSQL server where the tests may create databases.',
  );
  const installed = findPostgresBin();
  if (!installed) {
    throw new Error(
      `apt installed postgresql, but ${POSTGRES_ROOT}/<version>/bin/initdb is still missing`,
    );
  }
  console.log(`ensure-postgres: installed PostgreSQL in ${installed}.`);
  return installed;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !process.env.DATABASE_URL) {
  try {
    ensurePostgresBin();
  } catch (error) {
    console.error(`ensure-postgres: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
