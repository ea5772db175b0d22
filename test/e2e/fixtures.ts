// The e2e fixture, Playwright style: a spec asks for what it needs by name and
// gets it ready, and torn down after. Per test file (scope 'file'): a Dovecot
// and an SMTP sink, the bridge started from its CLI, and one browser with the
// built extension. Per test: a fresh popup or options tab.
//
// The journeys (journeys/*.ts) run in Chromium and in Firefox: `testIn(browser)`
// gives the fixture for either. `test` is Chromium's and `firefoxTest` Firefox's, for
// what only one browser has.
import path from 'node:path';
import { expect, inject, test as base } from 'vitest';
import { startDovecot } from '../support/dovecot';
import { startSmtpSink } from '../support/smtp-sink';
import { launchChromium, type ChromiumExtension, type ChromiumTab } from './browsers/chromium';
import type { BrowserName, ExtensionBrowser, LaunchOptions, Tab } from './browsers/driver';
import { launchFirefox, type FirefoxExtension, type FirefoxTab } from './browsers/firefox';
import { launchExtension } from './browsers/launch';
import { OptionsPage, OPTIONS_VIEWPORT } from './pages/options';
import { PopupPage } from './pages/popup';
import { spawnBridge } from './support/bridge-process';
import { MailClient } from './support/mail-client';

export { expect };
export type { CreatedNotification } from './browsers/driver';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The extension builds the e2e global setup made (their own folder, see global-setup.ts). */
    extensionPaths: Record<BrowserName, string>;
  }
}

/** The account the bridge serves: alice on the file's Dovecot, sending through its sink. */
export const ACCOUNT = { id: 'alice', name: 'Alice', email: 'alice@example.test' };

/**
 * Where the screenshots test writes: the README's pictures only when asked
 * (`npm run screenshots`), so a test run leaves the checkout as it was.
 */
export const SCREENSHOTS = path.resolve(process.env.POSTBODE_UPDATE_SCREENSHOTS ? 'docs/screenshots' : '.tmp/screenshots');

/** The fixtures, for a browser launched by `launch`. */
function e2eTest<T extends Tab, E extends ExtensionBrowser<T>>(launch: (options?: LaunchOptions) => Promise<E>) {
  return base
    .extend('mailServers', { scope: 'file' }, async ({}, { onCleanup }) => {
      const [dovecot, sink] = await Promise.all([startDovecot(), startSmtpSink()]);
      onCleanup(async () => {
        await sink.close();
        await dovecot.close();
      });
      return { dovecot, sink };
    })
    /** Another IMAP client on the same mailbox: delivers, reads and deletes behind the extension's back. */
    .extend('mail', { scope: 'file' }, async ({ mailServers }) => new MailClient(mailServers.dovecot, 'alice'))
    /** The SMTP server replies go out through: it records what it receives. */
    .extend('outbox', { scope: 'file' }, async ({ mailServers }) => mailServers.sink)
    .extend('bridge', { scope: 'file' }, async ({ mailServers: { dovecot, sink } }, { onCleanup }) => {
      const bridge = await spawnBridge({
        // The "remote" image server of the tests is on 127.0.0.1, which the bridge
        // otherwise refuses to fetch from.
        allowPrivateRemoteImages: true,
        accounts: [
          {
            ...ACCOUNT,
            imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', password: dovecot.users.alice, ca: dovecot.caPath },
            smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', password: sink.users.alice },
          },
        ],
      });
      onCleanup(() => bridge.close());
      await bridge.waitUntilConnected();
      return bridge;
    })
    /** The browser with the extension; a file asks for other launch options with `override('extension', …)`. */
    .extend('extension', { scope: 'file' }, async ({}, { onCleanup }) => {
      const extension = await launch();
      onCleanup(() => extension.close());
      return extension;
    })
    /** The extension paired with the bridge through its options page, as a user does it. */
    .extend('paired', { scope: 'file' }, async ({ extension, bridge }) => {
      const tab = await extension.newTab(OPTIONS_VIEWPORT);
      const options = await new OptionsPage(tab, extension.url('options.html')).open();
      await options.pair(bridge.url, bridge.token);
      await tab.close();
      return true as const;
    })
    /**
     * The paired account, emptied for this test (INBOX, Trash, Archive, Sent), with
     * no notification open and the badge showing nothing: each test starts alike.
     */
    .extend('inbox', async ({ mail, extension, paired: _ }) => {
      await mail.empty();
      await extension.dismissNotifications();
      await expect.poll(() => extension.badge(), { timeout: 15_000 }).toBe('');
      return mail;
    })
    .extend('popup', async ({ extension }, { onCleanup }) => {
      const tab: T = await extension.newTab();
      onCleanup(() => tab.close());
      return new PopupPage(tab, extension.url('popup.html'));
    })
    .extend('options', async ({ extension }, { onCleanup }) => {
      const tab: T = await extension.newTab(OPTIONS_VIEWPORT);
      onCleanup(() => tab.close());
      return new OptionsPage(tab, extension.url('options.html'));
    });
}

/** The fixtures in Chromium, with what only Chromium offers (`extension.context`, a tab's Playwright `page`). */
export const test = e2eTest<ChromiumTab, ChromiumExtension>((options) => launchChromium(inject('extensionPaths').chromium, options));

/** The fixtures in Firefox, with what only Firefox offers (`extension.firefox`: prefs, its parent process). */
export const firefoxTest = e2eTest<FirefoxTab, FirefoxExtension>((options) => launchFirefox(inject('extensionPaths').firefox, options));

/** The fixtures in either browser, for the journeys both run. */
export function testIn(browser: BrowserName) {
  return e2eTest<Tab, ExtensionBrowser>((options) => launchExtension(browser, inject('extensionPaths')[browser], options));
}

/** A fixture-built test, in either browser. */
export type E2ETest = ReturnType<typeof testIn>;
