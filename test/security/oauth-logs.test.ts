// Like logs.test.ts, for OAuth2: one bridge run through sign-ins (public and
// confidential client, browser and device), sends over XOAUTH2, refreshes with rotation,
// a revoked sign-in, refused callbacks and token commands good and bad; then every log
// line, console line and API answer (the callback pages too) is searched for every
// access token, refresh token, authorization code and client secret the run saw,
// plain and in the base64 forms of XOAUTH2 and OAUTHBEARER. None may appear.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mail, startTestBridge, type ApiInit, type ApiResponse, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { CONFIDENTIAL_CLIENT, INTROSPECTION_CLIENT, startOAuthServer, type OAuthServer } from '../support/oauth-server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { stateOf } from '../support/status';

let oauth: OAuthServer;
let dovecot: Dovecot;
let sink: SmtpSink;
let bridge: TestBridge;
const answers: string[] = [];
const consoleLines: string[] = [];
/** Tokens that reached the bridge outside the provider's own issuing: printed by token commands. */
const commandTokens: string[] = [];
const COMMAND_NOISE = 'token-command-stderr-noise-8d1f';
/** A code from a callback URL: the scan knows codes by what the provider issued; this checks it does. */
let seenCode: string | null = null;

async function api(path: string, init?: ApiInit): Promise<ApiResponse> {
  const response = await bridge.api(path, init);
  answers.push(`${response.status} ${[...response.headers].join(' ')} ${response.raw.toString('utf8')}`);
  return response;
}

/** Follows a sign-in from the API to the callback page, keeping the page as an answer. */
async function signIn(account: string): Promise<void> {
  const started = await api(`/v1/accounts/${account}/oauth/start`, { method: 'POST' });
  const callback = await oauth.authorize(started.body.url);
  const page = await fetch(callback);
  answers.push(`${page.status} ${[...page.headers].join(' ')} ${await page.text()}`);
}

function account(id: string, oauth2: Record<string, unknown>) {
  return {
    id,
    email: 'alice@example.test',
    imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', ca: dovecot.caPath, oauth2 },
    smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', oauth2 },
  };
}

/** Every secret of the run, in every form it could leak in. */
function leakForms(): Array<[string, string]> {
  const values: Array<[string, string]> = [
    ['token', bridge.token],
    ['client secret', CONFIDENTIAL_CLIENT.secret],
    ['token command noise', COMMAND_NOISE],
    ...oauth.issued.accessTokens.map((value): [string, string] => ['access token', value]),
    ...oauth.issued.refreshTokens.map((value): [string, string] => ['refresh token', value]),
    ...oauth.issued.codes.map((value): [string, string] => ['authorization code', value]),
    ...commandTokens.map((value): [string, string] => ['token from a command', value]),
  ];
  const forms: Array<[string, string]> = [];
  for (const [what, value] of values) {
    forms.push([what, value]);
    if (what.includes('token')) {
      forms.push([`${what}, XOAUTH2`, Buffer.from(`user=alice\x01auth=Bearer ${value}\x01\x01`).toString('base64')]);
      forms.push([`${what}, base64`, Buffer.from(value).toString('base64')]);
    }
  }
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
  oauth = await startOAuthServer();
  [dovecot, sink] = await Promise.all([
    startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl, clientId: INTROSPECTION_CLIENT.id, clientSecret: INTROSPECTION_CLIENT.secret } }),
    startSmtpSink({ oauth: { introspect: (token) => oauth.introspect(token) } }),
  ]);
  bridge = await startTestBridge();
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await bridge?.stopAll();
  await sink?.close();
  await dovecot?.close();
  await oauth?.close();
});

