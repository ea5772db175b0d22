// Signing in with OAuth2 against a real authorization server (oidc-provider) and a
// Dovecot that checks every access token by introspection, with an SMTP sink that
// takes XOAUTH2: adding an account that isn't signed in yet, the browser sign-in
// through the bridge's callback, what a wrong, used or late callback changes (nothing),
// a revoked sign-in (auth-error, and no storm of logins or token requests), and the
// device-code flow.
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mail, startTestBridge, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { INTROSPECTION_CLIENT, startOAuthServer, type OAuthServer } from '../support/oauth-server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startRetryClock } from '../support/retry-clock';
import { accountIn, stateOf } from '../support/status';

let oauth: OAuthServer;
let dovecot: Dovecot;
let sink: SmtpSink;
let bridge: TestBridge;

beforeAll(async () => {
  oauth = await startOAuthServer();
  [dovecot, sink] = await Promise.all([
    startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl, clientId: INTROSPECTION_CLIENT.id, clientSecret: INTROSPECTION_CLIENT.secret } }),
    startSmtpSink({ oauth: { introspect: (token) => oauth.introspect(token) } }),
  ]);
  bridge = await startTestBridge();
});

afterAll(async () => {
  await bridge?.stopAll();
  await sink?.close();
  await dovecot?.close();
  await oauth?.close();
});

/** The test server's client, as a `custom` provider (its endpoints are on loopback). */
function oauth2() {
  return { provider: 'custom', clientId: oauth.clientId, authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, deviceUrl: oauth.deviceUrl, scopes: ['mail', 'offline_access'] };
}

/** An account of Dovecot user `user` whose IMAP and SMTP both sign in with OAuth2. */
function oauthAccount(id: string, user = 'alice') {
  return {
    id,
    name: `${user} (OAuth)`,
    email: `${user}@example.test`,
    senderName: 'Alice Liddell',
    imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user, ca: dovecot.caPath, oauth2: oauth2() },
    smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user, oauth2: oauth2() },
  };
}

const readConfig = async () => JSON.parse(await readFile(bridge.configPath, 'utf8'));
const accountConfig = async (id: string) => (await readConfig()).accounts.find((account: { id: string }) => account.id === id);

/** Starts a sign-in through the API and follows the provider to the bridge's callback URL (not opened yet). */
async function signInUrl(account: string): Promise<string> {
  const started = await bridge.api(`/v1/accounts/${account}/oauth/start`, { method: 'POST' });
  expect(started.status).toBe(200);
  return oauth.authorize(started.body.url);
}

/** Opens a callback URL as the browser does after the provider's redirect: no token, just a navigation. */
async function openCallback(url: string, language = 'en'): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(url, { headers: { 'accept-language': language } });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** A message of alice's, kept for when the account can't list any more. */
let messageId: string;

