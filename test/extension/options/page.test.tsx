// The options page against a real bridge (and a real Dovecot for accounts),
// driven the way a user does: controls found by their accessible names.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Status } from '@/bridge/api-types';
import { App } from '@/entrypoints/options/App';
import { nativeAttempt, pairing } from '@/utils/storage/pairing';
import { settings } from '@/utils/storage/settings';
import { aliceAccount } from '../../support/bridge';
import { startDovecot, type Dovecot } from '../../support/dovecot';
import { spawnBridge, type BridgeProcess } from '../support/bridge-process';
import { installI18n } from '../support/fake-i18n';
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
  await bridge?.stop();
  bridge = undefined;
});

/**
 * A bridge the page may talk to. happy-dom's fetch acts like a web page (an
 * Origin header, CORS), which the bridge rightly refuses; served from the
 * bridge's own origin, the page's requests carry no Origin, like an extension
 * page's requests to a host it has permission for.
 */
async function serveBridge(accounts: unknown[] = []): Promise<BridgeProcess> {
  bridge = await spawnBridge(accounts);
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${bridge.url}/options.html`);
  return bridge;
}

/** GET a bridge route as the test (not the page) with the token. */
async function api<T>(b: BridgeProcess, route: string): Promise<T> {
  const response = await fetch(b.url + route, { headers: { Authorization: `Bearer ${b.token}` } });
  return (await response.json()) as T;
}

async function renderPaired(b: BridgeProcess) {
  await pairing.setValue({ url: b.url, token: b.token });
  render(<App />);
  return screen.findByRole('heading', { name: 'Accounts' });
}

function type(label: string | RegExp, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

function section(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

/** Opens "Pair by hand", folded away while the extension pairs itself. */
async function manualPairing(): Promise<HTMLElement> {
  const summary = await screen.findByText(/Pair by hand/);
  const details = summary.closest('details')!;
  if (!details.open) fireEvent.click(summary);
  return details;
}

describe('options page', { timeout: 30_000 }, () => {
  it('saves the bridge URL and token it was given', async () => {
    render(<App />);
    const form = await manualPairing();
    expect(await screen.findByRole('textbox', { name: 'Bridge URL' })).toHaveProperty('value', 'http://127.0.0.1:7143');

    type('Bridge URL', 'http://localhost:7200/');
    type('Token', `  ${'a'.repeat(43)}  `);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await until(() => expect(within(form).getByRole('status').textContent).toBe('Saved.'));
    expect(await pairing.getValue()).toEqual({ url: 'http://localhost:7200', token: 'a'.repeat(43), source: 'manual' });
  });

  it('refuses a bridge URL that is not on this computer', async () => {
    render(<App />);
    const form = await manualPairing();
    type('Bridge URL', 'https://mail.example.com/');
    type('Token', 'a'.repeat(43));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await until(() => expect(within(form).getByRole('status').textContent).toMatch(/on this computer/));
    expect(await pairing.getValue()).toBeNull();
  });

  it('"Test connection" reports a working bridge and its account count', async () => {
    const b = await serveBridge();
    render(<App />);
    const form = await manualPairing();
    type('Bridge URL', b.url);
    type('Token', b.token);

    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));

    await until(() => expect(within(form).getByRole('status').textContent).toBe('Connected to the bridge. Accounts: 0.'));
    expect(await pairing.getValue()).toBeNull(); // testing doesn't save
  });

  it('"Test connection" says when the bridge refuses the token', async () => {
    const b = await serveBridge();
    render(<App />);
    const form = await manualPairing();
    type('Bridge URL', b.url);
    type('Token', 'wrong'.repeat(9));

    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));

    await until(() => expect(within(form).getByRole('status').textContent).toMatch(/refused this token/));
  });

  it('"Test connection" says when nothing answers at the URL', async () => {
    const b = await serveBridge();
    const { port } = b;
    await b.stop();
    bridge = undefined;
    render(<App />);
    const form = await manualPairing();
    type('Bridge URL', `http://127.0.0.1:${port}`);
    type('Token', 'a'.repeat(43));

    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));

    await until(() =>
      expect(within(form).getByRole('status').textContent).toBe(`No answer from http://127.0.0.1:${port}. Is the bridge running?`),
    );
  });

  it('gives the one next step when it could not pair itself, and pairs on "Try again" once the host is there', async () => {
    const b = await serveBridge();
    await nativeAttempt.setValue({ at: Date.now(), ok: false, detail: 'Specified native messaging host not found.' });
    const host = vi.fn(async () => ({ type: 'bridge', url: b.url, token: b.token, started: true }));
    Object.assign(fakeBrowser.runtime, { sendNativeMessage: host });
    render(<App />);

    const setup = await screen.findByRole('region', { name: 'One step left: set up the bridge' });
    expect(within(setup).getByText('postbode setup')).toBeTruthy();
    expect(await within(setup).findByText(/native messaging host not found/)).toBeTruthy();

    fireEvent.click(within(setup).getByRole('button', { name: 'Try again' }));

    await until(async () => expect(await pairing.getValue()).toEqual({ url: b.url, token: b.token, source: 'native' }));
    expect(await screen.findByText(`Paired automatically with the bridge on this computer (${b.url}).`)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'One step left: set up the bridge' })).toBeNull();
  });

  it("lists the bridge's accounts with their state and unread count", async () => {
    const b = await serveBridge([
      aliceAccount(dovecot),
      { ...aliceAccount(dovecot), id: 'typo', name: 'Typo', imap: { ...aliceAccount(dovecot).imap, password: 'wrong' } },
    ]);
    await until(async () => expect((await api<Status>(b, '/v1/status')).accounts.map((a) => a.state)).toEqual(['ok', 'auth-error']));
    await renderPaired(b);

    const list = screen.getByRole('region', { name: 'Accounts' });
    await until(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first!.textContent).toContain('Alice');
    expect(first!.textContent).toContain('connected');
    expect(first!.textContent).toContain('0 unread');
    expect(second!.textContent).toContain('Typo');
    expect(second!.textContent).toContain('sign-in failed');
  });

  it('adds an account through the bridge, which checks the login first', async () => {
    const b = await serveBridge();
    await renderPaired(b);
    const form = await screen.findByRole('form', { name: 'Add account' });
    const fill = (password: string) => {
      type('Email', 'alice@example.test');
      type('Account label', 'Alice at home');
      type('IMAP user name', 'alice');
      type('Password or app password', password);
      type('IMAP host', '127.0.0.1');
      type('IMAP port', String(dovecot.port));
      // Plain IMAP is allowed to a server on this machine only.
      fireEvent.change(screen.getByLabelText('IMAP security'), { target: { value: 'none' } });
    };

    // The address first: "Next" looks it up (nothing known for example.test) and shows the rest.
    type('Email', 'alice@example.test');
    fireEvent.click(within(form).getByRole('button', { name: 'Next' }));
    const add = await within(form).findByRole('button', { name: 'Add account' }, { timeout: 10_000 });
    fill('not-her-password');
    fireEvent.click(add);
    await until(() => expect(within(form).getByRole('status').textContent).toMatch(/^Could not add the account/));
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);

    fill(dovecot.users.alice!);
    fireEvent.click(within(form).getByRole('button', { name: 'Add account' }));

    await until(() => expect(within(form).getByRole('status').textContent).toBe('Added Alice at home.'));
    await until(() => expect(screen.getAllByRole('listitem')[0]?.textContent).toContain('Alice at home'));
    expect(await api(b, '/v1/accounts')).toEqual([
      expect.objectContaining({
        name: 'Alice at home',
        email: 'alice@example.test',
        imap: expect.objectContaining({ host: '127.0.0.1', port: dovecot.port, security: 'none', user: 'alice' }),
      }),
    ]);
  });

  it('removes an account through the bridge after asking once more', async () => {
    const b = await serveBridge([aliceAccount(dovecot)]);
    await renderPaired(b);

    fireEvent.click(await screen.findByRole('button', { name: 'Remove Alice' }));
    expect(screen.getByText(/Remove Alice from the bridge\?/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove account' }));

    await until(() => expect(screen.getByText('Removed Alice.')).toBeTruthy());
    expect(await api(b, '/v1/accounts')).toEqual([]);
    await until(() => expect(screen.getByText('No accounts yet.')).toBeTruthy());
  });

  it('saves the refresh interval within 1–60 minutes, and the notifications switch', async () => {
    render(<App />);
    const minutes = await screen.findByRole('spinbutton', { name: 'Refresh interval (minutes)' });
    expect(minutes).toHaveProperty('value', '1');

    fireEvent.input(minutes, { target: { value: '90' } });
    fireEvent.change(minutes);
    await until(async () => expect((await settings.getValue()).refreshMinutes).toBe(60));
    await until(() => expect(minutes).toHaveProperty('value', '60'));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Notifications for new mail' }));
    await until(async () => expect(await settings.getValue()).toEqual({ refreshMinutes: 60, notifications: false }));
  });

  it('asks to pair before it can show accounts', async () => {
    render(<App />);
    expect(await screen.findByText('Pair with the bridge first to manage accounts.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Add account' })).toBeNull();
  });
});
