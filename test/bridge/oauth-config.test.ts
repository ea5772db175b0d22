// The `oauth2` block as the config file and the API take it (clear errors, naming the
// field and never a value), and the sign-in callback page (language, escaping).
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../bridge/config/store';
import { pickLanguage, signInPage } from '../../bridge/oauth/page';

const TOKEN = 'x'.repeat(43);

function configWith(imap: Record<string, unknown>): string {
  return JSON.stringify({
    token: TOKEN,
    accounts: [{ id: 'work', name: 'Work', email: 'me@example.com', imap: { host: 'imap.example.com', port: 993, user: 'me', ...imap } }],
  });
}

function problem(imap: Record<string, unknown>): string {
  try {
    parseConfig(configWith(imap), 'config.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.replace('config.json is invalid: ', '');
  }
  throw new Error('parsed');
}

describe('the oauth2 block', () => {
  it.each([
    ['a provider and client id', { oauth2: { provider: 'google', clientId: 'abc.apps.googleusercontent.com' } }],
    ['a saved refresh token and a client secret', { oauth2: { provider: 'google', clientId: 'c', clientSecret: 's', refreshToken: 'r' } }],
    ['a custom provider with its endpoints and scopes', { oauth2: { provider: 'custom', clientId: 'c', authorizeUrl: 'https://id.example.com/auth', tokenUrl: 'https://id.example.com/token', scopes: ['mail'] } }],
    ['a token command', { oauth2: { tokenCommand: 'oama access me@example.com' } }],
    ['http endpoints on loopback', { oauth2: { provider: 'custom', clientId: 'c', authorizeUrl: 'http://127.0.0.1:9000/auth', tokenUrl: 'http://localhost:9000/token', scopes: ['mail'] } }],
  ])('takes %s', (_what, imap) => {
    expect(parseConfig(configWith(imap), 'config.json').accounts[0]!.imap.oauth2).toEqual(imap.oauth2);
  });

  it.each([
    ['no credential at all', {}, 'accounts.0.imap.password: set exactly one of `password`, `passwordCommand` or `oauth2`'],
    ['a password beside oauth2', { password: 'hunter2', oauth2: { tokenCommand: 'x' } }, 'accounts.0.imap.password: set exactly one of `password`, `passwordCommand` or `oauth2`'],
    ['a provider without a client id', { oauth2: { provider: 'google' } }, 'accounts.0.imap.oauth2.clientId: give `provider` and `clientId`, or `tokenCommand`'],
    ['a token command beside a client', { oauth2: { tokenCommand: 'x', clientId: 'c' } }, 'accounts.0.imap.oauth2.clientId: not allowed beside `tokenCommand`'],
    ['a custom provider without endpoints', { oauth2: { provider: 'custom', clientId: 'c' } }, 'accounts.0.imap.oauth2.authorizeUrl: required for provider `custom`; accounts.0.imap.oauth2.tokenUrl: required for provider `custom`; accounts.0.imap.oauth2.scopes: required for provider `custom`'],
    ['an unknown provider', { oauth2: { provider: 'yahoo', clientId: 'c' } }, 'accounts.0.imap.oauth2.provider:'],
    ['a token endpoint over plain http elsewhere', { oauth2: { provider: 'microsoft', clientId: 'c', tokenUrl: 'http://login.example.com/token' } }, 'accounts.0.imap.oauth2.tokenUrl: must be an https URL (http only for loopback hosts)'],
    ['a scope with a space', { oauth2: { provider: 'google', clientId: 'c', scopes: ['a b'] } }, 'accounts.0.imap.oauth2.scopes.0: one scope, no spaces or quotes'],
    ['an unknown field', { oauth2: { provider: 'google', clientId: 'c', accessToken: 'secret-access' } }, 'accounts.0.imap.oauth2:'],
  ])('refuses %s, naming the field', (_what, imap, message) => {
    const said = problem(imap);
    expect(said.startsWith(message)).toBe(true);
    expect(said).not.toMatch(/hunter2|secret-access/);
  });
});

describe('the sign-in callback page', () => {
  it.each([
    ['nl-NL,nl;q=0.9,en;q=0.8', 'nl'],
    ['de-CH', 'de'],
    ['fr-FR,fr;q=0.9,de;q=0.5,nl;q=0.4', 'de'],
    ['en;q=0.1,nl;q=0.5', 'nl'],
    ['nl;q=0,de', 'de'],
    ['fr', 'en'],
    [undefined, 'en'],
    ['*', 'en'],
  ] as const)('speaks the first of en, nl, de that %j asks for: %s', (header, language) => {
    expect(pickLanguage(header)).toBe(language);
  });

  it('escapes what a provider or a mail server said', () => {
    const { status, html } = signInPage({ ok: true, email: 'me@example.com', state: 'auth-error', error: '<img src=x onerror=alert(1)>' }, 'en');

    expect(status).toBe(200);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('<img');
  });

  it('answers 400 for a refused sign-in', () => {
    expect(signInPage({ ok: false, reason: 'no-refresh' }, 'de')).toMatchObject({ status: 400, html: expect.stringContaining('kein Refresh-Token') });
  });
});
