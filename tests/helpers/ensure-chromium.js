// Run by `npm test` before vitest: the browser tests need Debian's Chromium at /usr/bin/chromium.
// As root it installs the package with apt; otherwise it says what to run and stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Runs a command with the terminal attached; exits the process if it fails.
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  console.log(`ensure-chromium: running ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) {
    console.error(`ensure-chromium: could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(
      `ensure-chromium: ${command} ${args.join(' ')} failed with exit code ${result.status}`,
    );
    process.exit(1);
  }
}

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `ensure-chromium: the browser tests need Chromium at ${CHROMIUM}, and it is not installed.\n` +
        'Install it as root with: apt-get update && apt-get install -y chromium',
    );
    process.exit(1);
  }
  console.log(
    `ensure-chromium: ${CHROMIUM} is missing; installing Debian's chromium package (about 30 s).`,
  );
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  if (!existsSync(CHROMIUM)) {
    console.error(`ensure-chromium: apt installed chromium, but ${CHROMIUM} is still missing.`);
    process.exit(1);
  }
  console.log(`ensure-chromium: installed ${CHROMIUM}.`);
}
