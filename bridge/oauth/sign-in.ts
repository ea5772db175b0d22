import { createHash, randomBytes } from 'node:crypto';
import type { AccountManager } from '../accounts/manager';
import { signInBlocks } from './blocks';
import type { AccountState } from '../accounts/account';
import type { OAuth2SignIn } from '../config/schema';
import { ApiError, isApiError } from '../errors';
import type { Logger } from '../log';
import { resolveClient } from './presets';
import { type Fetch, OAuthError, requestTokens, type TokenSet } from './token-endpoint';

/** How long a sign-in started with `oauth/start` may take before its state is refused. */
export const STATE_TTL_MS = 10 * 60_000;
/** Sign-ins waiting at once; the oldest goes first (each `start` makes one). */
const MAX_PENDING = 32;
/** How long the callback page waits to say whether the account connected. */
const CONNECT_WAIT_MS = 15_000;

export const CALLBACK_PATH = '/oauth/callback';

export interface SignInDeps {
  manager: AccountManager;
  /** The port the bridge listens on: part of the redirect URI. */
  port: () => number;
  log: Logger;
  fetch?: Fetch;
  now?: () => number;
}

/** What the callback page says. */
export type SignInOutcome =
  | { ok: true; email: string; state: AccountState; error?: string }
  | { ok: false; reason: 'state' | 'denied' | 'exchange' | 'no-refresh' | 'account'; detail?: string };

interface Pending {
  account: string;
  /** The block the sign-in is for, as it was at the start: the refresh token goes where it still matches. */
  client: OAuth2SignIn;
  verifier: string;
  redirectUri: string;
  expiresAt: number;
}

/**
 * Interactive sign-in: authorization code with PKCE (S256), through the user's browser
 * and back to the bridge's own loopback callback. The `state` is 256 random bits, kept
 * here for ten minutes and used once: it is what stands between the callback (which
 * needs no token, since the provider's redirect can't carry one) and anyone else on the
 * machine or on the web who opens it.
 */
export class SignInFlows {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: SignInDeps) {}

  /** Starts a sign-in for the account: the URL to open in the browser. */
  start(accountId: string): { url: string; redirectUri: string; expiresIn: number } {
    const config = this.deps.manager.configOf(accountId);
    const block = signInBlockOf(accountId, this.deps.manager);
    const client = resolveClient(block);
    this.sweep();
    while (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);

    const state = randomBytes(32).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = `http://${client.redirectHost}:${this.deps.port()}${CALLBACK_PATH}`;
    this.pending.set(state, { account: accountId, client: block, verifier, redirectUri, expiresAt: this.now() + STATE_TTL_MS });

    const url = new URL(client.authorizeUrl);
    const params = {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: redirectUri,
      scope: client.scopes.join(' '),
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      login_hint: config.email,
      ...client.authorizeParams,
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    this.deps.log.info('sign-in started', { account: accountId, provider: client.provider });
    return { url: url.href, redirectUri, expiresIn: STATE_TTL_MS / 1000 };
  }

  /**
   * The provider sent the browser back. A state that is unknown, used or expired changes
   * nothing; a known one is used up whatever happens next.
   */
  async complete(query: Record<string, string | undefined>): Promise<SignInOutcome> {
    const entry = query.state ? this.take(query.state) : undefined;
    if (!entry) {
      this.deps.log.warn('sign-in callback refused: unknown, used or expired state');
      return { ok: false, reason: 'state' };
    }
    if (query.error !== undefined) {
      const code = /^[\w.-]{1,64}$/.test(query.error) ? query.error : 'error';
      this.deps.log.warn('sign-in refused by the provider', { account: entry.account, oauthError: code });
      return { ok: false, reason: 'denied', detail: code };
    }
    if (!query.code) return { ok: false, reason: 'exchange', detail: 'no code' };

    let tokens: TokenSet;
    try {
      tokens = await requestTokens(
        resolveClient(entry.client),
        { grant_type: 'authorization_code', code: query.code, redirect_uri: entry.redirectUri, code_verifier: entry.verifier },
        this.deps.fetch,
      );
    } catch (err) {
      const detail = err instanceof OAuthError ? err.message : 'the sign-in server could not be asked';
      this.deps.log.warn('sign-in code exchange failed', { account: entry.account, ...(err instanceof OAuthError && err.code && { oauthError: err.code }) });
      return { ok: false, reason: 'exchange', detail };
    }
    return this.finish(entry.account, entry.client, tokens);
  }

  /** Saves what a sign-in (browser or device) gave and reconnects the account; shared with device.ts. */
  async finish(accountId: string, client: OAuth2SignIn, tokens: TokenSet): Promise<SignInOutcome> {
    const { refreshToken } = tokens;
    if (refreshToken === undefined) {
      this.deps.log.warn('sign-in gave no refresh token', { account: accountId });
      return { ok: false, reason: 'no-refresh' };
    }
    try {
      await this.deps.manager.signedIn(accountId, client, { ...tokens, refreshToken });
    } catch (err) {
      if (!isApiError(err)) throw err;
      return { ok: false, reason: 'account', detail: err.message };
    }
    this.deps.log.info('signed in', { account: accountId });
    const state = await this.deps.manager.settled(accountId, CONNECT_WAIT_MS);
    const error = this.deps.manager.status().accounts.find((account) => account.id === accountId)?.error;
    return { ok: true, email: this.deps.manager.configOf(accountId).email, state, ...(error && { error }) };
  }

  private take(state: string): Pending | undefined {
    const entry = this.pending.get(state);
    this.pending.delete(state);
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [state, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(state);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

/** The block an account signs in with: IMAP's, else SMTP's (an account may use OAuth2 for sending only). */
export function signInBlockOf(accountId: string, manager: AccountManager): OAuth2SignIn {
  const config = manager.configOf(accountId);
  const [block] = signInBlocks(config);
  if (!block) {
    throw new ApiError('bad_request', 'This account does not sign in with OAuth2: set `imap.oauth2` to a `provider` and `clientId` first');
  }
  return block;
}
