/**
 * An in-memory bridge behind the MailApi interface, for rendering the popup
 * without one: its calls can be held or made to fail, to drive optimistic
 * updates and rollbacks.
 */
import type { Address, AccountState, ForwardRequest, MailboxInfo, MarkedRead, MessageDetail, MessagePage, SentMessage, Status, Summary } from '@/bridge/api-types';
import type { MailApi, OutgoingMessage, PageQuery } from '@/utils/bridge/api';
import { BridgeError } from '@/utils/bridge/errors';

export interface FakeAccount {
  id: string;
  name?: string;
  state?: AccountState;
  error?: string;
  webmailUrl?: string;
  /** The watched mailboxes (default INBOX). */
  watch?: string[];
  /** Per mailbox path. */
  mailboxes: Record<string, Summary[]>;
}

type Method = keyof MailApi;

/**
 * A mail store in memory behind the MailApi interface: moves, flags and
 * replies change it as the bridge would change the server, so a test can
 * check the outcome and not only the calls.
 */
export class FakeApi implements MailApi {
  calls: { method: Method; args: unknown[] }[] = [];
  replies: { account: string; id: string; text: string; all: boolean }[] = [];
  /** New messages and forwards, as sent. */
  sent: { account: string; message: OutgoingMessage }[] = [];
  forwards: { account: string; id: string; request: ForwardRequest }[] = [];
  /** What `correspondents` answers. */
  people: Address[] = [];
  details = new Map<string, Partial<MessageDetail>>();
  blobs = new Map<string, Blob>();
  private failures = new Map<Method, Error>();
  private held = new Map<Method, { release: () => void; promise: Promise<void> }>();
  private nextId = 1;
  revision = 1;

  constructor(public accounts: FakeAccount[]) {}

  /** The next call of `method` fails like the bridge would. */
  failNext(method: Method, error: Error = new BridgeError('mail_server', 'The mail server said no', 502)): void {
    this.failures.set(method, error);
  }

