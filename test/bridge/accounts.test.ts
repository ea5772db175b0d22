// Accounts through the API against a real Dovecot: listing without secrets, adding
// (login tested first), changing, removing, and the account state machine on bad
// credentials and password commands.
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { accountIn, stateOf, unreadIn } from '../support/status';

const USERS = { alice: 'alice-secret', bob: 'bob-secret', carol: 'carol-secret', dave: 'dave-secret' };

let dovecot: Dovecot;

beforeAll(async () => {
  dovecot = await startDovecot({ users: USERS });
});

afterAll(async () => {
  await dovecot?.close();
});

/** An account for one of the Dovecot users, over implicit TLS with the test CA. */
function account(user: keyof typeof USERS, imap: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    id: user,
    name: user[0]!.toUpperCase() + user.slice(1),
    email: `${user}@example.test`,
    imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user, password: USERS[user], ca: dovecot.caPath, ...imap },
    ...extra,
  };
}

const readConfig = async (bridge: TestBridge) => JSON.parse(await readFile(bridge.configPath, 'utf8'));
const fileMode = async (file: string) => (await stat(file)).mode & 0o777;

describe('listing and changing accounts', () => {
  let bridge: TestBridge;

  beforeAll(async () => {
    bridge = await startTestBridge({
      accounts: [
        aliceAccount(dovecot),
        account('alice', { password: undefined, passwordCommand: 'printf %s alice-secret' }, { id: 'alice-cmd', name: 'Alice by command' }),
      ],
    });
    await bridge.waitUntilConnected();
  });

  afterAll(async () => {
    await bridge?.stopAll();
  });

  it('lists the accounts without any password or password command', async () => {
    const response = await bridge.api('/v1/accounts');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject([
      { id: 'alice', name: 'Alice', email: 'alice@example.test', watch: ['INBOX'], imap: { host: '127.0.0.1', user: 'alice' } },
      { id: 'alice-cmd', imap: { passwordCommand: true } },
    ]);
    expect(response.body[0].imap).not.toHaveProperty('password');
    expect(response.body[1].imap).not.toHaveProperty('password');
    const raw = response.raw.toString('utf8');
    expect(raw).not.toContain('alice-secret');
    expect(raw).not.toContain('printf');
  });

  it('connects an account whose password comes from passwordCommand', async () => {
    const status = await bridge.waitForStatus((current) => stateOf(current, 'alice-cmd') === 'ok');

    expect(accountIn(status, 'alice-cmd')).toMatchObject({ state: 'ok', mailboxes: [{ path: 'INBOX' }] });
  });

  it('lists the mailboxes with their special use and counts', async () => {
    await dovecot.append('alice', 'Junk', mail({ subject: 'Spam 1' }));
    await dovecot.append('alice', 'Junk', mail({ subject: 'Spam 2' }));
    await dovecot.append('alice', 'Junk', mail({ subject: 'Spam 3' }), ['\\Seen']);

    const response = await bridge.api('/v1/accounts/alice/mailboxes');

    expect(response.status).toBe(200);
    const byPath = Object.fromEntries(response.body.map((mailbox: any) => [mailbox.path, mailbox]));
    expect(Object.keys(byPath).sort()).toEqual(['Archive', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash']);
    expect(byPath).toMatchObject({
      INBOX: { name: 'INBOX', specialUse: '\\Inbox' },
      Sent: { name: 'Sent', specialUse: '\\Sent', unread: 0, total: 0 },
      Trash: { specialUse: '\\Trash' },
      Archive: { specialUse: '\\Archive' },
      Drafts: { specialUse: '\\Drafts' },
      Junk: { name: 'Junk', specialUse: '\\Junk', unread: 2, total: 3 },
    });
    for (const mailbox of response.body) {
      expect(mailbox).toStrictEqual({
        path: expect.any(String),
        name: expect.any(String),
        specialUse: expect.any(String),
        unread: expect.any(Number),
        total: expect.any(Number),
      });
    }
  });

  it('answers 404 for the mailboxes of an unknown account', async () => {
    const response = await bridge.api('/v1/accounts/nobody/mailboxes');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });

  it('renames an account and changes what it watches', async () => {
    await dovecot.append('alice', 'Archive', mail({ subject: 'Kept for later' }));

    const response = await bridge.api('/v1/accounts/alice', { method: 'PATCH', body: { name: 'Alice at work', watch: ['INBOX', 'Archive'] } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'alice', name: 'Alice at work', watch: ['INBOX', 'Archive'] });
    expect(response.raw.toString('utf8')).not.toContain('alice-secret');
    const status = await bridge.waitForStatus((current) => stateOf(current) === 'ok' && unreadIn(current, 'Archive') === 1);
    expect(accountIn(status)).toMatchObject({
      name: 'Alice at work',
      mailboxes: [{ path: 'INBOX' }, { path: 'Archive', unread: 1 }],
    });
    expect((await readConfig(bridge)).accounts[0]).toMatchObject({ name: 'Alice at work', watch: ['INBOX', 'Archive'] });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty watch list', { watch: [] }, 'watch'],
    ['a non-http webmail URL', { webmailUrl: 'javascript:alert(1)' }, 'webmailUrl'],
    ['an unknown field', { colour: 'blue' }, 'colour'],
  ])('refuses a change with %s (400 naming the field)', async (_case, body, field) => {
    const response = await bridge.api('/v1/accounts/alice', { method: 'PATCH', body });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
    expect(response.body.error.message).toContain(field);
  });

  it('answers 404 for a change to an unknown account', async () => {
    const response = await bridge.api('/v1/accounts/nobody', { method: 'PATCH', body: { name: 'Nobody' } });

    expect(response.status).toBe(404);
  });

  it('removes an account from the status and the config file', async () => {
    const response = await bridge.api('/v1/accounts/alice-cmd', { method: 'DELETE' });

    expect(response.status).toBe(204);
    const status = (await bridge.api('/v1/status')).body;
    expect(status.accounts.map((entry: any) => entry.id)).toEqual(['alice']);
    expect((await readConfig(bridge)).accounts.map((entry: any) => entry.id)).toEqual(['alice']);
    expect(await fileMode(bridge.configPath)).toBe(0o600);
  });

  it('answers 404 when removing an unknown account', async () => {
    const response = await bridge.api('/v1/accounts/alice-cmd', { method: 'DELETE' });

    expect(response.status).toBe(404);
    expect(response.body).toStrictEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('adding accounts', () => {
  let bridge: TestBridge;

  beforeAll(async () => {
    bridge = await startTestBridge();
  });

  afterAll(async () => {
    await bridge?.stopAll();
  });

  it('adds an account with working credentials: 201, connected, saved with mode 0600', async () => {
    const { id: _id, name: _name, ...body } = account('bob');

    const response = await bridge.api('/v1/accounts', { method: 'POST', body });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: 'bob-example-test', name: 'bob@example.test', email: 'bob@example.test', watch: ['INBOX'] });
    expect(response.raw.toString('utf8')).not.toContain('bob-secret');
    const status = await bridge.waitForStatus((current) => stateOf(current, 'bob-example-test') === 'ok');
    expect(status.accounts).toMatchObject([{ id: 'bob-example-test', state: 'ok', unread: 0 }]);
    expect((await readConfig(bridge)).accounts).toMatchObject([{ id: 'bob-example-test', imap: { user: 'bob', password: 'bob-secret' } }]);
    expect(await fileMode(bridge.configPath)).toBe(0o600);
  });

  it('refuses an existing id with 400', async () => {
    const before = await readFile(bridge.configPath, 'utf8');

    const response = await bridge.api('/v1/accounts', { method: 'POST', body: account('dave', {}, { id: 'bob-example-test' }) });

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('bob-example-test') });
    expect(await readFile(bridge.configPath, 'utf8')).toBe(before);
  });

  it('refuses a wrong password with 502 auth_failed and saves nothing', async () => {
    const before = await readFile(bridge.configPath, 'utf8');

    const response = await bridge.api('/v1/accounts', { method: 'POST', body: account('dave', { password: 'hunter2-WRONG' }) });

    expect(response.status).toBe(502);
    expect(response.body).toStrictEqual({ error: { code: 'auth_failed', message: expect.any(String) } });
    expect(response.raw.toString('utf8')).not.toContain('hunter2-WRONG');
    expect(await readFile(bridge.configPath, 'utf8')).toBe(before);
    expect((await bridge.api('/v1/accounts')).body.map((entry: any) => entry.id)).toEqual(['bob-example-test']);
    expect((await bridge.api('/v1/status')).body.accounts.map((entry: any) => entry.id)).toEqual(['bob-example-test']);
  });

  it('refuses a password command that fails with 400, without its output', async () => {
    const body = account('dave', { password: undefined, passwordCommand: 'echo leaked-stdout-XYZ; echo leaked-stderr-XYZ >&2; exit 3' });

    const response = await bridge.api('/v1/accounts', { method: 'POST', body });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/passwordCommand/);
    expect(response.raw.toString('utf8')).not.toContain('leaked');
    expect((await bridge.api('/v1/accounts')).body.map((entry: any) => entry.id)).toEqual(['bob-example-test']);
  });

  const SECRET = 'hunter2-SECRET-body';
  const withoutEmail = () => {
    const { email: _email, ...rest } = account('dave', { password: SECRET });
    return rest;
  };
  it.each<[string, () => Record<string, unknown>, string]>([
    ['a missing email', withoutEmail, 'email'],
    ['a malformed email', () => account('dave', { password: SECRET }, { email: 'not an address' }), 'email'],
    ['a port above 65535', () => account('dave', { password: SECRET, port: 70000 }), 'imap.port'],
    ['a port given as text', () => account('dave', { password: SECRET, port: '993' }), 'imap.port'],
    ['security "none" to a remote host', () => account('dave', { password: SECRET, host: 'imap.example.com', security: 'none' }), 'imap.security'],
    ['both password and passwordCommand', () => account('dave', { password: SECRET, passwordCommand: `printf %s ${SECRET}` }), 'imap.password'],
    ['an invalid id', () => account('dave', { password: SECRET }, { id: 'Not An Id!' }), 'id'],
    ['no imap server', () => ({ email: 'dave@example.test' }), 'imap'],
  ])('refuses %s with 400 naming the field, without echoing the password', async (_case, make, field) => {
    const response = await bridge.api('/v1/accounts', { method: 'POST', body: make() });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
    expect(response.body.error.message).toContain(`${field}:`);
    expect(response.raw.toString('utf8')).not.toContain(SECRET);
  });

  it('never logs a password', () => {
    const logs = bridge.logs.join('\n');

    expect(logs).not.toContain('bob-secret');
    expect(logs).not.toContain('hunter2');
    expect(logs).not.toContain('leaked');
  });
});

describe('bad credentials', () => {
  let bridge: TestBridge;

  beforeAll(async () => {
    bridge = await startTestBridge({ accounts: [account('carol', { password: 'hunter2-WRONG' })] });
  });

  afterAll(async () => {
    await bridge?.stopAll();
  });

  it('shows auth-error and does not retry the login until the account changes', async () => {
    const failed = await bridge.waitForStatus((status) => stateOf(status, 'carol') === 'auth-error');
    expect(failed.accounts[0]).toMatchObject({ state: 'auth-error', error: expect.any(String) });
    expect(accountIn(failed, 'carol')?.error).not.toContain('hunter2-WRONG');

    // A retry would pass through `connecting` (a new revision) and log in again. Two quiet
    // long polls: the first lets the first attempt's logins reach Dovecot's log.
    const first = (await bridge.api(`/v1/status?since=${failed.revision}&wait=2`)).body;
    const loginsBefore = await dovecot.logins('carol');
    const second = (await bridge.api(`/v1/status?since=${failed.revision}&wait=2`)).body;
    const loginsAfter = await dovecot.logins('carol');

    expect(first.revision).toBe(failed.revision);
    expect(second.revision).toBe(failed.revision);
    expect(loginsBefore).toBeGreaterThanOrEqual(1);
    expect(loginsAfter).toBe(loginsBefore);
  });

  it('refuses a still-wrong password with 502 and keeps the auth-error', async () => {
    const response = await bridge.api('/v1/accounts/carol', { method: 'PATCH', body: { imap: { password: 'hunter2-STILL-WRONG' } } });

    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('auth_failed');
    expect(stateOf((await bridge.api('/v1/status')).body, 'carol')).toBe('auth-error');
    expect((await readConfig(bridge)).accounts[0].imap.password).toBe('hunter2-WRONG');
  });

  it('connects once the password is corrected', async () => {
    const response = await bridge.api('/v1/accounts/carol', { method: 'PATCH', body: { imap: { password: 'carol-secret' } } });

    expect(response.status).toBe(200);
    expect(response.raw.toString('utf8')).not.toContain('carol-secret');
    const status = await bridge.waitForStatus((current) => stateOf(current, 'carol') === 'ok');
    expect(status.accounts[0]).not.toHaveProperty('error');
    expect((await readConfig(bridge)).accounts[0].imap.password).toBe('carol-secret');
  });

  it('never logs a password', () => {
    const logs = bridge.logs.join('\n');

    expect(logs).not.toContain('hunter2');
    expect(logs).not.toContain('carol-secret');
  });
});

describe('a failing password command', () => {
  let bridge: TestBridge;

  beforeAll(async () => {
    const passwordCommand = 'echo leaked-stdout-XYZ; echo leaked-stderr-XYZ >&2; exit 3';
    bridge = await startTestBridge({ accounts: [account('dave', { password: undefined, passwordCommand })] });
  });

  afterAll(async () => {
    await bridge?.stopAll();
  });

  it('puts the account in an error state whose message has none of the command output', async () => {
    const status = await bridge.waitForStatus((current) => ['error', 'auth-error'].includes(stateOf(current, 'dave') ?? ''));

    expect(accountIn(status, 'dave')?.error).toMatch(/passwordCommand/);
    expect(accountIn(status, 'dave')?.error).not.toContain('leaked');
    expect(bridge.logs.join('\n')).not.toContain('leaked');
  });
});
