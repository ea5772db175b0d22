// One bridge run through many routes and failure paths (wrong passwords over IMAP and
// SMTP, password commands, accounts added over the API, replies, a server restart),
// then every log line, every console line and every API answer is searched for the
// token and every secret used: none may appear, also not base64-encoded as in AUTH.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { aliceAccount, mail, startTestBridge, type ApiInit, type ApiResponse, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { stateOf } from '../support/status';

const secret = (label: string) => `${label}-${randomBytes(12).toString('base64url')}`;

const IMAP = { alice: secret('alice-imap'), bob: secret('bob-imap'), carol: secret('carol-imap'), dave: secret('dave-imap') };
const SMTP = { alice: secret('alice-smtp') };
const WRONG = { imapAtStart: secret('wrong-imap-start'), imapAdd: secret('wrong-imap-add'), imapPatch: secret('wrong-imap-patch'), smtp: secret('wrong-smtp') };
/** What password commands print besides a password: on stderr, or before failing. */
const COMMAND_NOISE = { stderr: secret('command-stderr'), failing: secret('command-failing-stdout') };

let dovecot: Dovecot;
let sink: SmtpSink;
let bridge: TestBridge;
/** Every API answer and WebSocket message of the run. */
const answers: string[] = [];
/** Everything written through console while the bridge ran (third-party code may use it). */
const consoleLines: string[] = [];

async function api(path: string, init?: ApiInit): Promise<ApiResponse> {
  const response = await bridge.api(path, init);
  answers.push(`${response.status} ${[...response.headers].join(' ')} ${response.raw.toString('utf8')}`);
  return response;
}

/** Each secret as it could leak: plain, and base64 as in SASL PLAIN/LOGIN. */
function leakForms(): Array<[string, string]> {
  const forms: Array<[string, string]> = [['token', bridge.token]];
  const passwords: Record<string, [string, string]> = {
    'alice imap': ['alice', IMAP.alice],
    'bob imap': ['bob', IMAP.bob],
    'carol imap (from a command)': ['carol', IMAP.carol],
    'dave imap': ['dave', IMAP.dave],
    'alice smtp (from a command)': ['alice', SMTP.alice],
    'wrong imap at start': ['dave', WRONG.imapAtStart],
    'wrong imap on add': ['dave', WRONG.imapAdd],
    'wrong imap on change': ['dave', WRONG.imapPatch],
    'wrong smtp': ['alice', WRONG.smtp],
  };
  for (const [what, [user, password]] of Object.entries(passwords)) {
    forms.push([what, password]);
    forms.push([`${what}, base64`, Buffer.from(password).toString('base64')]);
    forms.push([`${what}, SASL PLAIN`, Buffer.from(`\0${user}\0${password}`).toString('base64')]);
  }
  for (const [what, noise] of Object.entries(COMMAND_NOISE)) forms.push([`password command ${what}`, noise]);
  return forms;
}

function expectNoSecretIn(lines: string[]) {
  const leaks = leakForms().flatMap(([what, value]) => lines.filter((line) => line.includes(value)).map((line) => `${what}: ${line.slice(0, 200)}`));
  expect(leaks).toEqual([]);
}

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      original(...args);
    });
  }
  dovecot = await startDovecot({ users: IMAP });
  sink = await startSmtpSink({ auth: SMTP });
  bridge = await startTestBridge({
    accounts: [
      // IMAP password in the config, SMTP password from a command that also writes to stderr.
      aliceAccount(dovecot, sink, {
        smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', passwordCommand: `echo ${COMMAND_NOISE.stderr} >&2; printf %s ${SMTP.alice}` },
      }),
      // IMAP password from a command.
      { id: 'carol', name: 'Carol', email: 'carol@example.test', imap: { ...aliceAccount(dovecot).imap, user: 'carol', password: undefined, passwordCommand: `printf '%s\\n' ${IMAP.carol}` } },
      // A wrong password: auth-error, one failed login.
      { id: 'dave', name: 'Dave', email: 'dave@example.test', imap: { ...aliceAccount(dovecot).imap, user: 'dave', password: WRONG.imapAtStart } },
    ],
  });
  await bridge.waitForStatus((status) => stateOf(status, 'alice') === 'ok' && stateOf(status, 'carol') === 'ok' && stateOf(status, 'dave') === 'auth-error');
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await bridge?.stopAll();
  await sink?.close();
  await dovecot?.close();
});

