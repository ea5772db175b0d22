import type { ImapFlow } from 'imapflow';
import type { AccountConfig } from '../config/schema';
import { ApiError } from '../errors';
import { describeError, type Logger } from '../log';
import { createImapClient, describeConnectError, isAuthenticationError } from '../imap/client';
import { countUnseen } from '../imap/mailboxes';
import { watchOtherMailboxes } from '../imap/notify';
import { backoffDelay } from './backoff';
import { type AuthKind, type Credential, CredentialError, type Secret } from './credentials';

/** How long a command whose connection dropped waits for the reconnect before it gives up. */
const RETRY_WAIT_MS = 10_000;

/** When to count again after the bridge's own change (see recountAfterChange). */
const SETTLE_MS = 1_500;

/**
 * Until IDLE has pushed anything, watched mailboxes are re-counted this often (a quarter
 * of the health check, at most 15 s). Cyrus, Courier and Microsoft 365 accept IDLE and
 * may never push with their usual settings: new mail would wait for the health check.
 * The health check's NOOP also ends and restarts IDLE well before servers' 29 minutes.
 */
const quietRecountMs = (healthCheckMs: number) => Math.min(15_000, Math.max(1_000, healthCheckMs / 4));

/** The connection died while a command ran on it (as opposed to: was not there to begin with). */
class ConnectionLost extends ApiError {
  constructor(account: string, cause: unknown) {
    super('not_connected', `Account "${account}" lost its connection to the mail server`, { cause });
  }
}

export type AccountState = 'connecting' | 'ok' | 'auth-error' | 'error';

/** Where each server block's secret comes from (see credentials.ts). */
export interface AccountCredentials {
  imap: Credential;
  smtp?: Credential;
}

export interface AccountOptions {
  log: Logger;
  credentials: AccountCredentials;
  healthCheckMs: number;
  /** Called whenever state or counts may have changed. */
  onChange: () => void;
}

interface Connection {
  generation: number;
  /** Runs every command; imapflow serialises them and its mailbox lock keeps SELECTs apart. */
  commander: ImapFlow;
  /** Only IDLEs on the first watched mailbox (and hears NOTIFY for the others). */
  watcher: ImapFlow;
  /** Whether IDLE has pushed a change yet (then the quiet re-count stops). */
  pushed?: boolean;
}

/**
 * One mail account: an explicit state machine (connecting → ok | auth-error | error)
 * owning two imapflow connections, so actions never wait behind IDLE. Every reconnect
 * makes new clients; events from a replaced client are ignored by generation. Bad
 * credentials stop the retries until the account's config changes (a new Account).
 */
export class Account {
  state: AccountState = 'connecting';
  error: string | undefined;
  readonly unread = new Map<string, number>();

  private connection: Connection | null = null;
  private generation = 0;
  private failures = 0;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private readonly recounts = new Map<string, 'running' | 'again'>();
  private readonly waiters = new Set<(ok: boolean) => void>();

  constructor(
    readonly config: AccountConfig,
    private readonly options: AccountOptions,
  ) {}

  get id(): string {
    return this.config.id;
  }

