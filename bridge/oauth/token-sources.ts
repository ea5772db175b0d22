import type { OAuth2SignIn } from '../config/schema';
import { CredentialError, type Credential, type Secret } from '../accounts/credentials';
import type { Logger } from '../log';
import { resolveClient, type OAuthClient } from './presets';
import { type Fetch, OAuthError, requestTokens, type TokenSet } from './token-endpoint';

/** An access token is refreshed once less than this share of its life is left… */
const REFRESH_SHARE = 0.2;
/** …but at most this long before it expires (an hour-long token: at 59 minutes). */
const MAX_MARGIN_MS = 60_000;
/** When the provider does not say how long a token lives: assume briefly; a refusal refreshes anyway. */
const DEFAULT_LIFETIME_S = 300;

export interface TokenSourcesOptions {
  log: Logger;
  fetch?: Fetch;
  /** The provider replaced a refresh token: save `next` where `previous` was (config file). Never rejects. */
  onRotated(account: string, previous: string, next: string): Promise<void>;
  now?: () => number;
}

/**
 * Access tokens for one client and one refresh token, in memory only. A token is handed
 * out until it is close to expiry, then refreshed (one refresh at a time, however many
 * connections ask). A refresh the provider refuses for good ends this source: every
 * later `token()` fails at once, without asking the provider again, until a new sign-in
 * (or an edited client) makes a new source. That is what keeps a revoked sign-in from
 * becoming a storm of token requests.
 */
export class AccessTokenSource {
  private access: { token: string; expiresAt: number; lifetimeMs: number } | undefined;
  private failure: CredentialError | undefined;
  private inflight: Promise<string> | undefined;
  readonly client: OAuthClient;

  constructor(
    readonly account: string,
    readonly config: OAuth2SignIn,
    /** The refresh token now (the provider may rotate it). */
    public refreshToken: string | undefined,
    private readonly options: TokenSourcesOptions,
  ) {
    this.client = resolveClient(config);
  }

  /** Whether this source serves `oauth2` of `account`: same client, same refresh token. */
  serves(account: string, oauth2: OAuth2SignIn): boolean {
    const other = resolveClient(oauth2);
    return (
      account === this.account &&
      other.tokenUrl === this.client.tokenUrl &&
      other.clientId === this.client.clientId &&
      other.clientSecret === this.client.clientSecret &&
      other.scopes.join(' ') === this.client.scopes.join(' ') &&
      oauth2.refreshToken === this.refreshToken
    );
  }

  get usable(): boolean {
    return this.refreshToken !== undefined && this.failure === undefined;
  }

  /** Takes the tokens of a sign-in that just happened, so the first login needs no refresh. */
  accept(tokens: TokenSet): void {
    this.remember(tokens);
  }

  async token(): Promise<string> {
    if (this.failure) throw this.failure;
    const access = this.access;
    const now = this.now();
    if (access && access.expiresAt - Math.min(MAX_MARGIN_MS, access.lifetimeMs * REFRESH_SHARE) > now) return access.token;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The server refused `token`: the next `token()` refreshes (unless a newer one came meanwhile). */
  refused(token: string): void {
    if (this.access?.token === token) this.access = undefined;
  }

  private async refresh(): Promise<string> {
    const refreshToken = this.refreshToken;
    if (refreshToken === undefined) {
      throw new CredentialError(`Not signed in yet: sign in with ${providerName(this.client.provider)}`, true);
    }
    let tokens: TokenSet;
    try {
      tokens = await requestTokens(this.client, { grant_type: 'refresh_token', refresh_token: refreshToken }, this.options.fetch);
    } catch (err) {
      const message = err instanceof OAuthError ? err.message : 'The sign-in server could not be asked';
      if (err instanceof OAuthError && err.permanent) {
        this.failure = new CredentialError(`Sign-in is no longer valid; sign in again. ${message}`, true);
        this.options.log.warn('refresh token refused; not trying again until the account signs in again', {
          account: this.account,
          ...(err.code && { oauthError: err.code }),
        });
        throw this.failure;
      }
      throw new CredentialError(message, false);
    }
    if (tokens.refreshToken !== undefined && tokens.refreshToken !== refreshToken) {
      // The old one may be dead already: the new one is saved before its access token is used,
      // so a bridge that stops right after still starts with a working sign-in.
      this.refreshToken = tokens.refreshToken;
      await this.options.onRotated(this.account, refreshToken, tokens.refreshToken);
    }
    return this.remember(tokens);
  }

  private remember(tokens: TokenSet): string {
    const lifetimeMs = (tokens.expiresIn ?? DEFAULT_LIFETIME_S) * 1000;
    this.access = { token: tokens.accessToken, expiresAt: this.now() + lifetimeMs, lifetimeMs };
    return tokens.accessToken;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/**
 * The running token sources of every account. An account's IMAP and SMTP blocks that
 * sign in as the same client with the same refresh token share one source (one token,
 * one refresh, one rotation), and a source outlives a restart of its account (an edit
 * of the name keeps the access token and, after a refused refresh, the refusal).
 */
export class TokenSources {
  private readonly sources: AccessTokenSource[] = [];

  constructor(private readonly options: TokenSourcesOptions) {}

  /** The source for `oauth2` of `account`, reusing a running one that serves it. */
  source(account: string, oauth2: OAuth2SignIn): AccessTokenSource {
    const found = this.sources.find((source) => source.serves(account, oauth2));
    if (found) return found;
    const source = new AccessTokenSource(account, oauth2, oauth2.refreshToken, this.options);
    this.sources.push(source);
    return source;
  }

  credential(account: string, oauth2: OAuth2SignIn): Credential {
    const source = this.source(account, oauth2);
    return {
      kind: 'oauth2',
      get usable() {
        return source.usable;
      },
      get: async (): Promise<Secret> => ({ accessToken: await source.token() }),
      refused(secret) {
        if ('accessToken' in secret) source.refused(secret.accessToken);
        return true;
      },
    };
  }

  /** Drops the sources of `account` that none of `keep` uses (after an edit, a new sign-in, a removal). */
  retain(account: string, keep: readonly OAuth2SignIn[]): void {
    for (let i = this.sources.length - 1; i >= 0; i--) {
      const source = this.sources[i]!;
      if (source.account === account && !keep.some((oauth2) => source.serves(account, oauth2))) this.sources.splice(i, 1);
    }
  }
}

export function providerName(provider: OAuthClient['provider']): string {
  return { google: 'Google', microsoft: 'Microsoft', fastmail: 'Fastmail', custom: 'your provider' }[provider];
}