describe('a bridge run through many routes and failures', () => {
  beforeAll(async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Log me not', from: 'Bob <bob@example.test>' }));
    const status = await api('/v1/status');
    await api(`/v1/status?since=${status.body.revision}&wait=1`);
    await api('/v1/health');
    await api('/v1/accounts');
    await api('/v1/accounts/alice/mailboxes');

    // The token where it doesn't belong, or wrong.
    await api('/v1/status', { token: 'x'.repeat(43) });
    await api('/v1/status', { token: bridge.token.slice(0, -1) });
    await api(`/v1/status?token=${bridge.token}`);
    await api('/v1/accounts', { headers: { origin: 'https://evil.example' } });

    // The WebSocket carries the token as a subprotocol.
    const socket = new WebSocket(`${bridge.url.replace(/^http/, 'ws')}/v1/events`, ['postbode.v1', bridge.token]);
    answers.push(String(await new Promise((resolve, reject) => (socket.once('message', resolve), socket.once('error', reject)))));
    socket.close();

    // Messages: list, open, flag, move, delete, reply over SMTP with auth.
    const listed = await api('/v1/accounts/alice/messages');
    const id = listed.body.messages[0].id;
    await api(`/v1/accounts/alice/messages/${id}`);
    await api(`/v1/accounts/alice/messages/${id}`, { method: 'PATCH', body: { seen: true } });
    expect((await api(`/v1/accounts/alice/messages/${id}/reply`, { method: 'POST', body: { text: 'Replying.' } })).status).toBe(200);
    await sink.waitForMessage((message) => message.raw.includes('Replying.'));
    const moved = await api(`/v1/accounts/alice/messages/${id}/move`, { method: 'POST', body: { to: '\\Archive' } });
    await api(`/v1/accounts/alice/messages/${moved.body.id}`, { method: 'DELETE' });
    await api('/v1/accounts/alice/messages/bm9uc2Vuc2U/attachments/2');

    // SMTP with a wrong password: the reply fails with 502 and says why, without it.
    await api('/v1/accounts/alice', { method: 'PATCH', body: { smtp: { password: WRONG.smtp } } });
    await bridge.waitForStatus((current) => stateOf(current, 'alice') === 'ok');
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Second' }));
    const second = (await api('/v1/accounts/alice/messages')).body.messages[0].id;
    expect((await api(`/v1/accounts/alice/messages/${second}/reply`, { method: 'POST', body: { text: 'Not sent.' } })).status).toBe(502);

    // Accounts over the API: a wrong password, a right one, password commands good and bad.
    const bob = { email: 'bob@example.test', imap: { ...aliceAccount(dovecot).imap, user: 'bob', password: IMAP.bob } };
    expect((await api('/v1/accounts', { method: 'POST', body: { ...bob, imap: { ...bob.imap, password: WRONG.imapAdd } } })).status).toBe(502);
    expect((await api('/v1/accounts', { method: 'POST', body: bob })).status).toBe(201);
    const failingCommand = { ...bob, id: 'bob-cmd', imap: { ...bob.imap, password: undefined, passwordCommand: `echo ${COMMAND_NOISE.failing}; exit 7` } };
    expect((await api('/v1/accounts', { method: 'POST', body: failingCommand })).status).toBe(400);
    // A body that isn't JSON, with a password in it.
    expect((await api('/v1/accounts', { method: 'POST', body: `{"imap":{"password":"${IMAP.bob}"` })).status).toBe(400);
    // A wrong password as a change, then the right one.
    expect((await api('/v1/accounts/dave', { method: 'PATCH', body: { imap: { password: WRONG.imapPatch } } })).status).toBe(502);
    expect((await api('/v1/accounts/dave', { method: 'PATCH', body: { imap: { password: IMAP.dave } } })).status).toBe(200);
    await bridge.waitForStatus((current) => stateOf(current, 'dave') === 'ok' && stateOf(current, 'bob-example-test') === 'ok');

    // The server goes away and comes back: every account logs in again (commands run again).
    await dovecot.kill();
    await bridge.waitForStatus((current) => stateOf(current, 'alice') !== 'ok');
    await dovecot.start();
    await bridge.waitUntilConnected(45_000);
    await api('/v1/status');
    await api('/v1/accounts');
  }, 90_000);

  it('went through failed and successful logins, so there was something to leak', async () => {
    expect(await dovecot.logins('dave')).toBeGreaterThanOrEqual(3);
    expect(await dovecot.logins('carol')).toBeGreaterThanOrEqual(2);
    expect(bridge.logs.length).toBeGreaterThan(10);
  });

  it('never writes the token, a password or a password command output to its log', () => {
    expectNoSecretIn(bridge.logs);
  });

  it('never writes them to the console either', () => {
    expectNoSecretIn(consoleLines);
  });

  it('never answers with a password or password command output, nor the token', () => {
    expectNoSecretIn(answers);
  });

  it('shows accounts and status without passwords or the password commands themselves', async () => {
    const accounts = await api('/v1/accounts');
    const status = await api('/v1/status');

    for (const response of [accounts, status]) {
      expect(response.status).toBe(200);
      expectNoSecretIn([response.raw.toString('utf8')]);
      expect(response.raw.toString('utf8')).not.toMatch(/printf|password"\s*:/);
    }
    expect(accounts.body.find((account: any) => account.id === 'carol').imap).toMatchObject({ passwordCommand: true });
    expect(accounts.body.find((account: any) => account.id === 'alice').imap).not.toHaveProperty('password');
    expect(accounts.body.find((account: any) => account.id === 'alice').smtp).not.toHaveProperty('password');
  });

  it('would notice a leak: the scan finds the secrets where they are meant to be (the config file)', async () => {
    const config = await readFile(bridge.configPath, 'utf8');

    const found = leakForms().filter(([, value]) => config.includes(value)).map(([what]) => what);

    expect(found).toEqual(expect.arrayContaining(['token', 'alice imap', 'bob imap', 'carol imap (from a command)', 'dave imap', 'wrong smtp']));
  });
});