describe('a bridge run through sign-ins, refreshes and refusals', () => {
  beforeAll(async () => {
    const custom = { provider: 'custom', authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, deviceUrl: oauth.deviceUrl, scopes: ['mail', 'offline_access'] };

    // Browser sign-in, public client; then mail over IMAP and SMTP.
    await api('/v1/accounts', { method: 'POST', body: account('public', { ...custom, clientId: oauth.clientId }) });
    await signIn('public');
    // Browser sign-in, confidential client (client_secret_post at every token request).
    await api('/v1/accounts', { method: 'POST', body: account('confidential', { ...custom, clientId: CONFIDENTIAL_CLIENT.id, clientSecret: CONFIDENTIAL_CLIENT.secret }) });
    await signIn('confidential');
    // Device sign-in.
    await api('/v1/accounts', { method: 'POST', body: account('device', { ...custom, clientId: oauth.clientId }) });
    const device = await api('/v1/accounts/device/oauth/device', { method: 'POST' });
    await oauth.approveDevice(device.body.userCode);
    await bridge.waitForStatus((status) => ['public', 'confidential', 'device'].every((id) => stateOf(status, id) === 'ok'), 30_000);

    await dovecot.append('alice', 'INBOX', mail({ subject: 'Token mail' }));
    const listed = await api('/v1/accounts/public/messages');
    const id = listed.body.messages[0].id;
    await api(`/v1/accounts/public/messages/${id}`);
    expect((await api(`/v1/accounts/public/messages/${id}/reply`, { method: 'POST', body: { text: 'Over XOAUTH2.' } })).status).toBe(200);
    await sink.waitForMessage((message) => message.raw.includes('Over XOAUTH2.'));

    // Refused access tokens: refreshes (with rotation) for every account, a send on a refreshed token.
    for (const token of oauth.issued.accessTokens) oauth.dropAccessToken(token);
    const refreshes = () => oauth.tokenRequests.filter((request) => request.grantType === 'refresh_token' && request.status === 200).length;
    const before = refreshes();
    await dovecot.kick('alice');
    await bridge.waitForStatus(() => refreshes() >= before + 3, 30_000);
    await bridge.waitForStatus((status) => ['public', 'confidential', 'device'].every((account) => stateOf(status, account) === 'ok'), 30_000);
    expect((await api(`/v1/accounts/confidential/messages/${id}/reply`, { method: 'POST', body: { text: 'Refreshed.' } })).status).toBe(200);

    // A revoked sign-in: a refused refresh, with the provider's description.
    const config = JSON.parse(await readFile(bridge.configPath, 'utf8'));
    await oauth.revoke(config.accounts.find((entry: { id: string }) => entry.id === 'public').imap.oauth2.refreshToken);
    await dovecot.kick('alice');
    await bridge.waitForStatus((status) => stateOf(status, 'public') === 'auth-error');

    // Callbacks that are refused: a replay, a forged code with a real state, a provider error.
    const started = await api('/v1/accounts/public/oauth/start', { method: 'POST' });
    const callback = await oauth.authorize(started.body.url);
    seenCode = new URL(callback).searchParams.get('code');
    const forged = new URL(callback);
    forged.searchParams.set('code', `${forged.searchParams.get('code')}-forged`);
    for (const url of [forged.href, callback]) {
      const page = await fetch(url);
      answers.push(`${page.status} ${await page.text()}`);
    }

    // Token commands: one that works (printing noise on stderr), one that fails after printing its token.
    const { accessToken } = await oauth.tokensFor('alice');
    commandTokens.push(accessToken, 'printed-then-failed-token-5c2e');
    await api('/v1/accounts', { method: 'POST', body: { ...account('command', { tokenCommand: `echo ${COMMAND_NOISE} >&2; printf %s ${accessToken}` }), smtp: undefined } });
    await api('/v1/accounts', { method: 'POST', body: { ...account('failing', { tokenCommand: 'printf %s printed-then-failed-token-5c2e; exit 4' }), smtp: undefined } });
    await bridge.waitForStatus((status) => stateOf(status, 'command') === 'ok');
    await api('/v1/status');
    await api('/v1/accounts');
  }, 120_000);

  it('went through refreshes, rotations, refusals and sends, so there was something to leak', () => {
    expect(oauth.issued.refreshTokens.length).toBeGreaterThanOrEqual(6);
    expect(oauth.tokenRequests.some((request) => request.error === 'invalid_grant')).toBe(true);
    expect(oauth.issued.codes).toContain(seenCode);
    expect(sink.logins.filter((login) => login.ok).length).toBeGreaterThanOrEqual(2);
    expect(bridge.logs.length).toBeGreaterThan(20);
  });

  it('never writes a token, code or client secret to its log', () => {
    expectNoSecretIn(bridge.logs);
  });

  it('never writes them to the console either', () => {
    expectNoSecretIn(consoleLines);
  });

  it('never answers with one, in the API or on a callback page', () => {
    expectNoSecretIn(answers);
  });

  it('would notice a leak: the scan finds the refresh tokens and the client secret where they belong (the config file)', async () => {
    const config = await readFile(bridge.configPath, 'utf8');

    const found = new Set(leakForms().filter(([, value]) => config.includes(value)).map(([what]) => what));

    expect([...found]).toEqual(expect.arrayContaining(['refresh token', 'client secret', 'token']));
  });
});
