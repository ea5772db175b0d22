// A password that stopped working, fixed where the user sees it: the options page
// says "sign-in failed", "Fix sign-in" opens the account's editor at its password,
// the right one is saved through the bridge (which tests it first), and the account
// connects: the badge counts its mail. Nobody touches the config file.
import { ACCOUNT, expect, test as base } from '../fixtures';
import { spawnBridge } from '../support/bridge-process';

const SOON = { timeout: 15_000 };

/** The bridge of the other files, with alice's password mistyped. */
const test = base.override('bridge', { scope: 'file' }, async ({ mailServers: { dovecot, sink } }, { onCleanup }) => {
  const bridge = await spawnBridge({
    accounts: [
      {
        ...ACCOUNT,
        imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', password: 'mistyped', ca: dovecot.caPath },
        smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', password: sink.users.alice },
      },
    ],
  });
  onCleanup(() => bridge.close());
  await expect.poll(async () => (await bridge.status()).accounts[0]?.state, SOON).toBe('auth-error');
  return bridge;
});

test('a refused password is fixed from the options page, and the badge counts the mail', async ({ extension, mail, paired: _, options, mailServers }) => {
  await mail.deliver({ subject: 'Waiting for you', from: 'Bob <bob@example.test>', text: 'Arrived while the password was wrong.' });
  await expect.poll(() => extension.badge(), SOON).toBe('!');

  await options.open();
  const page = options.page.playwright;
  const row = page.getByRole('region', { name: 'Accounts' }).getByRole('listitem').filter({ hasText: 'alice@example.test' });
  await expect.poll(() => row.innerText(), SOON).toContain('sign-in failed');

  await row.getByRole('button', { name: 'Fix sign-in for Alice' }).click();
  const form = page.getByRole('form', { name: 'Settings of Alice' });
  const password = form.getByLabel('Password or app password', { exact: true });
  await expect.poll(() => password.evaluate((input) => input === document.activeElement), SOON).toBe(true);

  await page.keyboard.type(mailServers.dovecot.users.alice!);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await form.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor({ timeout: 20_000 });

  await expect.poll(() => row.innerText(), SOON).toContain('connected');
  await expect.poll(() => row.innerText(), SOON).toContain('1 unread');
  await expect.poll(() => extension.badge(), SOON).toBe('1');
  expect(await row.getByRole('button', { name: 'Fix sign-in for Alice' }).count()).toBe(0);
});
