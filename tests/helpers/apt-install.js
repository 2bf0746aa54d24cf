// Installs a program the tests need from Debian's packages, the way every `ensure-*`
// step does: only as root, with apt, and with one clear message otherwise.
import { spawnSync } from 'node:child_process';

/**
 * Runs a command with the terminal attached; throws when it fails.
 * @param {string} step the step's name for the log, e.g. `ensure-redis`
 * @param {string} command
 * @param {string[]} args
 */
function run(step, command, args) {
  console.log(`${step}: running ${command} ${args.join(' ')}`);
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
 * Installs Debian package `name` with apt. Throws when not root, saying what to run (and
 * `otherwise`, another way to give the tests what they need), or when apt fails.
 * @param {string} step the step's name for the log
 * @param {string} name the Debian package
 * @param {string} need what is missing, e.g. `the browser tests need Chromium at /usr/bin/chromium`
 * @param {string} [otherwise] another way, e.g. `or set REDIS_URL to a Redis server`
 */
export function installDebianPackage(step, name, need, otherwise = '') {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `${need}, and it is not installed.\nInstall it as root with: apt-get update && apt-get install -y ${name}` +
        (otherwise ? `\n${otherwise}` : ''),
    );
  }
  console.log(`${step}: installing Debian's ${name} package.`);
  run(step, 'apt-get', ['update']);
  run(step, 'apt-get', ['install', '-y', name]);
}
