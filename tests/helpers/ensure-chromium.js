// Run by `npm test` before vitest: the browser tests need Debian's Chromium at /usr/bin/chromium.
// As root it installs the package with apt; otherwise it says what to run and stops.
import { existsSync } from 'node:fs';
import { installDebianPackage } from './apt-install.js';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  try {
    installDebianPackage(
      'ensure-chromium',
      'chromium',
      `the browser tests need Chromium at ${CHROMIUM} (about 30 s to install)`,
    );
    if (!existsSync(CHROMIUM))
      throw new Error(`apt installed chromium, but ${CHROMIUM} is still missing`);
    console.log(`ensure-chromium: installed ${CHROMIUM}.`);
  } catch (error) {
    console.error(`ensure-chromium: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
