// Pairing without typing: `postbode setup` registers the native host for the browser
// under a home of the test's own, no bridge runs, and on its first install the extension
// finds (and starts) the bridge of POSTBODE_CONFIG by itself: the badge shows the real
// count, the options page says it paired, the popup lists the mail, and nobody typed a
// token. Killed, the bridge comes back. Each browser reads host manifests from its own
// place (Chromium from its profile, `setup --user-data-dir`; Firefox from
// ~/.mozilla/native-messaging-hosts under its HOME): the entry files say how.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliceAccount, mail } from '../../support/bridge';
import { bridgeCli } from '../../support/bridge-cli';
import { freePorts, startDovecot, type Dovecot } from '../../support/dovecot';
import { bridgePids, stopPids, waitFor } from '../../support/processes';
import { writeTempConfig, type TempConfig } from '../../support/temp-config';
import { makeTempHome, type TempHome } from '../../support/temp-home';
import type { BrowserName, ExtensionBrowser } from '../browsers/driver';
import { OPTIONS_VIEWPORT, OptionsPage } from '../pages/options';
import { PopupPage } from '../pages/popup';

const run = promisify(execFile);

/** What the journey asks of the browser. */
export type PairingBrowser = Pick<ExtensionBrowser, 'url' | 'badge' | 'tabs' | 'newTab' | 'close'>;

/** How one browser is set up and started. */
export interface NativeHostBrowser {
  name: BrowserName;
  /** `postbode setup` arguments for this browser; `profileDir` is the folder `launch` gets. */
  setupArgs(profileDir: string): string[];
  /** The browser with the built extension, HOME at `home` (where setup wrote), its profile under `profileDir`. */
  launch(profileDir: string, home: string): Promise<PairingBrowser>;
}

/** Where the options page's picture goes, to look at (not one of the README's). */
const SCREENSHOT_DIR = path.resolve('.tmp/e2e');

/** In extension pages: `browser` in Firefox, `chrome` in both. */
declare const chrome: typeof import('wxt/browser').browser;

export function nativePairingJourney(target: NativeHostBrowser): void {
  let dovecot: Dovecot;
  let config: TempConfig;
  let home: TempHome;
  let profileDir: string;
  let browser: PairingBrowser | undefined;

  const deliver = (subject: string) => dovecot.append('alice', 'INBOX', mail({ subject, from: 'Bob <bob@example.test>', body: 'Hi\r\n' }));

  beforeAll(async () => {
    dovecot = await startDovecot();
    await deliver('One');
    await deliver('Two');
    const [port] = await freePorts(1);
    config = await writeTempConfig({ port, accounts: [aliceAccount(dovecot)], healthCheckSeconds: 60 });
    home = await makeTempHome();
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'postbode-profile-'));
    // As a user would, with the config the host is to pass on to the bridge it starts.
    const [node, args] = bridgeCli(['setup', ...target.setupArgs(profileDir), '--no-autostart']);
    await run(node, args, { env: { ...home.env, POSTBODE_CONFIG: config.configPath } });
    expect(bridgePids(config.configPath)).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (config) await stopPids(bridgePids(config.configPath));
    await dovecot?.close();
    await config?.remove();
    await home?.remove();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  });

  describe(`pairing through the native host, in ${target.name}`, { timeout: 120_000 }, () => {
    it('starts the bridge and shows the real unread count with nothing typed', async () => {
      browser = await target.launch(profileDir, home.home);
      const b = browser;

      await expect.poll(() => b.badge(), { timeout: 60_000 }).toBe('2');
      expect(bridgePids(config.configPath)).toHaveLength(1);
      // Paired on install: the options page, which a first install opens when it can't pair, never opened.
      expect(await b.tabs()).not.toContain(b.url('options.html'));

      const tab = await b.newTab(OPTIONS_VIEWPORT);
      const options = await new OptionsPage(tab, b.url('options.html')).open();
      const { pairing } = (await tab.evaluate(() => chrome.storage.local.get('pairing'))) as { pairing?: { url: string } };
      expect(pairing).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: config.token, source: 'native' });
      // What the user sees: paired by itself, with the account the bridge serves.
      await tab.getByText(`Paired automatically with the bridge on this computer (${pairing!.url}).`).waitFor();
      await expect.poll(() => options.accounts().allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('alice@example.test')]);
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await options.screenshot(path.join(SCREENSHOT_DIR, `native-pairing-${target.name}-options.png`));
      await tab.close();

      const popup = await new PopupPage(await b.newTab(), b.url('popup.html')).open();
      await expect.poll(async () => (await popup.shows('One')) && (await popup.shows('Two')), { timeout: 10_000 }).toBe(true);
      await popup.page.close();
    });

    it('brings a killed bridge back by itself, and the badge follows mail again', async () => {
      const [killed] = bridgePids(config.configPath);
      process.kill(killed!, 'SIGKILL');

      const [revived] = await waitFor(
        'a new bridge for the config',
        () => {
          const pids = bridgePids(config.configPath).filter((pid) => pid !== killed);
          return pids.length ? pids : undefined;
        },
        60_000,
      );
      expect(revived).not.toBe(killed);
      await deliver('Three');
      await expect.poll(() => browser!.badge(), { timeout: 60_000 }).toBe('3');
    });
  });
}
