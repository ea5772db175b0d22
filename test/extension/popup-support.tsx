/**
 * What the popup tests share: real `_locales` messages behind `browser.i18n`
 * (WXT's fake browser leaves i18n unimplemented), and an in-memory MailApi
 * whose calls can be made to fail, to drive optimistic updates and rollbacks.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { render } from '@testing-library/preact';
import type { ComponentProps } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MessageDetail, Status, Summary } from '@/bridge/api-types';
import { App } from '@/entrypoints/popup/App';
import type { MailApi } from '@/utils/bridge/api';
import { BridgeError } from '@/utils/bridge/errors';
import { readPopupStart } from '@/utils/storage/popup';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export function readLocale(locale: string): Messages {
  return JSON.parse(readFileSync(path.resolve(__dirname, `../../public/_locales/${locale}/messages.json`), 'utf8'));
}

/** `browser.i18n` as Chrome does it: named placeholders, then `$1`…`$9`, `$$` for a dollar. */
export function installI18n(locale = 'en'): void {
  const messages = readLocale(locale);
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const fill = (text: string) => text.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
    const named = entry.message.replace(/\$([a-z0-9_@]+)\$/gi, (_, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '');
    return fill(named);
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => locale;
}

/** The string `key` has in English, for queries: `en('popup_action_archive')`. */
export function en(key: string, ...subs: string[]): string {
  installI18n('en');
  return fakeBrowser.i18n.getMessage(key as never, subs);
}

/** Opens the popup as `main.tsx` does: what storage holds is read first, then the App renders. */
export async function renderPopup(props: Omit<ComponentProps<typeof App>, 'start'> = {}) {
  return render(<App start={await readPopupStart()} {...props} />);
}

export const NOW = Date.parse('2026-11-26T10:00:00Z');

let uid = 100;
export function summary(subject: string, changes: Partial<Summary> = {}): Summary {
  uid++;
  return {
    id: `msg-${uid}`,
    mailbox: 'INBOX',
    uid,
    subject,
    from: { name: `Sender of ${subject}`, address: 'sender@example.test' },
    date: new Date(NOW - uid * 60_000).toISOString(),
    snippet: `Snippet of ${subject}`,
    seen: false,
    flagged: false,
    answered: false,
    hasAttachments: false,
    ...changes,
  };
}

export interface FakeAccount {
  id: string;
  name?: string;
  state?: 'connecting' | 'ok' | 'auth-error' | 'error';
  error?: string;
  webmailUrl?: string;
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
        .filter(([path]) => path === 'INBOX')
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

  async remoteImage(account: string, id: string, url: string): Promise<Blob> {
    await this.enter('remoteImage', [account, id, url]);
    return this.blobs.get(url) ?? new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
  }
}

/**
 * happy-dom's `Node.prototype.nodeName` getter answers '' (only subclasses
 * override it), and DOMPurify reads nodeName through that very getter to resist
 * DOM clobbering, so under happy-dom it would drop every element. Component
 * tests need a working sanitiser, so teach the base getter the real names.
 * (The sanitiser's security is tested in Chromium: test/extension/sanitize.test.ts.)
 */
export function fixHappyDomNodeName(): void {
  const proto = window.Node.prototype;
  Object.defineProperty(proto, 'nodeName', {
    configurable: true,
    get(this: Node & { tagName?: string; target?: string; name?: string }) {
      switch (this.nodeType) {
        case 1:
          return this.tagName ?? '';
        case 3:
          return '#text';
        case 4:
          return '#cdata-section';
        case 7:
          return this.target ?? '';
        case 8:
          return '#comment';
        case 9:
          return '#document';
        case 10:
          return this.name ?? '';
        case 11:
          return '#document-fragment';
        default:
          return '';
      }
    },
  });
}

/**
 * fetch over node:http, for talking to a real bridge from a happy-dom test:
 * happy-dom's own fetch sends `Origin: null` from a chrome-extension:// page,
 * which the bridge rightly refuses as a web page. An extension page with host
 * permissions sends no Origin at all, as this does.
 */
export const nodeFetch: typeof fetch = (input, init = {}) =>
  new Promise((resolve, reject) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    // Chromium sends a length with every request that may have a body; without
    // one the bridge (bodyLimit) answers 500 "ReadableStream is locked".
    const method = init.method ?? 'GET';
    if (typeof init.body === 'string') headers['content-length'] = String(Buffer.byteLength(init.body));
    else if (method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0';
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') responseHeaders.set(key, value);
        }
        const status = response.statusCode ?? 0;
        const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status, headers: responseHeaders }));
      });
      response.on('error', reject);
    });
    request.on('error', (error) => reject(new TypeError(`fetch failed: ${error.message}`)));
    init.signal?.addEventListener('abort', () => request.destroy(new Error('aborted')));
    if (typeof init.body === 'string') request.write(init.body);
    request.end();
  });
