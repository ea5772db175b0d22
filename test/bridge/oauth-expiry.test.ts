// Access tokens that live 8 seconds, against a Dovecot that checks each one at login
// and an SMTP sink that checks each one per send: a session outlives its token, so IDLE
// and commands go on; whatever logs in anew (a send, a reconnect) gets a fresh token,
// and the refresh token the provider rotates on every refresh is kept in the config.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mail, startTestBridge, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { INTROSPECTION_CLIENT, startOAuthServer, type OAuthServer } from '../support/oauth-server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { stateOf, unreadIn } from '../support/status';

let oauth: OAuthServer;
let dovecot: Dovecot;
let sink: SmtpSink;
let bridge: TestBridge;
/** The refresh token the account started with. */
let firstRefreshToken: string;

const refreshes = () => oauth.tokenRequests.filter((request) => request.grantType === 'refresh_token');
const savedRefreshToken = async () => JSON.parse(await readFile(bridge.configPath, 'utf8')).accounts[0].imap.oauth2.refreshToken as string;

/** Resolves once the authorization server calls `token` inactive (it expired). */
async function expired(token: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await oauth.introspect(token)) !== undefined) {
    if (Date.now() > deadline) throw new Error('the access token never expired');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  oauth = await startOAuthServer({ accessTokenTtl: 8 });
  [dovecot, sink] = await Promise.all([
    startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl, clientId: INTROSPECTION_CLIENT.id, clientSecret: INTROSPECTION_CLIENT.secret } }),
    startSmtpSink({ oauth: { introspect: (token) => oauth.introspect(token) } }),
  ]);
  firstRefreshToken = (await oauth.tokensFor('alice')).refreshToken;
  const oauth2 = { provider: 'custom', clientId: oauth.clientId, authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, scopes: ['mail'], refreshToken: firstRefreshToken };
  bridge = await startTestBridge({
    accounts: [
      {
        id: 'alice',
        name: 'Alice',
        email: 'alice@example.test',
        imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', ca: dovecot.caPath, oauth2 },
        smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', oauth2 },
      },
    ],
  });
  await bridge.waitUntilConnected();
});

afterAll(async () => {
  await bridge?.stopAll();
  await sink?.close();
  await dovecot?.close();
  await oauth?.close();
});

describe('when the access token expires mid-session', () => {
  let idleToken: string;

  beforeAll(async () => {
    // The token the account logged in with: refreshed from the config's refresh token at start.
    idleToken = oauth.issued.accessTokens.at(-1)!;
    await expired(idleToken);
  });

  it('keeps IDLE going: new mail still arrives', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'After expiry' }));

    const status = await bridge.waitForStatus((current) => unreadIn(current, 'INBOX') === 1);

    expect(stateOf(status)).toBe('ok');
  });

  it('keeps commands going: list and flag', async () => {
    const found = await bridge.find('After expiry');

    const flagged = await bridge.api(`/v1/accounts/alice/messages/${found.id}`, { method: 'PATCH', body: { flagged: true } });

    expect(flagged.status).toBe(200);
  });

  it('replies over SMTP with a refreshed token, and saves the rotated refresh token', async () => {
    const before = refreshes().length;
    const found = await bridge.find('After expiry');

    const replied = await bridge.api(`/v1/accounts/alice/messages/${found.id}/reply`, { method: 'POST', body: { text: 'Fresh token.' } });

    expect(replied.status).toBe(200);
    expect((await sink.waitForMessage((message) => message.raw.includes('Fresh token.'))).user).toBe('alice');
    expect(refreshes().slice(before)).toEqual([{ grantType: 'refresh_token', status: 200 }]);
    expect(sink.logins.at(-1)).toEqual({ user: 'alice', method: 'XOAUTH2', ok: true });
    const saved = await savedRefreshToken();
    expect(saved).not.toBe(firstRefreshToken);
    expect(saved).toBe(oauth.issued.refreshTokens.at(-1));
  });

  it('logs in again after the server ends the sessions, with a token that is valid then', async () => {
    await expired(oauth.issued.accessTokens.at(-1)!);
    const before = refreshes().length;

    await dovecot.kick('alice');

    await bridge.waitForStatus(() => refreshes().length > before);
    await bridge.waitForStatus((current) => stateOf(current) === 'ok');
    expect(refreshes().slice(before).every((request) => request.status === 200)).toBe(true);
    await dovecot.append('alice', 'INBOX', mail({ subject: 'After the reconnect' }));
    expect((await bridge.find('After the reconnect')).subject).toBe('After the reconnect');
    expect(await savedRefreshToken()).toBe(oauth.issued.refreshTokens.at(-1));
  });
});
