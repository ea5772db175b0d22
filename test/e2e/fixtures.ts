// The e2e fixture, Playwright style: a spec asks for what it needs by name and
// gets it ready, and torn down after. Per test file (scope 'file'): a Dovecot
// and an SMTP sink, the bridge started from its CLI, and one Chromium with the
// built extension. Per test: a fresh popup or options tab.
import path from 'node:path';
import { expect, inject, test as base } from 'vitest';
import { startDovecot } from '../support/dovecot';
import { startSmtpSink } from '../support/smtp-sink';
import { OptionsPage, OPTIONS_VIEWPORT } from './pages/options';
import { PopupPage } from './pages/popup';
import { spawnBridge } from './support/bridge-process';
import { launchExtension } from './support/chromium';
import { MailClient } from './support/mail-client';

export { expect };
export type { CreatedNotification } from './support/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The extension build the e2e global setup made (its own folder, see global-setup.ts). */
    extensionPath: string;
  }
}

/** The account the bridge serves: alice on the file's Dovecot, sending through its sink. */
export const ACCOUNT = { id: 'alice', name: 'Alice', email: 'alice@example.test' };

/**
 * Where the screenshots test writes: the README's pictures only when asked
 * (`npm run screenshots`), so a test run leaves the checkout as it was.
 */
export const SCREENSHOTS = path.resolve(process.env.POSTBODE_UPDATE_SCREENSHOTS ? 'docs/screenshots' : '.tmp/screenshots');

export const test = base
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
  .extend('extension', { scope: 'file' }, async ({}, { onCleanup }) => {
    const extension = await launchExtension(inject('extensionPath'));
    onCleanup(() => extension.close());
    return extension;
  })
  /** The extension paired with the bridge through its options page, as a user does it. */
  .extend('paired', { scope: 'file' }, async ({ extension, bridge }) => {
    const page = await extension.newPage(OPTIONS_VIEWPORT);
    const options = await new OptionsPage(page, extension.url('options.html')).open();
    await options.pair(bridge.url, bridge.token);
    await page.close();
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
    const page = await extension.newPage();
    onCleanup(() => page.close());
    return new PopupPage(page, extension.url('popup.html'));
  })
  .extend('options', async ({ extension }, { onCleanup }) => {
    const page = await extension.newPage(OPTIONS_VIEWPORT);
    onCleanup(() => page.close());
    return new OptionsPage(page, extension.url('options.html'));
  });
