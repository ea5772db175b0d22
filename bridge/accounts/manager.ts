import { EventEmitter } from 'node:events';
import type { AccountConfig, ServerConfig } from '../config/schema';
import type { ConfigStore } from '../config/store';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { Account, type AccountState } from './account';
import { verifyLogin } from './verify';

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

type PublicServer = Omit<ServerConfig, 'password' | 'passwordCommand'> & { passwordCommand?: true };

/** An account as the API shows it: never a password, never the password command. */
export interface AccountView extends Omit<AccountConfig, 'imap' | 'smtp'> {
  imap: PublicServer;
  smtp?: PublicServer;
}

export interface ManagerOptions {
  log: Logger;
  healthCheckMs: number;
}

/**
 * Holds the running accounts and the revisioned status. The revision changes only when
 * what `/v1/status` shows changes, so clients never see a "change" that isn't one.
 */
export class AccountManager extends EventEmitter<{ change: [Status] }> {
  private readonly accounts = new Map<string, Account>();
  private revision = 0;
  private lastShown = '';

  constructor(
    private readonly store: ConfigStore,
    private readonly options: ManagerOptions,
  ) {
    super();
    this.setMaxListeners(0);
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

  list(): AccountView[] {
    return this.store.config.accounts.map(toView);
  }

  view(id: string): AccountView {
    return toView(this.get(id).config);
  }

  /** Tests the login, then saves and starts the account. */
  async add(config: AccountConfig): Promise<AccountView> {
    if (this.accounts.has(config.id)) throw new ApiError('bad_request', `An account with id "${config.id}" exists already`);
    await verifyLogin(config.imap, this.options.log);
    await this.store.setAccounts([...this.store.config.accounts, config]);
    this.launch(config);
    this.touch();
    return toView(config);
  }

  /** Saves a changed account and restarts it: a fixed password ends an auth-error. */
  async update(id: string, next: AccountConfig, credentialsChanged: boolean): Promise<AccountView> {
    const current = this.get(id);
    if (credentialsChanged) await verifyLogin(next.imap, this.options.log);
    await this.store.setAccounts(this.store.config.accounts.map((config) => (config.id === id ? next : config)));
    await current.stop();
    this.launch(next);
    this.touch();
    return toView(next);
  }

  async remove(id: string): Promise<void> {
    const account = this.get(id);
    await this.store.setAccounts(this.store.config.accounts.filter((config) => config.id !== id));
    this.accounts.delete(id);
    await account.stop();
    this.touch();
  }

  private launch(config: AccountConfig): void {
    const account = new Account(config, {
      log: this.options.log,
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

function accountStatus(account: Account): AccountStatus {
  const mailboxes = account.config.watch.map((path) => ({ path, unread: account.unread.get(path) ?? 0 }));
  return {
    id: account.id,
    name: account.config.name,
    email: account.config.email,
    state: account.state,
    ...(account.error && { error: account.error }),
    unread: mailboxes.reduce((sum, mailbox) => sum + mailbox.unread, 0),
    mailboxes,
    ...(account.config.webmailUrl && { webmailUrl: account.config.webmailUrl }),
  };
}

function toView({ imap, smtp, ...rest }: AccountConfig): AccountView {
  return { ...rest, imap: publicServer(imap), ...(smtp && { smtp: publicServer(smtp) }) };
}

function publicServer({ password: _password, passwordCommand, ...rest }: ServerConfig): PublicServer {
  return { ...rest, ...(passwordCommand && { passwordCommand: true as const }) };
}
