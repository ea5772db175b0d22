// How Debian's Chromium is started with an unpacked extension here (TESTING.md): the
// e2e suite and the benchmarks launch it the same way.
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for headless Chromium with `extensionPath` loaded and no calls home. */
export function extensionLaunchArgs(extensionPath: string): string[] {
  return [
    `--disable-extensions-except=${extensionPath}`,
    `--load-extension=${extensionPath}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    // Without these Chromium keeps trying hosts this closed network refuses.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--lang=en-US', // the extension's strings (browser.i18n) follow the browser's UI language
  ];
}
