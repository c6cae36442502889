import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's headless Chromium, as the browser suites drive it. The machine reaches no network but
 * its package registries, so the flags keep Chromium from calling out (background networking,
 * component updates, sync); as root it runs without the sandbox.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
