// Chrome's Local Network Access (LNA) gates requests from public web pages to
// the local network and loopback. The extension's calls to the bridge on
// 127.0.0.1 must not be caught by it: this checks both sides on this Chromium,
// so a Chromium that starts applying LNA to extensions turns this red.
import { inject, onTestFinished } from 'vitest';
import { launchChromium } from '../browsers/chromium';
import { expect, test } from '../fixtures';
import { OptionsPage, OPTIONS_VIEWPORT } from '../pages/options';
import { spawnBridge } from '../support/bridge-process';
import { startSpyServer } from '../support/spy-server';

test('the extension reaches the bridge on 127.0.0.1 with no prompt, while a page on a public address is blocked', async () => {
  const bridge = await spawnBridge({ accounts: [] });
  const localService = await startSpyServer();
  const publicSite = await startSpyServer();
  const localSite = await startSpyServer();
  // Chromium treats that one server as a site on the internet.
  const extension = await launchChromium(inject('extensionPaths').chromium, {
    chromiumArgs: [`--ip-address-space-overrides=${new URL(publicSite.origin).host}=public`],
  });
  onTestFinished(async () => {
    await extension.close();
    await Promise.all([bridge.close(), localService.close(), publicSite.close(), localSite.close()]);
  });

  // The extension: its pages and its worker (fetch and WebSocket) talk to loopback.
  const options = new OptionsPage(await extension.newTab(OPTIONS_VIEWPORT), extension.url('options.html'));
  await options.open();
  await options.pair(bridge.url, bridge.token);
  expect(await options.testConnection()).toBe('Connected to the bridge. Accounts: 0.');
  await expect.poll(() => extension.badge(), { timeout: 10_000 }).toBe('');
  expect(await extension.badgeTitle()).toBe('Postbode: 0 unread\nNo accounts yet: add one in the options.');
  const fromExtension = await options.page.evaluate((url: string) => fetch(url).then((r) => r.text()), `${localService.origin}/from-extension`);
  expect(fromExtension).toBe('seen');

  // A public page asking this machine is stopped before anything is sent; the same
  // page served from loopback gets through, so it is LNA that stops it.
  const ask = async (site: string, path: string) => {
    const { playwright: page } = await extension.newTab();
    await page.goto(`${site}/page`);
    return page.evaluate((url) => fetch(url).then(() => 'answered', (error: Error) => error.name), localService.origin + path);
  };
  expect(await ask(publicSite.origin, '/from-public-page')).toBe('TypeError');
  expect(await ask(localSite.origin, '/from-local-page')).toBe('answered');
  expect(localService.paths()).toEqual(['/from-extension', '/from-local-page']);
});
