// Accounts set up and fixed on the options page, never in the config file:
// - a password that stopped working: the page says "sign-in failed", "Fix sign-in"
//   opens the account's editor at its password, the right one is saved through the
//   bridge (which tests it first), and the account connects: the badge counts its mail;
// - an account added by its address alone, the servers found by autoconfig (served
//   here, on loopback, through the bridge's POSTBODE_TEST_AUTOCONFIG_BASE).
// - and axe finds no serious accessibility violation with the editor open, an error
//   shown and the add form filled.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCOUNT, expect, test as base } from '../fixtures';
import { COLOR_SCHEMES, seriousViolations, useColorScheme } from '../support/axe';
import { spawnBridge } from '../support/bridge-process';

const SOON = { timeout: 15_000 };

/** The bridge of the other files, with alice's password mistyped. */
/** example.test's Thunderbird autoconfig file: plain IMAP and SMTP on this machine, the user name is the address's local part. */
function autoconfigXml(imapPort: number, smtpPort: number): string {
  const server = (tag: string, type: string, port: number) =>
    `<${tag} type="${type}"><hostname>127.0.0.1</hostname><port>${port}</port><socketType>plain</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication></${tag}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="example.test"><domain>example.test</domain><displayName>Example Mail</displayName>
${server('incomingServer', 'imap', imapPort)}${server('outgoingServer', 'smtp', smtpPort)}</emailProvider></clientConfig>`;
}

/** The bridge of the other files, with alice's password mistyped, and example.test's autoconfig served locally. */
const test = base.override('bridge', { scope: 'file' }, async ({ mailServers: { dovecot, sink } }, { onCleanup }) => {
  const xml = autoconfigXml(dovecot.port, sink.port);
  const files = createServer((request, response) => {
    const found = request.url?.startsWith('/autoconfig.example.test/mail/config-v1.1.xml');
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/xml' }).end(found ? xml : '');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  // The bridge process inherits this worker's environment.
  process.env.POSTBODE_TEST_AUTOCONFIG_BASE = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  const bridge = await spawnBridge({
    accounts: [
      {
        ...ACCOUNT,
        imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', password: 'mistyped', ca: dovecot.caPath },
        smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', password: sink.users.alice },
      },
    ],
  });
  delete process.env.POSTBODE_TEST_AUTOCONFIG_BASE;
  onCleanup(async () => {
    await bridge.close();
    await new Promise<void>((resolve) => files.close(() => resolve()));
  });
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

test('an account is added by its address alone, the servers found by autoconfig', async ({ paired: _, options, mailServers }) => {
  await options.open();
  const page = options.page.playwright;
  const form = page.getByRole('form', { name: 'Add account' });

  await form.getByLabel('Email', { exact: true }).fill('bob@example.test');
  await form.getByRole('button', { name: 'Next' }).click();
  await form.getByText('Settings for Example Mail filled in.').waitFor({ timeout: 15_000 });
  expect(await form.getByLabel('IMAP host', { exact: true }).inputValue()).toBe('127.0.0.1');
  expect(await form.getByLabel('IMAP user name', { exact: true }).inputValue()).toBe('bob');

  await form.getByLabel('Password or app password', { exact: true }).fill(mailServers.dovecot.users.bob!);
  await form.getByRole('button', { name: 'Add account' }).click();
  await form.getByRole('status').filter({ hasText: 'Added bob@example.test.' }).waitFor({ timeout: 20_000 });

  const row = page.getByRole('region', { name: 'Accounts' }).getByRole('listitem').filter({ hasText: 'bob@example.test' });
  await expect.poll(() => row.innerText(), SOON).toContain('connected');
});

test('the account editor, its errors and the filled add form have no serious accessibility violations, light or dark', async ({ paired: _, options }) => {
  await options.open();
  const page = options.page.playwright;
  await page.getByRole('button', { name: 'Edit Alice' }).click();
  const form = page.getByRole('form', { name: 'Settings of Alice' });
  await form.getByRole('checkbox', { name: /^Archive/ }).waitFor({ timeout: 15_000 });
  await form.getByLabel('Your name', { exact: true }).fill('A'.repeat(201));
  await form.getByRole('button', { name: 'Save changes' }).click();
  await form.getByText('Not saved: see the marked fields.').waitFor({ timeout: 15_000 });
  const add = page.getByRole('form', { name: 'Add account' });
  await add.getByLabel('Email', { exact: true }).fill('me@fastmail.com');
  await add.getByRole('button', { name: 'Next' }).click();
  await add.getByText(/Fastmail wants an app password/).waitFor({ timeout: 15_000 });

  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(options.page, scheme);
    expect(await seriousViolations(options.page), `options with the editor, ${scheme}`).toEqual([]);
  }
});
