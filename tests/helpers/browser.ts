import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; `tests/helpers/ensure-chromium.js` installs it before the tests run. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags this machine needs (see docs/toolchain.md), for a launch or a persistent context. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with the flags this machine needs (see docs/toolchain.md). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}
