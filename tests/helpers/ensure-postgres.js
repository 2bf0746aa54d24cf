// The PostgreSQL tests start a private server from Debian's postgresql package (see
// tests/helpers/postgres.ts), unless DATABASE_URL names one. Run by `npm test` before
// vitest, and by that helper when it finds no server: as root it installs the package
// with apt; otherwise it says what to run and stops.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 * Runs a command with the terminal attached; throws when it fails.
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  console.log(`ensure-postgres: running ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
}

/**
 * The bin folder of an installed PostgreSQL; installs Debian's postgresql package first
 * when there is none and this process runs as root. Throws, saying what to do, otherwise.
 * @returns {string}
 */
export function ensurePostgresBin() {
  const found = findPostgresBin();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `the PostgreSQL tests need PostgreSQL's programs under ${POSTGRES_ROOT}/<version>/bin, and they are not installed.\n` +
        'Install them as root with: apt-get update && apt-get install -y postgresql\n' +
        'or set DATABASE_URL to a PostgreSQL server where the tests may create databases.',
    );
  }
  console.log("ensure-postgres: PostgreSQL is missing; installing Debian's postgresql package.");
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'postgresql']);
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
