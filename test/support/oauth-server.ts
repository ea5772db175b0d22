// A real OAuth2 authorization server for sign-in tests: panva's oidc-provider on a free
// loopback port, with authorization code + PKCE S256, rotating refresh tokens, the
// device flow, revocation and introspection (what Dovecot and the SMTP sink ask). The
// login and consent screens are one route that approves at once as `login`, so a test
// "signs in" by following redirects. Facts behind it: /work/shared/TESTING.md.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** The client the bridge uses: public (no secret), native, loopback redirect on any port. */
export const CLIENT_ID = 'postbode-test';
/** A confidential client (as Google's "Desktop app" clients are, with a not-so-secret secret): client_secret_post. */
export const CONFIDENTIAL_CLIENT = { id: 'postbode-confidential', secret: 'confidential-client-secret-4f1c9a' } as const;
/** What Dovecot and the SMTP sink authenticate as to introspect tokens. */
export const INTROSPECTION_CLIENT = { id: 'mail-server', secret: 'mail-server-secret' } as const;
/** The resource the access tokens are for; its one scope is `mail`. */
const RESOURCE = 'urn:postbode-test:mail';

export interface OAuthServerOptions {
  /** Seconds an access token lives (default 300). Short in the expiry tests. */
  accessTokenTtl?: number;
  /** Whether a refresh token is replaced by a new one on each use (default true, as Microsoft does). */
  rotateRefreshTokens?: boolean;
}

export interface TokenRequest {
  grantType: string;
  status: number;
  error?: string;
}

