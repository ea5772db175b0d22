// Editing and fixing accounts on the options page, against a real bridge and a real
// Dovecot, driven the way a user does: controls found by their accessible names.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AccountView, Status } from '@/bridge/api-types';
import { App } from '@/entrypoints/options/App';
import { pairing } from '@/utils/storage/pairing';
import { lastStatus } from '@/utils/storage/status';
import { aliceAccount } from '../../support/bridge';
import { startOAuthServer } from '../../support/oauth-server';
import { startDovecot, type Dovecot } from '../../support/dovecot';
import { spawnBridge, type BridgeProcess } from '../support/bridge-process';
import { en, installI18n } from '../support/fake-i18n';
import { until } from '../support/worker';

let dovecot: Dovecot;
let bridge: BridgeProcess | undefined;

beforeAll(async () => {
  dovecot = await startDovecot();
}, 30_000);

afterAll(async () => {
  await dovecot?.close();
});

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  history.replaceState(null, '', location.pathname);
  await bridge?.stop();
  bridge = undefined;
});

const run = promisify(execFile);

/** A bridge served from its own origin, so the page's requests carry no Origin (see page.test.tsx). */
async function serveBridge(accounts: unknown[] = []): Promise<BridgeProcess> {
  bridge = await spawnBridge(accounts);
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${bridge.url}/options.html`);
  return bridge;
}

async function api<T>(b: BridgeProcess, route: string): Promise<T> {
  const response = await fetch(b.url + route, { headers: { Authorization: `Bearer ${b.token}` } });
  return (await response.json()) as T;
}

async function account(b: BridgeProcess, id: string): Promise<AccountView> {
  return (await api<AccountView[]>(b, '/v1/accounts')).find((a) => a.id === id)!;
}

/** The bridge's status once `check` holds for it. */
async function statusWhen(b: BridgeProcess, check: (status: Status) => boolean): Promise<Status> {
  let status: Status | undefined;
  await until(async () => {
    status = await api<Status>(b, '/v1/status');
    expect(check(status)).toBe(true);
  }, 20_000);
  return status!;
}

async function renderPaired(b: BridgeProcess) {
  await pairing.setValue({ url: b.url, token: b.token });
  render(<App />);
  await screen.findByRole('heading', { name: 'Accounts' });
}

/** Opens the row's editor and answers it once its fields are there. */
async function openEditor(name: string): Promise<HTMLElement> {
  fireEvent.click(await screen.findByRole('button', { name: `Edit ${name}` }));
  return screen.findByRole('form', { name: `Settings of ${name}` });
}

function type(scope: HTMLElement, label: string, value: string) {
  fireEvent.input(within(scope).getByLabelText(label), { target: { value } });
}

const TYPO = (d: Dovecot) => ({ ...aliceAccount(d), id: 'typo', name: 'Typo', imap: { ...aliceAccount(d).imap, password: 'wrong' } });
const SAVED = en('options_edit_saved');

describe('editing an account', { timeout: 40_000 }, () => {
  it('saves each kind of field in place, and a password left empty keeps the saved one', async () => {
    const b = await serveBridge([aliceAccount(dovecot)]);
    await statusWhen(b, (s) => s.accounts[0]?.state === 'ok');
    await renderPaired(b);
    const form = await openEditor('Alice');

    // What is saved shows, secrets excepted; the first field has the focus.
    await until(() => expect(document.activeElement).toBe(within(form).getByLabelText('Your name')));
    expect(within(form).getByLabelText('IMAP host')).toHaveProperty('value', '127.0.0.1');
    expect(within(form).getByLabelText('IMAP CA file')).toHaveProperty('value', dovecot.caPath);
    expect(within(form).getByLabelText('Password or app password')).toHaveProperty('value', '');
    expect(within(form).getByText('Leave empty to keep the saved password.')).toBeTruthy();

    type(form, 'Your name', 'Alice Adams');
    type(form, 'Account label', 'Alice at home');
    type(form, 'Webmail URL (optional)', 'https://webmail.example.test/');
    // Plain IMAP on this machine: port, security and CA change, the password stays.
    type(form, 'IMAP port', String(dovecot.port));
    fireEvent.change(within(form).getByLabelText('IMAP security'), { target: { value: 'none' } });
    type(form, 'IMAP CA file', '');
    // The folder list comes from the server, with unread counts.
    const archive = await within(form).findByRole('checkbox', { name: /^Archive/ });
    expect(within(form).getByRole('checkbox', { name: /^Inbox/ })).toHaveProperty('checked', true);
    fireEvent.click(archive);

    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await until(() => expect(within(form).getByRole('status').textContent).toBe(SAVED), 20_000);
    expect(await account(b, 'alice')).toMatchObject({
      name: 'Alice at home',
      senderName: 'Alice Adams',
      webmailUrl: 'https://webmail.example.test/',
      watch: ['INBOX', 'Archive'],
      imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', auth: 'password' },
    });
    expect((await account(b, 'alice')).imap.ca).toBeUndefined();
    await statusWhen(b, (s) => s.accounts[0]?.state === 'ok');

    // "Close" folds it away and gives the focus back to "Edit".
    const edit = await screen.findByRole('button', { name: 'Edit Alice at home' });
    fireEvent.click(within(form).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('form', { name: /^Settings of/ })).toBeNull();
    expect(document.activeElement).toBe(edit);
  });

  it('switches the sign-in to a password command', async () => {
    const b = await serveBridge([aliceAccount(dovecot)]);
    await renderPaired(b);
    const form = await openEditor('Alice');

    fireEvent.click(within(form).getByRole('radio', { name: 'A command that prints the password' }));
    // A new kind of sign-in has nothing saved to keep: the command is required.
    expect(within(form).getByLabelText('Password command')).toHaveProperty('required', true);
    type(form, 'Password command', `printf %s ${dovecot.users.alice}`);
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await until(() => expect(within(form).getByRole('status').textContent).toBe(SAVED), 20_000);
    expect((await account(b, 'alice')).imap).toMatchObject({ auth: 'passwordCommand', passwordCommand: true });
  });

  it("shows the bridge's complaint next to its field, in the page's words, and keeps what was typed", async () => {
    const b = await serveBridge([aliceAccount(dovecot)]);
    await renderPaired(b);
    const form = await openEditor('Alice');

    type(form, 'Your name', 'A'.repeat(201));
    type(form, 'Webmail URL (optional)', 'https://webmail.example.test/');
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await until(() => expect(within(form).getByRole('status').textContent).toBe(en('options_edit_fields_failed')));
    const name = within(form).getByLabelText('Your name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const described = name.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toContainEqual(expect.stringMatching(/^The bridge refused this: .*200/));
    expect(name).toHaveProperty('value', 'A'.repeat(201));
    expect(within(form).getByLabelText('Webmail URL (optional)')).toHaveProperty('value', 'https://webmail.example.test/');
    expect((await account(b, 'alice')).senderName).toBeUndefined();
  });

  it('says beside the password when the server refuses a new one, and saves nothing', async () => {
    const b = await serveBridge([aliceAccount(dovecot)]);
    await renderPaired(b);
    const form = await openEditor('Alice');

    type(form, 'Password or app password', 'not-her-password');
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    await until(() => expect(within(form).getByText(/^The mail server refused this sign-in/)).toBeTruthy(), 20_000);
    expect(within(form).getByLabelText('Password or app password')).toHaveProperty('value', 'not-her-password');
    await statusWhen(b, (s) => s.accounts[0]?.state === 'ok');
  });
});

describe('Fix sign-in', { timeout: 40_000 }, () => {
  it('opens the editor at the password; the right one turns the account ok', async () => {
    const b = await serveBridge([TYPO(dovecot)]);
    await statusWhen(b, (s) => s.accounts[0]?.state === 'auth-error');
    await renderPaired(b);

    fireEvent.click(await screen.findByRole('button', { name: 'Fix sign-in for Typo' }));
    const form = await screen.findByRole('form', { name: 'Settings of Typo' });
    const password = within(form).getByLabelText('Password or app password');
    await until(() => expect(document.activeElement).toBe(password));

    fireEvent.input(password, { target: { value: dovecot.users.alice } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await until(() => expect(within(form).getByRole('status').textContent).toBe(SAVED), 20_000);

    // The background stores what the bridge pushes; here the test plays the background.
    await lastStatus.setValue(await statusWhen(b, (s) => s.accounts[0]?.state === 'ok'));
    const row = screen.getAllByRole('listitem')[0]!;
    await until(() => expect(row.textContent).toContain('connected'));
    expect(within(row).queryByRole('button', { name: 'Fix sign-in for Typo' })).toBeNull();
  });

  it('opened as options.html#account=ID (the popup\'s "Fix sign-in"), starts in that account\'s password', async () => {
    const b = await serveBridge([aliceAccount(dovecot), TYPO(dovecot)]);
    await statusWhen(b, (s) => s.accounts[1]?.state === 'auth-error');
    history.replaceState(null, '', '#account=typo');
    await renderPaired(b);

    const form = await screen.findByRole('form', { name: 'Settings of Typo' });
    await until(() => expect(document.activeElement).toBe(within(form).getByLabelText('Password or app password')));
    expect(screen.queryByRole('form', { name: 'Settings of Alice' })).toBeNull();
  });

  it("for an OAuth account, starts the sign-in and opens the provider's page in a tab", async () => {
    const oauth = { provider: 'google', clientId: 'postbode-test.apps.googleusercontent.com' };
    const b = await serveBridge([{ ...aliceAccount(dovecot), imap: { ...aliceAccount(dovecot).imap, password: undefined, oauth2: oauth } }]);
    await statusWhen(b, (s) => s.accounts[0]?.state === 'auth-error' && s.accounts[0].authKind === 'oauth2');
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await renderPaired(b);

    fireEvent.click(await screen.findByRole('button', { name: 'Fix sign-in for Alice' }));

    await until(() => expect(create).toHaveBeenCalledTimes(1));
    const url = new URL(create.mock.calls[0]![0].url!);
    expect(url.origin).toBe('https://accounts.google.com');
    expect(url.searchParams.get('client_id')).toBe(oauth.clientId);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });
});

describe('signing in with a code', { timeout: 40_000 }, () => {
  it("shows the provider's code and link for an OAuth account with a device endpoint, and says when the code was entered", async () => {
    const provider = await startOAuthServer();
    try {
      const oauth2 = { provider: 'custom', clientId: provider.clientId, authorizeUrl: provider.authorizeUrl, tokenUrl: provider.tokenUrl, deviceUrl: provider.deviceUrl, scopes: ['mail', 'offline_access'] };
      const b = await serveBridge([{ ...aliceAccount(dovecot), imap: { ...aliceAccount(dovecot).imap, password: undefined, oauth2 } }]);
      await renderPaired(b);
      const form = await openEditor('Alice');
      expect(within(form).getByText('Not signed in: sign in at the provider to connect.')).toBeTruthy();

      fireEvent.click(within(form).getByRole('button', { name: 'Sign in with a code' }));

      const steps = await within(form).findByText(/On any device, open this page and enter the code/, {}, { timeout: 10_000 });
      expect(within(steps).getByRole('link').textContent).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/device/);
      const code = within(steps).getByText(/^[A-Z-]{4,}$/).textContent!;

      // The user enters the code at the provider (in a browser of their own); the bridge
      // polls the provider, and the page the bridge.
      await run('node', ['--import', 'tsx', 'test/support/approve-device.ts', provider.issuer, code]);
      await within(form).findByText('Signed in with the code. The account connects now.', {}, { timeout: 30_000 });
      expect(within(form).getByText('Signed in at the provider.')).toBeTruthy();
      expect(within(form).queryByText(/On any device, open this page and enter the code/)).toBeNull();
    } finally {
      await provider.close();
    }
  });
});

describe('adding an account', { timeout: 40_000 }, () => {
  it('fills the servers and the way to sign in from the address, and leaves what the user typed', async () => {
    const b = await serveBridge();
    await renderPaired(b);
    const form = await screen.findByRole('form', { name: 'Add account' });

    const email = within(form).getByLabelText('Email');
    fireEvent.input(email, { target: { value: 'me@gmail.com' } });
    fireEvent.blur(email);
    await until(() => expect(within(form).getByLabelText('IMAP host')).toHaveProperty('value', 'imap.gmail.com'));
    expect(within(form).getByLabelText('IMAP port')).toHaveProperty('value', '993');
    expect(within(form).getByLabelText('SMTP host')).toHaveProperty('value', 'smtp.gmail.com');
    expect(within(form).getByLabelText('IMAP user name')).toHaveProperty('value', 'me@gmail.com');
    expect(within(form).getByRole('radio', { name: "The provider's sign-in page (OAuth)" })).toHaveProperty('checked', true);
    expect(within(form).getByText(/Gmail wants you to sign in on Google's own page/)).toBeTruthy();

    // The user overrides the IMAP host and the sign-in; another address fills only the rest.
    type(form, 'IMAP host', 'imap.example.test');
    fireEvent.click(within(form).getByRole('radio', { name: 'Password' }));
    fireEvent.input(email, { target: { value: 'me@fastmail.com' } });
    fireEvent.blur(email);
    await until(() => expect(within(form).getByLabelText('SMTP host')).toHaveProperty('value', 'smtp.fastmail.com'));
    expect(within(form).getByLabelText('IMAP host')).toHaveProperty('value', 'imap.example.test');
    expect(within(form).getByRole('radio', { name: 'Password' })).toHaveProperty('checked', true);
    expect(within(form).getByText(/Fastmail wants an app password here/)).toBeTruthy();
    expect(within(form).getByRole('link', { name: 'Make an app password' }).getAttribute('href')).toMatch(/^https:\/\/www\.fastmail\.help\//);
  });

  it('adds an OAuth account without a token, then opens the sign-in', async () => {
    const b = await serveBridge();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await renderPaired(b);
    const form = await screen.findByRole('form', { name: 'Add account' });

    const email = within(form).getByLabelText('Email');
    fireEvent.input(email, { target: { value: 'me@gmail.com' } });
    fireEvent.blur(email);
    await until(() => expect(within(form).getByLabelText('IMAP host')).toHaveProperty('value', 'imap.gmail.com'));
    type(form, 'OAuth client ID', 'mine.apps.googleusercontent.com');
    fireEvent.click(within(form).getByRole('button', { name: 'Add account' }));

    await until(() => expect(within(form).getByRole('status').textContent).toBe('Added me@gmail.com. Sign in on the page that opened.'), 20_000);
    expect(new URL(create.mock.calls[0]![0].url!).origin).toBe('https://accounts.google.com');
    expect((await account(b, 'me-gmail-com')).imap).toMatchObject({ auth: 'oauth2', signedIn: false, oauth2: { provider: 'google', clientId: 'mine.apps.googleusercontent.com' } });
  });
});

describe('the bridge token', () => {
  it('is hidden until "Show" is pressed', async () => {
    await pairing.setValue({ url: 'http://127.0.0.1:7143', token: 'a'.repeat(43), source: 'manual' });
    render(<App />);
    const token = await screen.findByLabelText('Token');
    expect(token).toHaveProperty('type', 'password');
    const show = screen.getByRole('button', { name: 'Show the token' });
    expect(show.getAttribute('aria-pressed')).toBe('false');

    fireEvent.click(show);

    expect(token).toHaveProperty('type', 'text');
    expect(token).toHaveProperty('value', 'a'.repeat(43));
    expect(show.getAttribute('aria-pressed')).toBe('true');
  });
});
