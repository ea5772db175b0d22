// When the bridge asks a provider for a token, without a provider: AccessTokenSource
// against a scripted token endpoint and a hand-moved clock. The real provider runs in
// oauth.test.ts; here are the timings and failures that are hard to make there.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../bridge/log';
import { CredentialError } from '../../bridge/accounts/credentials';
import type { OAuth2SignIn } from '../../bridge/config/schema';
import { resolveClient } from '../../bridge/oauth/presets';
import { TokenSources } from '../../bridge/oauth/token-sources';

type Answer = { status: number; body: unknown } | 'unreachable';

/** A token endpoint that answers from a script and records what it was sent. */
function scripted(...answers: Answer[]) {
  const requests: URLSearchParams[] = [];
  const fetch = async (_url: string, init: RequestInit): Promise<Response> => {
    requests.push(new URLSearchParams(String(init.body)));
    const answer = answers.shift() ?? { status: 500, body: {} };
    if (answer === 'unreachable') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests };
}

const oauth2: OAuth2SignIn = { provider: 'microsoft', clientId: 'client-1', refreshToken: 'refresh-1' };
const token = (n: number, extra: Record<string, unknown> = {}) => ({ status: 200, body: { access_token: `access-${n}`, token_type: 'Bearer', expires_in: 3600, ...extra } });

function sources(endpoint: ReturnType<typeof scripted>, clock = { now: 0 }) {
  const rotations: Array<[string, string]> = [];
  const all = new TokenSources({
    log: silentLogger,
    fetch: endpoint.fetch,
    now: () => clock.now,
    onRotated: async (_account, previous, next) => {
      rotations.push([previous, next]);
    },
  });
  return { all, rotations, clock };
}