  /** Calls of `method` wait until `release()` is called (to see the in-between state). */
  hold(method: Method): () => void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held.set(method, { release, promise });
    return () => {
      this.held.delete(method);
      release();
    };
  }

  private async enter(method: Method, args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await this.held.get(method)?.promise;
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw failure;
    }
  }

  callsOf(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  account(id: string): FakeAccount {
    const a = this.accounts.find((x) => x.id === id);
    if (!a) throw new BridgeError('not_found', `No account ${id}`, 404);
    return a;
  }

  find(account: string, id: string): { box: string; message: Summary } {
    for (const [box, list] of Object.entries(this.account(account).mailboxes)) {
      const message = list.find((m) => m.id === id);
      if (message) return { box, message };
    }
    throw new BridgeError('not_found', 'No such message', 404);
  }

  private moveTo(account: string, id: string, to: string): string {
    const { box, message } = this.find(account, id);
    const boxes = this.account(account).mailboxes;
    boxes[box] = boxes[box]!.filter((m) => m !== message);
    const moved = { ...message, id: `moved-${this.nextId++}`, mailbox: to };
    (boxes[to] ??= []).push(moved);
    this.revision++;
    return moved.id;
  }

  async status(): Promise<Status> {
    await this.enter('status', []);
    const accounts = this.accounts.map((a) => {
      const mailboxes = Object.entries(a.mailboxes)
        .filter(([path]) => (a.watch ?? ['INBOX']).includes(path))
        .map(([path, list]) => ({ path, unread: list.filter((m) => !m.seen).length }));
      const unread = mailboxes.reduce((n, m) => n + m.unread, 0);
      return {
        id: a.id,
        name: a.name ?? a.id,
        email: `${a.id}@example.test`,
        state: a.state ?? 'ok',
        ...(a.error ? { error: a.error } : {}),
        unread,
        mailboxes,
        ...(a.webmailUrl ? { webmailUrl: a.webmailUrl } : {}),
      };
    });
    return { revision: this.revision, total: accounts.reduce((n, a) => n + a.unread, 0), accounts };
  }

  async messages(account: string, mailbox: string, options: { limit: number; unseen?: boolean }): Promise<Summary[]> {
    await this.enter('messages', [account, mailbox, options]);
    const { limit, unseen = false } = options;
    // Copies, as JSON over HTTP would give: the popup must not share objects with the store.
    return structuredClone(
      (this.account(account).mailboxes[mailbox] ?? [])
        .filter((m) => !unseen || !m.seen)
        .sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
        .slice(0, limit),
    );
  }

  async message(account: string, id: string): Promise<MessageDetail> {
    await this.enter('message', [account, id]);
    const { message } = this.find(account, id);
    return structuredClone({
      ...message,
      to: [{ name: 'Me', address: `${account}@example.test` }],
      cc: [],
      replyTo: [],
      messageId: `<${id}@example.test>`,
      inReplyTo: null,
      references: [],
      text: `Body of ${message.subject}`,
      html: null,
      attachments: [],
      truncated: false,
      ...this.details.get(id),
    });
  }

  async setSeen(account: string, id: string, seen: boolean): Promise<void> {
    await this.enter('setSeen', [account, id, seen]);
    this.find(account, id).message.seen = seen;
    this.revision++;
  }

  async move(account: string, id: string, to: string): Promise<string> {
    await this.enter('move', [account, id, to]);
    return this.moveTo(account, id, to);
  }

  async trash(account: string, id: string): Promise<string> {
    await this.enter('trash', [account, id]);
    return this.moveTo(account, id, 'Trash');
  }

  async reply(account: string, id: string, text: string, all: boolean): Promise<void> {
    await this.enter('reply', [account, id, text, all]);
    this.find(account, id).message.answered = true;
    this.replies.push({ account, id, text, all });
  }

  async attachment(account: string, id: string, attachment: string): Promise<Blob> {
    await this.enter('attachment', [account, id, attachment]);
    return this.blobs.get(attachment) ?? new Blob(['x'], { type: 'application/octet-stream' });
  }

  async setFlagged(account: string, id: string, flagged: boolean): Promise<void> {
    await this.enter('setFlagged', [account, id, flagged]);
    this.find(account, id).message.flagged = flagged;
    this.revision++;
  }

  async mailboxes(account: string): Promise<MailboxInfo[]> {
    await this.enter('mailboxes', [account]);
    const special: Record<string, string> = { Trash: '\\Trash', Junk: '\\Junk', Archive: '\\Archive', Sent: '\\Sent' };
    return Object.entries(this.account(account).mailboxes)
      .filter(([path]) => !path.startsWith('\\'))
      .map(([path, list]) => ({
        path,
        name: path.split('/').pop()!,
        specialUse: special[path] ?? null,
        unread: list.filter((m) => !m.seen).length,
        total: list.length,
      }));
  }

  /**
   * Pages by position: the cursor is the index of the next page's first message.
   * `watched` (and `q` without a mailbox) merge the watched mailboxes; `q` matches
   * subject, sender or snippet, as the bridge's SEARCH matches subject, From or body.
   */
  async page(account: string, query: PageQuery): Promise<MessagePage> {
    await this.enter('page', [account, query]);
    const { mailbox, limit, unseen = false, before, q } = query;
    const boxes = this.account(account).mailboxes;
    const paths = mailbox !== undefined ? [mailbox] : (this.account(account).watch ?? ['INBOX']);
    const needle = q?.toLowerCase();
    const all = paths
      .flatMap((path) => boxes[path] ?? [])
      .filter((m) => !unseen || !m.seen)
      .filter((m) => !needle || [m.subject, m.from.name, m.from.address, m.snippet].some((f) => f.toLowerCase().includes(needle)))
      .sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
    const start = before ? Number(before) : 0;
    const messages = structuredClone(all.slice(start, start + limit));
    return { messages, next: start + limit < all.length ? String(start + limit) : null };
  }

  async markMailboxRead(account: string, mailbox: string): Promise<{ count: number; undo: MarkedRead }> {
    await this.enter('markMailboxRead', [account, mailbox]);
    const marked = (this.account(account).mailboxes[mailbox] ?? []).filter((m) => !m.seen);
    for (const m of marked) m.seen = true;
    this.revision++;
    return { count: marked.length, undo: { mailbox, uidValidity: '1', uids: marked.map((m) => m.uid).join(',') } };
  }

  async markMailboxUnread(account: string, undo: MarkedRead): Promise<number> {
    await this.enter('markMailboxUnread', [account, undo]);
    const uids = new Set(undo.uids.split(',').filter(Boolean).map(Number));
    const back = (this.account(account).mailboxes[undo.mailbox] ?? []).filter((m) => uids.has(m.uid) && m.seen);
    for (const m of back) m.seen = false;
    this.revision++;
    return back.length;
  }

  async send(account: string, message: OutgoingMessage): Promise<SentMessage> {
    await this.enter('send', [account, message]);
    this.sent.push({ account, message });
    return { messageId: `<sent-${this.nextId++}@example.test>`, savedToSent: true };
  }

  async forward(account: string, id: string, request: ForwardRequest): Promise<SentMessage> {
    await this.enter('forward', [account, id, request]);
    this.find(account, id);
    this.forwards.push({ account, id, request });
    return { messageId: `<fwd-${this.nextId++}@example.test>`, savedToSent: true };
  }

  async correspondents(account: string): Promise<Address[]> {
    await this.enter('correspondents', [account]);
    return structuredClone(this.people);
  }

  async remoteImage(account: string, id: string, url: string): Promise<Blob> {
    await this.enter('remoteImage', [account, id, url]);
    return this.blobs.get(url) ?? new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
  }
}
