// The scale-out tests start a private Redis from Debian's redis-server package (see
// tests/helpers/redis.ts), unless REDIS_URL names one. Run by `npm test` before vitest,
// and by that helper: as root it installs the package with apt; otherwise it says what
// to run and stops.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installDebianPackage } from './apt-install.js';

/** Where Debian's redis-server package puts the server. */
export const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * The path of redis-server, installing Debian's package first when it is missing and this
 * process runs as root. Throws, saying what to do, otherwise.
 * @returns {string}
 */
export function ensureRedisServer() {
  if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
  installDebianPackage(
    'ensure-redis',
    'redis-server',
    `the scale-out tests need Redis at ${REDIS_SERVER}`,
    'or set REDIS_URL to a Redis server the tests may use.',
  );
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`apt installed redis-server, but ${REDIS_SERVER} is still missing`);
  }
  console.log(`ensure-redis: installed ${REDIS_SERVER}.`);
  return REDIS_SERVER;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !process.env.REDIS_URL) {
  try {
    ensureRedisServer();
  } catch (error) {
    console.error(`ensure-redis: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
