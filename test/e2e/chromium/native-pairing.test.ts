// Pairing without typing, in Chromium (the journey: ../journeys/native-pairing.ts).
// `postbode setup --user-data-dir` registers the native host in the fresh profile the
// browser is then started with; the extension's fixed id is what the host manifest names.
import path from 'node:path';
import { expect, inject } from 'vitest';
import { CHROME_EXTENSION_ID } from '../../../shared/extension';
import { launchWithExtension } from '../../support/chromium';
import { ChromiumTab } from '../browsers/chromium';
import { nativePairingJourney } from '../journeys/native-pairing';

/** In the extension's worker, where `chrome` is the extension API. */
declare const chrome: typeof import('wxt/browser').browser;

nativePairingJourney({
  name: 'chromium',
  setupArgs: (profileDir) => ['--browser', 'chromium', '--user-data-dir', path.join(profileDir, 'profile')],
  async launch(profileDir) {
    const browser = await launchWithExtension(inject('extensionPaths').chromium, profileDir);
    // The manifest key gives the id the host manifest names, on every machine.
    expect(browser.id).toBe(CHROME_EXTENSION_ID);
    return {
      url: browser.url,
      badge: () => browser.worker().evaluate(() => chrome.action.getBadgeText({})),
      tabs: async () => browser.context.pages().map((page) => page.url()),
      newTab: async (viewport) => new ChromiumTab(await browser.newPage(viewport)),
      close: () => browser.context.close(),
    };
  },
});