describe('signing in through the browser', () => {
  let callbackUrl: string;

  it('adds an OAuth2 account without a test login: saved, and waiting in auth-error to be signed in', async () => {
    const before = oauth.tokenRequests.length;

    const added = await bridge.api('/v1/accounts', { method: 'POST', body: oauthAccount('alice') });

    expect(added.status).toBe(201);
    expect(added.body.imap).toMatchObject({ auth: 'oauth2', signedIn: false, oauth2: { provider: 'custom', clientId: oauth.clientId } });
    expect(added.body.smtp).toMatchObject({ auth: 'oauth2', signedIn: false });
    const status = await bridge.waitForStatus((current) => stateOf(current) === 'auth-error');
    expect(accountIn(status)).toMatchObject({ authKind: 'oauth2', error: expect.stringMatching(/^Not signed in yet/) });
    expect(oauth.tokenRequests.length).toBe(before);
    expect(await dovecot.logins('alice')).toBe(0);
  });

  it('starts a sign-in with PKCE S256, a fresh state and the loopback callback', async () => {
    const first = await bridge.api('/v1/accounts/alice/oauth/start', { method: 'POST' });
    const second = await bridge.api('/v1/accounts/alice/oauth/start', { method: 'POST' });

    expect(first.status).toBe(200);
    const url = new URL(first.body.url);
    expect(url.origin + url.pathname).toBe(oauth.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: oauth.clientId,
      redirect_uri: `http://127.0.0.1:${bridge.port}/oauth/callback`,
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[\w-]{43}$/),
      login_hint: 'alice@example.test',
    });
    expect(first.body).toMatchObject({ redirectUri: `http://127.0.0.1:${bridge.port}/oauth/callback`, expiresIn: 600 });
    expect(new URL(second.body.url).searchParams.get('state')).not.toBe(url.searchParams.get('state'));
  });

  it('signs in: the callback page says so, the account connects, the refresh token is saved (0600) and never shown', async () => {
    callbackUrl = await signInUrl('alice');
    expect(callbackUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/oauth/callback\\?code=`));

    const page = await openCallback(callbackUrl, 'nl-NL,nl;q=0.9,en;q=0.5');

    expect(page.status).toBe(200);
    expect(page.html).toContain('Postbode is aangemeld bij alice@example.test');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.html).not.toMatch(/<script|<img|<link|https?:\/\//i);
    await bridge.waitForStatus((current) => stateOf(current) === 'ok');
    const saved = await accountConfig('alice');
    expect(saved.imap.oauth2.refreshToken).toEqual(expect.any(String));
    expect(saved.smtp.oauth2.refreshToken).toBe(saved.imap.oauth2.refreshToken);
    expect((await stat(bridge.configPath)).mode & 0o777).toBe(0o600);
    const listed = await bridge.api('/v1/accounts');
    expect(listed.body[0].imap).toMatchObject({ auth: 'oauth2', signedIn: true });
    expect(listed.body[0].smtp).toMatchObject({ auth: 'oauth2', signedIn: true });
    expect(listed.raw.toString()).not.toContain(saved.imap.oauth2.refreshToken);
    expect(listed.raw.toString()).not.toMatch(/refreshToken/);
  });

  it('reads, flags and replies over SMTP with XOAUTH2, From the sender name', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Signed-in mail' }));
    const found = await bridge.find('Signed-in mail');
    messageId = found.id;

    const flagged = await bridge.api(`/v1/accounts/alice/messages/${found.id}`, { method: 'PATCH', body: { flagged: true } });
    const replied = await bridge.api(`/v1/accounts/alice/messages/${found.id}/reply`, { method: 'POST', body: { text: 'Sent with a token.' } });

    expect(flagged.status).toBe(200);
    expect(replied.status).toBe(200);
    const sent = await sink.waitForMessage((message) => message.raw.includes('Sent with a token.'));
    expect(sent.user).toBe('alice');
    expect(sent.raw.toString()).toMatch(/^From: Alice Liddell <alice@example\.test>\r$/m);
    expect(sink.logins.at(-1)).toEqual({ user: 'alice', method: 'XOAUTH2', ok: true });
  });

  it('replies with a fresh token when the SMTP server refuses the one the bridge holds', async () => {
    const refreshes = oauth.tokenRequests.filter((request) => request.grantType === 'refresh_token').length;
    oauth.dropAccessToken(oauth.issued.accessTokens.at(-1)!);

    const replied = await bridge.api(`/v1/accounts/alice/messages/${messageId}/reply`, { method: 'POST', body: { text: 'Second try, new token.' } });

    expect(replied.status).toBe(200);
    expect((await sink.waitForMessage((message) => message.raw.includes('Second try, new token.'))).user).toBe('alice');
    expect(sink.logins.slice(-2)).toEqual([
      { user: 'alice', method: 'XOAUTH2', ok: false },
      { user: 'alice', method: 'XOAUTH2', ok: true },
    ]);
    expect(oauth.tokenRequests.filter((request) => request.grantType === 'refresh_token')).toHaveLength(refreshes + 1);
  });

  it.each([
    ['a state used already', () => callbackUrl],
    ['a state the bridge never made', () => `${bridge.url}/oauth/callback?state=${'A'.repeat(43)}&code=whatever`],
    ['no state at all', () => `${bridge.url}/oauth/callback?code=whatever`],
  ])('refuses %s with a 400 page and changes nothing', async (_what, url) => {
    const config = await readFile(bridge.configPath, 'utf8');
    const tokenRequests = oauth.tokenRequests.length;
    const revision = (await bridge.api('/v1/status')).body.revision;

    const page = await openCallback(url(), 'de');

    expect(page.status).toBe(400);
    expect(page.html).toContain('Dieser Anmeldelink ist nicht gültig');
    expect(await readFile(bridge.configPath, 'utf8')).toBe(config);
    expect(oauth.tokenRequests.length).toBe(tokenRequests);
    expect((await bridge.api('/v1/status')).body.revision).toBe(revision);
  });

  it('refuses a state older than ten minutes, and changes nothing', async () => {
    const url = await signInUrl('alice');
    const config = await readFile(bridge.configPath, 'utf8');
    const tokenRequests = oauth.tokenRequests.length;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * 60_000 + 1_000 });
    try {
      const page = await openCallback(url);

      expect(page.status).toBe(400);
      expect(page.html).toContain('This sign-in link is not valid');
    } finally {
      vi.useRealTimers();
    }
    expect(await readFile(bridge.configPath, 'utf8')).toBe(config);
    expect(oauth.tokenRequests.length).toBe(tokenRequests);
  });

  it('says why when the provider refused the sign-in, and changes nothing', async () => {
    const started = await bridge.api('/v1/accounts/alice/oauth/start', { method: 'POST' });
    const state = new URL(started.body.url).searchParams.get('state')!;
    const config = await readFile(bridge.configPath, 'utf8');

    const page = await openCallback(`${bridge.url}/oauth/callback?state=${state}&error=access_denied&error_description=%3Cscript%3E`);

    expect(page.status).toBe(400);
    expect(page.html).toContain('The provider did not sign you in (access_denied)');
    expect(page.html).not.toContain('<script');
    expect(await readFile(bridge.configPath, 'utf8')).toBe(config);
    expect(stateOf((await bridge.api('/v1/status')).body)).toBe('ok');
  });

  it('keeps the callback behind the Host wall, and starting a sign-in behind the token', async () => {
    // fetch always sends the real Host; a DNS-rebinding page sends its own.
    const spoofed = await new Promise<number>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: bridge.port, path: '/oauth/callback?state=x&code=y', headers: { host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    const start = await bridge.api('/v1/accounts/alice/oauth/start', { method: 'POST', token: null });

    expect(spoofed).toBe(403);
    expect(start.status).toBe(401);
  });

  it('refuses to start a sign-in for an account that does not use OAuth2', async () => {
    await bridge.api('/v1/accounts', {
      method: 'POST',
      body: { id: 'pw', email: 'bob@example.test', imap: { host: '127.0.0.1', port: dovecot.tlsPort, user: 'bob', password: dovecot.users.bob, ca: dovecot.caPath } },
    });

    const started = await bridge.api('/v1/accounts/pw/oauth/start', { method: 'POST' });

    expect(started.status).toBe(400);
    expect(started.body.error.message).toMatch(/does not sign in with OAuth2/);
    await bridge.api('/v1/accounts/pw', { method: 'DELETE' });
  });
});

describe('a sign-in the provider ended', () => {
  const refreshes = () => oauth.tokenRequests.filter((request) => request.grantType === 'refresh_token');

  it('replaces an access token the server refuses before its expiry: once, and connects', async () => {
    // The one the bridge holds: the last one issued (tokens live 300 s here).
    const accessToken = oauth.issued.accessTokens.at(-1)!;
    const before = refreshes().length;
    oauth.dropAccessToken(accessToken);

    await dovecot.kick('alice');

    await bridge.waitForStatus(() => refreshes().length > before);
    await bridge.waitForStatus((current) => stateOf(current) === 'ok');
    expect(refreshes().slice(before)).toEqual([{ grantType: 'refresh_token', status: 200 }]);
  });

  it('saves the refresh token the provider rotated', async () => {
    const saved = await accountConfig('alice');

    expect(saved.imap.oauth2.refreshToken).toBe(oauth.issued.refreshTokens.at(-1));
    expect(saved.smtp.oauth2.refreshToken).toBe(saved.imap.oauth2.refreshToken);
  });

  it('turns a revoked sign-in into auth-error, and asks neither the provider nor the server again', async () => {
    const { refreshToken } = await oauth.tokensFor('alice');
    const down = oauthAccount('down');
    const clock = await startRetryClock(bridge, { ...down, imap: { ...down.imap, oauth2: { ...oauth2(), refreshToken } } });
    await oauth.revoke((await accountConfig('alice')).imap.oauth2.refreshToken);
    await dovecot.kick('alice');

    const status = await bridge.waitForStatus((current) => stateOf(current) === 'auth-error');

    expect(accountIn(status)).toMatchObject({ authKind: 'oauth2', error: expect.stringMatching(/sign in again/) });
    expect(oauth.tokenRequests.at(-1)).toMatchObject({ grantType: 'refresh_token', status: 400, error: 'invalid_grant' });
    const tokenRequests = oauth.tokenRequests.length;
    const logins = await dovecot.logins('alice');
    const smtpLogins = sink.logins.length;

    // What could set off a retry: requests, a reply, a rename (which restarts the account).
    const listed = await bridge.api('/v1/accounts/alice/messages');
    const reply = await bridge.api(`/v1/accounts/alice/messages/${messageId}/reply`, { method: 'POST', body: { text: 'no' } });
    const renamed = await bridge.api('/v1/accounts/alice', { method: 'PATCH', body: { name: 'Alice, renamed' } });
    expect([listed.status, reply.status, renamed.status]).toEqual([503, 503, 200]);
    await clock.wait(2);

    expect(stateOf((await bridge.api('/v1/status')).body)).toBe('auth-error');
    expect(oauth.tokenRequests.length).toBe(tokenRequests);
    expect(await dovecot.logins('alice')).toBe(logins);
    expect(sink.logins.length).toBe(smtpLogins);
    const view = (await bridge.api('/v1/accounts')).body.find((account: { id: string }) => account.id === 'alice');
    expect(view.imap).toMatchObject({ auth: 'oauth2', signedIn: false });
    await clock.remove();
  });

  it('fixes the sign-in with a new one: the auth-error ends', async () => {
    const page = await openCallback(await signInUrl('alice'));

    expect(page.status).toBe(200);
    await bridge.waitForStatus((current) => stateOf(current) === 'ok');
    const listed = (await bridge.api('/v1/accounts')).body.find((account: { id: string }) => account.id === 'alice');
    expect(listed.imap).toMatchObject({ signedIn: true });
  });
});

describe('the device-code flow', () => {
  it('shows a code, polls in the background while the user signs in elsewhere, then connects', async () => {
    expect((await bridge.api('/v1/accounts', { method: 'POST', body: oauthAccount('alice-device') })).status).toBe(201);

    const started = await bridge.api('/v1/accounts/alice-device/oauth/device', { method: 'POST' });

    expect(started.status).toBe(200);
    expect(started.body).toEqual({
      userCode: expect.any(String),
      verificationUri: `${oauth.issuer}/device`,
      verificationUriComplete: expect.stringContaining('user_code='),
      expiresIn: expect.any(Number),
    });
    expect((await bridge.api('/v1/accounts/alice-device/oauth/device')).body).toEqual({ state: 'pending' });

    await oauth.approveDevice(started.body.userCode);

    await bridge.waitForStatus((current) => stateOf(current, 'alice-device') === 'ok', 30_000);
    expect((await bridge.api('/v1/accounts/alice-device/oauth/device')).body).toEqual({ state: 'done' });
    expect((await accountConfig('alice-device')).imap.oauth2.refreshToken).toEqual(expect.any(String));
    const polls = oauth.tokenRequests.filter((request) => request.grantType === 'urn:ietf:params:oauth:grant-type:device_code');
    expect(polls.at(-1)).toMatchObject({ status: 200 });
    expect(polls.slice(0, -1).every((poll) => poll.error === 'authorization_pending')).toBe(true);
  });

  it('says when a provider has no device sign-in', async () => {
    const { deviceUrl: _none, ...withoutDevice } = oauth2();
    await bridge.api('/v1/accounts/alice-device', { method: 'PATCH', body: { imap: { oauth2: withoutDevice }, smtp: { oauth2: withoutDevice } } });

    const started = await bridge.api('/v1/accounts/alice-device/oauth/device', { method: 'POST' });

    expect(started.status).toBe(400);
    expect(started.body.error.message).toMatch(/no device sign-in/);
  });
});

describe("changing an account's sign-in", () => {
  const saved = async () => (await accountConfig('alice-device')).imap;

  it('keeps the refresh token when the same client is sent again (the API never shows the token to send back)', async () => {
    const before = (await saved()).oauth2.refreshToken;
    expect(before).toEqual(expect.any(String));

    const changed = await bridge.api('/v1/accounts/alice-device', { method: 'PATCH', body: { imap: { oauth2: oauth2() }, smtp: { oauth2: oauth2() } } });

    expect(changed.status).toBe(200);
    expect(changed.body.imap).toMatchObject({ auth: 'oauth2', signedIn: true });
    expect((await saved()).oauth2.refreshToken).toBe(before);
    await bridge.waitForStatus((status) => stateOf(status, 'alice-device') === 'ok');
  });

  it('replaces OAuth2 with a password, after a test login', async () => {
    const changed = await bridge.api('/v1/accounts/alice-device', { method: 'PATCH', body: { imap: { password: dovecot.users.alice } } });

    expect(changed.status).toBe(200);
    expect(changed.body.imap).toMatchObject({ auth: 'password', signedIn: true });
    expect(changed.body.imap).not.toHaveProperty('oauth2');
    expect(await saved()).toMatchObject({ password: dovecot.users.alice });
    expect(await saved()).not.toHaveProperty('oauth2');
    await bridge.waitForStatus((status) => stateOf(status, 'alice-device') === 'ok');
  });

  it('replaces a password with OAuth2 of another client: no test login, and it waits to be signed in', async () => {
    const other = { ...oauth2(), clientId: 'another-client' };

    const changed = await bridge.api('/v1/accounts/alice-device', { method: 'PATCH', body: { imap: { oauth2: other } } });

    expect(changed.status).toBe(200);
    expect(changed.body.imap).toMatchObject({ auth: 'oauth2', signedIn: false, oauth2: { clientId: 'another-client' } });
    expect(await saved()).not.toHaveProperty('password');
    const status = await bridge.waitForStatus((current) => stateOf(current, 'alice-device') === 'auth-error');
    expect(accountIn(status, 'alice-device')?.error).toMatch(/^Not signed in yet/);
  });

  it('refuses an oauth2 block with a problem, naming the field', async () => {
    const changed = await bridge.api('/v1/accounts/alice-device', { method: 'PATCH', body: { imap: { oauth2: { provider: 'custom', clientId: 'x' } } } });

    expect(changed.status).toBe(400);
    expect(changed.body.error.message).toMatch(/^imap\.oauth2\.authorizeUrl: required for provider `custom`/);
  });
});
