import { EventEmitter } from 'node:events';
import { type AccountConfig, isTokenCommand, type OAuth2SignIn, type ServerConfig } from '../config/schema';
import type { ConfigStore } from '../config/store';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { replaceRefreshToken, signInBlocks, withRefreshToken } from '../oauth/blocks';
import { sameClient } from '../oauth/presets';
import type { Fetch, TokenSet } from '../oauth/token-endpoint';
import { TokenSources } from '../oauth/token-sources';
import { Account, type AccountCredentials, type AccountState } from './account';
import { authKindOf, type AuthKind, credentialFor } from './credentials';
import { verifyLogin } from './verify';
import { type AccountView, toView } from './view';

export interface MailboxStatus {
  path: string;
  unread: number;
}

export interface AccountStatus {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  error?: string;
  /**
   * How the IMAP server signs in: with `auth-error`, `oauth2` asks for "Sign in again",
   * the others for a new password or command. Always sent; optional for clients that
   * may talk to a bridge from before OAuth2.
   */
  authKind?: AuthKind;
  unread: number;
  mailboxes: MailboxStatus[];
  webmailUrl?: string;
}

export interface Status {
  revision: number;
  total: number;
  accounts: AccountStatus[];
}

/** What `/v1/events` sends: the status on open and on every change, and a keep-alive ping. */
export type EventMessage = { type: 'status'; status: Status } | { type: 'ping' };

export interface ManagerOptions {
  log: Logger;
  healthCheckMs: number;
  /** For OAuth2 token requests (tests may point elsewhere). */
  fetch?: Fetch;
}

/**
 * Holds the running accounts and the revisioned status. The revision changes only when
 * what `/v1/status` shows changes, so clients never see a "change" that isn't one.
 */
export class AccountManager extends EventEmitter<{ change: [Status] }> {
  private readonly accounts = new Map<string, Account>();
  private revision = 0;
  private lastShown = '';
  /** Access tokens in memory, shared by an account's IMAP and SMTP and kept across its restarts. */
  readonly tokens: TokenSources;

  constructor(
    private readonly store: ConfigStore,
    private readonly options: ManagerOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.tokens = new TokenSources({
      log: options.log,
      ...(options.fetch && { fetch: options.fetch }),
      onRotated: (account, previous, next) => this.saveRotated(account, previous, next),
    });
  }