  get credentials(): AccountCredentials {
    return this.options.credentials;
  }

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.settleTimer);
    clearInterval(this.healthTimer);
    clearInterval(this.quietTimer);
    const connection = this.connection;
    this.connection = null;
    if (connection) await Promise.all([logout(connection.commander), logout(connection.watcher)]);
  }

  /**
   * Runs `task` on the command connection; 503 unless the account is connected. If the
   * connection dies under the task (some servers drop a session whose selected mailbox
   * was deleted), the task runs once more on the fresh connection: tasks check their
   * message id before acting, so a retry can't act on another message.
   */
  async withClient<T>(task: (client: ImapFlow) => Promise<T>): Promise<T> {
    try {
      return await this.attempt(task);
    } catch (err) {
      if (!(err instanceof ConnectionLost) || !(await this.connected(RETRY_WAIT_MS))) throw err;
      return this.attempt(task);
    }
  }

  private async attempt<T>(task: (client: ImapFlow) => Promise<T>): Promise<T> {
    const connection = this.connection;
    if (this.state !== 'ok' || !connection) {
      throw new ApiError('not_connected', `Account "${this.id}" is not connected (${this.state}${this.error ? `: ${this.error}` : ''})`);
    }
    try {
      return await task(connection.commander);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (!connection.commander.usable) {
        this.lost(connection.generation, err);
        throw new ConnectionLost(this.id, err);
      }
      this.options.log.warn('mail server refused a command', { account: this.id, err });
      throw new ApiError('mail_server', `The mail server refused: ${serverMessage(err)}`, { cause: err });
    }
  }

  /** Resolves true once the account is `ok` again, false if that takes longer than `ms`. */
  private connected(ms: number): Promise<boolean> {
    if (this.state === 'ok') return Promise.resolve(true);
    if (this.state === 'auth-error' || this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        resolve(false);
      }, ms);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      this.waiters.add(done);
    });
  }

  /**
   * Runs `task`, which changes mail, like withClient; once it succeeded, recounts the
   * mailboxes it `touched` (a list, or worked out from the task's result, e.g. a move's
   * target; every watched mailbox when not given). Callers can't forget the recount.
   */
  async mutate<T>(
    task: (client: ImapFlow) => Promise<T>,
    { touched }: { touched?: readonly string[] | ((result: T) => readonly string[]) } = {},
  ): Promise<T> {
    const result = await this.withClient(task);
    this.recountAfterChange(typeof touched === 'function' ? touched(result) : touched);
    return result;
  }

  /**
   * After the bridge changed mail itself: count now, and once more when other sessions'
   * changes made meanwhile have reached us. Dovecot holds IDLE pushes ~0.5 s, and a
   * change another client undoes within that time (our move in, their expunge) nets out
   * and is never pushed, which would leave our own count standing until the next check.
   */
  private recountAfterChange(paths?: readonly string[]): void {
    void this.recount(paths).catch(() => {}); // logged by recountOne
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => void this.recount().catch(() => {}), SETTLE_MS);
  }

  /** Re-reads the unseen count of watched mailboxes (all of them by default). */
  async recount(paths: readonly string[] = this.config.watch): Promise<void> {
    await Promise.all(paths.filter((path) => this.config.watch.includes(path)).map((path) => this.recountOne(path)));
  }

  /**
   * One connection attempt. A refused login is tried once more when the credential can
   * give a different secret (a refreshed access token, a token command run again); a
   * second refusal, or a credential that can't be had for good, is `auth-error`, and
   * nothing is tried again until the account changes.
   */
  private async connect(): Promise<void> {
    const generation = ++this.generation;
    clearInterval(this.healthTimer);
    clearInterval(this.quietTimer);
    this.setState('connecting');
    const credential = this.options.credentials.imap;
    for (let retried = false; ; retried = true) {
      let secret: Secret | undefined;
      const clients: ImapFlow[] = [];
      try {
        secret = await credential.get();
        if (generation !== this.generation) return;
        await this.open(generation, secret, clients);
        return;
      } catch (err) {
        if (generation !== this.generation) return;
        this.connection = null;
        for (const client of clients) client.close();
        if (err instanceof CredentialError && err.permanent) return this.authError(err.message);
        if (isAuthenticationError(err)) {
          if (!retried && secret && credential.refused(secret)) {
            this.options.log.info('login refused; once more with a fresh token', { account: this.id });
            continue;
          }
          return this.authError(REFUSED[credential.kind]);
        }
        this.setState('error', err instanceof CredentialError ? err.message : describeConnectError(err));
        this.scheduleReconnect(err);
        return;
      }
    }
  }

  /** Logs in both connections with `secret`, counts and starts watching; `clients` collects what to close on failure. */
  private async open(generation: number, secret: Secret, clients: ImapFlow[]): Promise<void> {
    const make = (role: string) => {
      const client = createImapClient({ server: this.config.imap, secret, log: this.options.log, label: `${this.id}/${role}` });
      clients.push(client);
      client.on('error', (err: unknown) => this.options.log.warn('imap connection error', { account: this.id, err }));
      client.on('close', () => this.lost(generation, new Error(`connection closed (${role})`)));
      return client;
    };
    const commander = make('commands');
    const watcher = make('idle');
    await Promise.all([commander.connect(), watcher.connect()]);
    if (generation !== this.generation) throw new Error('superseded');

    const connection: Connection = { generation, commander, watcher };
    this.connection = connection;
    await Promise.all(this.config.watch.map((path) => this.recountOne(path)));
    await this.startWatching(connection);
    this.failures = 0;
    this.setState('ok');
    this.healthTimer = setInterval(() => void this.healthCheck(connection), this.options.healthCheckMs);
    // recountOne logs a failed count; a dead connection is the health check's to find.
    this.quietTimer = setInterval(() => void (connection.pushed || this.recount().catch(() => {})), quietRecountMs(this.options.healthCheckMs));
    this.options.log.info('account connected', { account: this.id });
  }

  private authError(message: string): void {
    this.setState('auth-error', message);
    this.options.log.warn('login failed; not retrying until the account changes', { account: this.id });
  }

  private async startWatching(connection: Connection): Promise<void> {
    const { watcher } = connection;
    const [selected, ...others] = this.config.watch;
    await watcher.mailboxOpen(selected!, { readOnly: true });
    const onChange = () => {
      // A change that came while idling was pushed; one after our own NOOP was not.
      if (watcher.idling) connection.pushed = true;
      // Logged by recountOne; it rethrows when the connection went meanwhile (the reconnect's business).
      void this.recountOne(selected!).catch(() => {});
    };
    watcher.on('exists', onChange);
    watcher.on('expunge', onChange);
    watcher.on('flags', onChange);
    if (others.length > 0) {
      await watchOtherMailboxes(watcher, others, () => void this.recount(others).catch(() => {}));
    }
    void this.idleLoop(connection);
  }

  private async idleLoop({ generation, watcher }: Connection): Promise<void> {
    while (generation === this.generation && watcher.usable) {
      try {
        if ((await watcher.idle()) === false) break;
      } catch (err) {
        this.lost(generation, err);
        return;
      }
    }
  }

  /** A NOOP on both connections: a stalled server (no reply, TCP still open) is found and replaced. */
  private async healthCheck(connection: Connection): Promise<void> {
    if (connection.generation !== this.generation) return;
    const timeout = Math.min(30_000, Math.max(5_000, this.options.healthCheckMs / 2));
    try {
      await withTimeout(
        Promise.all([connection.commander.noop(), connection.watcher.noop(), this.recount()]),
        timeout,
        'the mail server stopped answering',
      );
    } catch (err) {
      this.lost(connection.generation, err);
    }
  }

  private async recountOne(path: string): Promise<void> {
    // Coalesce bursts: while one STATUS runs, later requests collapse into one more run.
    if (this.recounts.has(path)) {
      this.recounts.set(path, 'again');
      return;
    }
    this.recounts.set(path, 'running');
    try {
      do {
        this.recounts.set(path, 'running');
        const connection = this.connection;
        if (!connection) return;
        const unread = await countUnseen(connection.commander, path);
        if (connection !== this.connection) return;
        this.unread.set(path, unread);
        this.options.onChange();
      } while (this.recounts.get(path) === 'again');
    } catch (err) {
      this.options.log.warn('could not count unseen messages', { account: this.id, mailbox: path, err });
      if (this.connection === null || this.state === 'connecting') throw err;
    } finally {
      this.recounts.delete(path);
    }
  }

  private lost(generation: number, err: unknown): void {
    if (generation !== this.generation || this.stopped || this.state !== 'ok') return;
    this.generation++;
    clearInterval(this.healthTimer);
    clearInterval(this.quietTimer);
    const connection = this.connection;
    this.connection = null;
    connection?.commander.close();
    connection?.watcher.close();
    this.options.log.warn('connection lost; reconnecting', { account: this.id, err });
    this.setState('error', describeConnectError(err));
    this.scheduleReconnect(err);
  }

  private scheduleReconnect(err: unknown): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.failures++);
    this.options.log.info('reconnect scheduled', { account: this.id, delayMs: delay, err });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private setState(state: AccountState, error?: string): void {
    this.state = state;
    this.error = error;
    if (state === 'ok' || state === 'auth-error') {
      for (const waiter of this.waiters) waiter(state === 'ok');
      this.waiters.clear();
    }
    this.options.onChange();
  }
}

async function logout(client: ImapFlow): Promise<void> {
  try {
    await withTimeout(client.logout(), 2_000, 'logout timed out');
  } catch {
    client.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What a refused login means, per kind of credential. */
const REFUSED: Record<AuthKind, string> = {
  password: 'The mail server rejected the user name or password',
  passwordCommand: 'The mail server rejected the user name or password',
  oauth2: 'The mail server refused the access token, a fresh one too; check the user name, or sign in again',
  tokenCommand: 'The mail server refused the token from tokenCommand, also when run again',
};

function serverMessage(err: unknown): string {
  const responseText = (err as { responseText?: unknown }).responseText;
  if (typeof responseText === 'string' && responseText) return responseText;
  return String(describeError(err).message ?? 'unknown error');
}