export interface OAuthServer {
  issuer: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  deviceUrl: string;
  introspectionUrl: string;
  /** Every request to the token endpoint, in order. */
  tokenRequests: TokenRequest[];
  /** The user the login screen signs in (a Dovecot user name; default alice). */
  login: string;
  /** Every access and refresh token issued so far, to search logs and answers for them. */
  issued: { accessTokens: string[]; refreshTokens: string[]; codes: string[] };
  /**
   * Follows an authorization URL as a browser would, through the approving login and
   * consent, and returns the URL the provider finally redirects to (the client's
   * redirect_uri with `code` and `state`, or an `error`), without opening it.
   */
  authorize(url: string): Promise<string>;
  /** Enters and confirms a device flow user code, then approves like `authorize`. */
  approveDevice(userCode: string): Promise<void>;
  /** Signs `login` in outside the bridge (code + PKCE, public client): tokens for a tokenCommand or a config. */
  tokensFor(login: string): Promise<{ accessToken: string; refreshToken: string }>;
  /**
   * From now on introspection calls `accessToken` inactive, as if the provider had ended
   * that one token early (oidc-provider can't revoke an access token alone: revoking one
   * takes every token of its sign-in with it). Refreshing still works.
   */
  dropAccessToken(accessToken: string): void;
  /** RFC 7662 introspection as a mail server does it: the user name, or undefined if not active. */
  introspect(token: string): Promise<string | undefined>;
  /** Revokes a refresh token, and with it every token of that sign-in (its grant). */
  revoke(refreshToken: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accessTokenTtl = options.accessTokenTtl ?? 300;
  const rotate = options.rotateRefreshTokens ?? true;

  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        // Native + loopback: any port matches (RFC 8252 7.3), so the bridge's port needn't be known here.
        redirect_uris: ['http://127.0.0.1/oauth/callback'],
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code'],
      },
      {
        client_id: CONFIDENTIAL_CLIENT.id,
        client_secret: CONFIDENTIAL_CLIENT.secret,
        token_endpoint_auth_method: 'client_secret_post',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/oauth/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      { client_id: INTROSPECTION_CLIENT.id, client_secret: INTROSPECTION_CLIENT.secret, redirect_uris: [], response_types: [], grant_types: [] },
    ],
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'mail'],
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      deviceFlow: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The bridge asks for scopes only, as Google and Microsoft clients do.
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'mail', accessTokenFormat: 'opaque', accessTokenTTL: accessTokenTtl }),
      },
    },
    ttl: { AccessToken: accessTokenTtl, RefreshToken: 24 * 3600, Grant: 24 * 3600, Session: 3600, Interaction: 600, DeviceCode: 600 },
    rotateRefreshToken: () => rotate,
    // Refresh tokens even without `offline_access`, as Google issues them for access_type=offline.
    issueRefreshToken: () => true,
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
  };

  const provider = new Provider(issuer, configuration);
  const dropped = new Set<string>();
  const state = {
    login: 'alice',
    tokenRequests: [] as TokenRequest[],
    issued: { accessTokens: [] as string[], refreshTokens: [] as string[], codes: [] as string[] },
  };

  provider.on('access_token.saved', (token) => state.issued.accessTokens.push(String(token.jti)));
  provider.on('refresh_token.saved', (token) => state.issued.refreshTokens.push(String(token.jti)));
  provider.on('authorization_code.saved', (token) => state.issued.codes.push(String(token.jti)));

  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) return approve(provider, ctx as KoaContextWithOIDC, state.login);
    await next();
    if (ctx.path === '/token/introspection' && dropped.has(String((ctx as KoaContextWithOIDC).oidc?.params?.token))) {
      ctx.body = { active: false };
    }
    if (ctx.path === '/token' && ctx.method === 'POST') {
      const oidc = (ctx as KoaContextWithOIDC).oidc;
      const body = ctx.body as { error?: string } | undefined;
      state.tokenRequests.push({
        grantType: String(oidc?.params?.grant_type ?? ''),
        status: ctx.status,
        ...(ctx.status >= 400 && body?.error && { error: body.error }),
      });
    }
  });
  server.on('request', provider.callback());

  const basic = `Basic ${Buffer.from(`${INTROSPECTION_CLIENT.id}:${INTROSPECTION_CLIENT.secret}`).toString('base64')}`;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  const authorize = async (url: string): Promise<string> => {
    const jar = new Map<string, string>();
    let next = url;
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(next, { redirect: 'manual', headers: { cookie: cookieHeader(jar) } });
      keepCookies(jar, response);
      const location = response.headers.get('location');
      if (!location) throw new Error(`authorization stopped at ${new URL(next).pathname} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
      await response.arrayBuffer();
      const target = new URL(location, next).href;
      if (!target.startsWith(issuer)) return target;
      next = target;
    }
    throw new Error('too many redirects in the authorization flow');
  };

  return {
    issuer,
    clientId: CLIENT_ID,
    authorizeUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    deviceUrl: `${issuer}/device/auth`,
    introspectionUrl: `${issuer}/token/introspection`,
    tokenRequests: state.tokenRequests,
    issued: state.issued,
    get login() {
      return state.login;
    },
    set login(user: string) {
      state.login = user;
    },
    authorize,
    approveDevice: (userCode) => approveDevice(issuer, userCode),
    async tokensFor(login) {
      const previous = state.login;
      state.login = login;
      try {
        const verifier = randomBytes(32).toString('base64url');
        const redirectUri = 'http://127.0.0.1:9/oauth/callback';
        const url = new URL(`${issuer}/auth`);
        const params = {
          response_type: 'code',
          client_id: CLIENT_ID,
          redirect_uri: redirectUri,
          scope: 'mail offline_access',
          state: randomBytes(8).toString('hex'),
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
        };
        for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
        const code = new URL(await authorize(url.href)).searchParams.get('code');
        if (!code) throw new Error('no code');
        const response = await fetch(`${issuer}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: CLIENT_ID, code_verifier: verifier }),
        });
        const body = (await response.json()) as { access_token: string; refresh_token: string };
        return { accessToken: body.access_token, refreshToken: body.refresh_token };
      } finally {
        state.login = previous;
      }
    },
    dropAccessToken(accessToken) {
      dropped.add(accessToken);
    },
    async introspect(token) {
      const response = await fetch(`${issuer}/token/introspection`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ token }),
      });
      const body = (await response.json()) as { active?: boolean; sub?: string };
      return body.active === true ? body.sub : undefined;
    },
    async revoke(refreshToken) {
      const response = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ token: refreshToken, token_type_hint: 'refresh_token', client_id: CLIENT_ID }),
      });
      if (!response.ok) throw new Error(`revocation failed with ${response.status}`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The login and consent screens: approve at once, as `login`, everything asked for. */
async function approve(provider: Provider, ctx: KoaContextWithOIDC, login: string): Promise<void> {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, session } = details;
  let result: Record<string, unknown>;
  if (prompt.name === 'login') {
    result = { login: { accountId: login } };
  } else {
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
    const missing = prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    result = { consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  ctx.respond = false;
}

/**
 * What a user does at the provider's device page: enters `userCode`, confirms, and
 * approves like `authorize`. Exported apart from the server for a page test, which runs it
 * in a Node process of its own (`approve-device.ts`): happy-dom's fetch is a page's.
 */
export async function approveDevice(issuer: string, userCode: string): Promise<void> {
  // The verification page with the code filled in, then its confirm form (with its xsrf field).
  const jar = new Map<string, string>();
  const page = await fetch(`${issuer}/device?user_code=${encodeURIComponent(userCode)}`, { headers: { cookie: cookieHeader(jar) } });
  keepCookies(jar, page);
  const html = await page.text();
  const fields = Object.fromEntries([...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  if (!fields.xsrf) throw new Error(`no device confirmation form: ${html.slice(0, 300)}`);
  const confirmed = await fetch(`${issuer}/device`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ ...fields, confirm: 'yes' }).toString(),
  });
  keepCookies(jar, confirmed);
  await confirmed.arrayBuffer();
  let next = confirmed.headers.get('location');
  for (let hop = 0; next && hop < 20; hop++) {
    const response = await fetch(new URL(next, issuer), { redirect: 'manual', headers: { cookie: cookieHeader(jar) } });
    keepCookies(jar, response);
    const text = await response.text();
    next = response.headers.get('location');
    if (!next && !/success/i.test(text)) throw new Error(`device approval ended with ${response.status}: ${text.slice(0, 300)}`);
  }
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    if (at > 0) jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}