  start(): void {
    for (const config of this.store.config.accounts) this.launch(config);
    this.touch();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.accounts.values()].map((account) => account.stop()));
    this.accounts.clear();
  }

  status(): Status {
    const accounts = [...this.accounts.values()].map(accountStatus);
    return { revision: this.revision, total: accounts.reduce((sum, account) => sum + account.unread, 0), accounts };
  }

  get(id: string): Account {
    const account = this.accounts.get(id);
    if (!account) throw new ApiError('not_found', 'No such account');
    return account;
  }

  /**
   * The account's config as saved now. Changes start from this, not from the running
   * Account's copy: a refresh token the provider rotated since is only here.
   */
  configOf(id: string): AccountConfig {
    const config = this.store.config.accounts.find((account) => account.id === id);
    if (!config) throw new ApiError('not_found', 'No such account');
    return config;
  }

  list(): AccountView[] {
    return this.store.config.accounts.map((config) => toView(config, this.accounts.get(config.id)));
  }

  view(id: string): AccountView {
    return toView(this.configOf(id), this.accounts.get(id));
  }

  /**
   * Saves and starts an account. A password, password command or token command is
   * tested by a login first; an OAuth2 sign-in is saved as it is and, without a refresh
   * token yet, waits in `auth-error` ("Not signed in yet") for `oauth/start`.
   */
  async add(config: AccountConfig): Promise<AccountView> {
    if (this.accounts.has(config.id)) throw new ApiError('bad_request', `An account with id "${config.id}" exists already`);
    if (testable(config.imap)) await verifyLogin(config.imap, this.options.log);
    await this.store.updateAccounts((accounts) => {
      if (accounts.some((account) => account.id === config.id)) throw new ApiError('bad_request', `An account with id "${config.id}" exists already`);
      return [...accounts, config];
    });
    this.launch(config);
    this.touch();
    return this.view(config.id);
  }

  /**
   * Saves a changed account and restarts it: new credentials end an `auth-error`.
   * `change` is applied to the saved config (again at the moment of saving, so a
   * refresh token rotated meanwhile is kept); with `verify`, the changed IMAP login is
   * tested first when it can be.
   */
  async update(id: string, change: (current: AccountConfig) => AccountConfig, { verify }: { verify: boolean }): Promise<AccountView> {
    this.get(id);
    const candidate = change(this.configOf(id));
    if (verify && testable(candidate.imap)) await verifyLogin(candidate.imap, this.options.log);
    const next = await this.replace(id, change);
    await this.restart(next);
    return this.view(id);
  }

  /**
   * A sign-in finished: the refresh token goes into every block of the account that
   * signs in as `client` (IMAP and SMTP share one sign-in), the tokens into memory, and
   * the account restarts with them.
   */
  async signedIn(id: string, client: OAuth2SignIn, tokens: TokenSet & { refreshToken: string }): Promise<void> {
    this.get(id);
    const next = await this.replace(id, (current) => withRefreshToken(current, client, tokens.refreshToken));
    const block = signInBlocks(next).find((oauth2) => sameClient(oauth2, client))!;
    this.tokens.source(id, block).accept(tokens);
    await this.restart(next);
  }

  async remove(id: string): Promise<void> {
    const account = this.get(id);
    await this.store.updateAccounts((accounts) => accounts.filter((config) => config.id !== id));
    this.accounts.delete(id);
    this.tokens.retain(id, []);
    await account.stop();
    this.touch();
  }

  /** Resolves with the account's state once it is no longer `connecting` (or after `ms`). */
  settled(id: string, ms: number): Promise<AccountState> {
    const state = () => this.accounts.get(id)?.state ?? 'error';
    if (state() !== 'connecting') return Promise.resolve(state());
    return new Promise((resolve) => {
      const done = () => {
        if (state() === 'connecting') return;
        clearTimeout(timer);
        this.off('change', done);
        resolve(state());
      };
      const timer = setTimeout(() => {
        this.off('change', done);
        resolve(state());
      }, ms);
      this.on('change', done);
    });
  }

  /** Saves `change(current)` for account `id` and answers what was saved. */
  private async replace(id: string, change: (current: AccountConfig) => AccountConfig): Promise<AccountConfig> {
    let next: AccountConfig | undefined;
    await this.store.updateAccounts((accounts) => accounts.map((config) => (config.id === id ? (next = change(config)) : config)));
    if (!next) throw new ApiError('not_found', 'No such account');
    return next;
  }

  private async restart(config: AccountConfig): Promise<void> {
    const current = this.accounts.get(config.id);
    if (current) await current.stop();
    this.launch(config);
    this.touch();
  }

  /** The provider rotated a refresh token: keep the new one where the old one was, in the file too. */
  private async saveRotated(id: string, previous: string, next: string): Promise<void> {
    try {
      await this.store.updateAccounts((accounts) =>
        accounts.map((config) => (config.id === id ? replaceRefreshToken(config, previous, next) : config)),
      );
    } catch (err) {
      this.options.log.error('could not save a rotated refresh token; the account may need a new sign-in after a restart', { account: id, err });
    }
  }

  private launch(config: AccountConfig): void {
    const credentials: AccountCredentials = {
      imap: credentialFor(config.imap, config.id, this.tokens),
      ...(config.smtp && { smtp: credentialFor(config.smtp, config.id, this.tokens) }),
    };
    this.tokens.retain(config.id, signInBlocks(config));
    const account = new Account(config, {
      log: this.options.log,
      credentials,
      healthCheckMs: this.options.healthCheckMs,
      onChange: () => {
        if (this.accounts.get(config.id) === account) this.touch();
      },
    });
    this.accounts.set(config.id, account);
    account.start();
  }

  /** Bumps the revision and tells listeners, but only if the visible status changed. */
  private touch(): void {
    const { revision: _, ...visible } = this.status();
    const shown = JSON.stringify(visible);
    if (shown === this.lastShown) return;
    this.lastShown = shown;
    this.revision++;
    this.emit('change', this.status());
  }
}

/** A login the bridge can test before saving: anything but an OAuth2 sign-in. */
function testable(server: ServerConfig): boolean {
  return !server.oauth2 || isTokenCommand(server.oauth2);
}

function accountStatus(account: Account): AccountStatus {
  const mailboxes = account.config.watch.map((path) => ({ path, unread: account.unread.get(path) ?? 0 }));
  return {
    id: account.id,
    name: account.config.name,
    email: account.config.email,
    state: account.state,
    ...(account.error && { error: account.error }),
    authKind: authKindOf(account.config.imap),
    unread: mailboxes.reduce((sum, mailbox) => sum + mailbox.unread, 0),
    mailboxes,
    ...(account.config.webmailUrl && { webmailUrl: account.config.webmailUrl }),
  };
}