describe('an access token source', () => {
  it('refreshes with the refresh token and the client id, and hands the token out until close to expiry', async () => {
    const endpoint = scripted(token(1), token(2));
    const { all, clock } = sources(endpoint);
    const source = all.source('work', oauth2);

    expect(await source.token()).toBe('access-1');
    clock.now = 58 * 60_000;
    expect(await source.token()).toBe('access-1');
    clock.now = 59 * 60_000 + 1;
    expect(await source.token()).toBe('access-2');

    expect(endpoint.requests.map((request) => Object.fromEntries(request))).toEqual([
      { client_id: 'client-1', grant_type: 'refresh_token', refresh_token: 'refresh-1' },
      { client_id: 'client-1', grant_type: 'refresh_token', refresh_token: 'refresh-1' },
    ]);
  });

  it('keeps a fifth of a short-lived token as the margin', async () => {
    const endpoint = scripted(token(1, { expires_in: 10 }), token(2, { expires_in: 10 }));
    const { all, clock } = sources(endpoint);
    const source = all.source('work', oauth2);
    await source.token();

    clock.now = 7_900;
    expect(await source.token()).toBe('access-1');
    clock.now = 8_100;
    expect(await source.token()).toBe('access-2');
  });

  it('asks once however many connections ask at the same time', async () => {
    const endpoint = scripted(token(1));
    const source = sources(endpoint).all.source('work', oauth2);

    const tokens = await Promise.all([source.token(), source.token(), source.token()]);

    expect(tokens).toEqual(['access-1', 'access-1', 'access-1']);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('refreshes a token the server refused, even before its expiry', async () => {
    const endpoint = scripted(token(1), token(2));
    const source = sources(endpoint).all.source('work', oauth2);
    await source.token();

    source.refused('access-1');

    expect(await source.token()).toBe('access-2');
  });

  it('passes on a rotated refresh token and refreshes with it from then on', async () => {
    const endpoint = scripted(token(1, { refresh_token: 'refresh-2' }), token(2));
    const { all, rotations, clock } = sources(endpoint);
    const source = all.source('work', oauth2);
    await source.token();
    clock.now = 2 * 3600_000;
    await source.token();

    expect(rotations).toEqual([['refresh-1', 'refresh-2']]);
    expect(endpoint.requests[1]!.get('refresh_token')).toBe('refresh-2');
    // The account's config now says refresh-2: the same source serves it.
    expect(all.source('work', { ...oauth2, refreshToken: 'refresh-2' })).toBe(source);
  });

  it('after a refresh the provider refuses, fails at once from then on without asking again', async () => {
    const endpoint = scripted({ status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS70000: refresh-1 was revoked' } });
    const source = sources(endpoint).all.source('work', oauth2);

    const first = await source.token().catch((err: unknown) => err);
    const second = await source.token().catch((err: unknown) => err);

    expect(first).toBeInstanceOf(CredentialError);
    expect(first).toMatchObject({ permanent: true });
    expect((first as Error).message).toBe('Sign-in is no longer valid; sign in again. The sign-in server refused (invalid_grant: AADSTS70000: … was revoked)');
    expect(second).toBe(first);
    expect(endpoint.requests).toHaveLength(1);
    expect(source.usable).toBe(false);
  });

  it.each([
    ['cannot be reached', 'unreachable' as const],
    ['fails with 503', { status: 503, body: { error: 'temporarily_unavailable' } }],
    ['is rate limited', { status: 429, body: { error: 'slow_down' } }],
    ['answers without a token', { status: 200, body: { token_type: 'Bearer' } }],
  ])('when the provider %s, fails for now and asks again next time', async (_what, answer) => {
    const endpoint = scripted(answer, token(1));
    const source = sources(endpoint).all.source('work', oauth2);

    await expect(source.token()).rejects.toMatchObject({ name: 'CredentialError', permanent: false });
    expect(await source.token()).toBe('access-1');
  });

  it('without a refresh token asks nobody and says to sign in', async () => {
    const endpoint = scripted();
    const source = sources(endpoint).all.source('work', { provider: 'google', clientId: 'client-1' });

    await expect(source.token()).rejects.toMatchObject({ permanent: true, message: 'Not signed in yet: sign in with Google' });
    expect(endpoint.requests).toHaveLength(0);
  });

  it("shares one source between an account's IMAP and SMTP, but not between accounts or clients", () => {
    const { all } = sources(scripted());

    const imap = all.source('work', oauth2);

    expect(all.source('work', { ...oauth2 })).toBe(imap);
    expect(all.source('home', oauth2)).not.toBe(imap);
    expect(all.source('work', { ...oauth2, clientId: 'client-2' })).not.toBe(imap);
    expect(all.source('work', { ...oauth2, refreshToken: 'signed-in-again' })).not.toBe(imap);
  });
});

describe('provider presets', () => {
  it.each([
    ['google', 'https://accounts.google.com/o/oauth2/v2/auth', 'https://oauth2.googleapis.com/token', ['https://mail.google.com/'], '127.0.0.1'],
    [
      'microsoft',
      'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
      'localhost',
    ],
    ['fastmail', 'https://api.fastmail.com/oauth/authorize', 'https://api.fastmail.com/oauth/refresh', ['https://www.fastmail.com/dev/protocol-imap', 'https://www.fastmail.com/dev/protocol-smtp'], 'localhost'],
  ] as const)('%s signs in at its documented endpoints with the client id from the config', (provider, authorizeUrl, tokenUrl, scopes, redirectHost) => {
    expect(resolveClient({ provider, clientId: 'mine' })).toMatchObject({ clientId: 'mine', authorizeUrl, tokenUrl, scopes, redirectHost });
  });

  it('offers the device flow for Microsoft only', () => {
    expect(resolveClient({ provider: 'microsoft', clientId: 'x' }).deviceUrl).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/devicecode');
    expect(resolveClient({ provider: 'google', clientId: 'x' }).deviceUrl).toBeUndefined();
  });

  it('lets the config override endpoints and scopes', () => {
    expect(resolveClient({ provider: 'microsoft', clientId: 'x', tokenUrl: 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token', scopes: ['a'] })).toMatchObject({
      tokenUrl: 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token',
      authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      scopes: ['a'],
    });
  });
});
