// Server-side search (subject, From, body) and listing across the watched mailboxes:
// newest first, paged with a cursor, each message once; mailboxes not watched stay out
// unless named. Summaries carry mailboxName and size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';

let dovecot: Dovecot;
let bridge: TestBridge;

const list = (query: string) => bridge.api(`/v1/accounts/alice/messages?${query}`);
const subjects = (response: { body: { messages: Array<{ subject: string }> } }) => response.body.messages.map((entry) => entry.subject);

/** Every page of a query, following `next`. */
async function walk(query: string): Promise<{ subjects: string[]; pages: number }> {
  const found: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await list(`${query}${cursor ? `&before=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    found.push(...subjects(response));
    cursor = response.body.next;
    pages++;
  } while (cursor && pages < 50);
  return { subjects: found, pages };
}

/** Messages dated a minute apart, in order, so "newest first" is known across mailboxes. */
let minute = 0;
async function put(mailbox: string, subject: string, options: { from?: string; body?: string; seen?: boolean } = {}) {
  const date = new Date(Date.UTC(2026, 11, 1, 8, minute++));
  const raw = mail({ subject, ...(options.from && { from: options.from }), ...(options.body && { body: options.body }) }).replace(/^Date: .*$/m, `Date: ${date.toUTCString()}`);
  await dovecot.append('alice', mailbox, raw, options.seen ? ['\\Seen'] : []);
}

beforeAll(async () => {
  dovecot = await startDovecot();
  const client = await dovecot.client();
  await client.mailboxCreate('Lists');
  await client.mailboxCreate('Lists/Work');
  await client.logout();
  // Oldest first. "kiwi" hides in subjects, senders and bodies of three mailboxes.
  await put('INBOX', 'Kiwi harvest plans');
  await put('Lists/Work', 'Weekly report', { from: 'Kiwi Growers <news@kiwi.test>' });
  await put('Archive', 'Old kiwi news');
  await put('INBOX', 'Lunch', { body: 'Shall we get a KIWI smoothie?\r\n', seen: true });
  await put('Lists/Work', 'Standup notes', { body: 'Nothing about fruit.\r\n' });
  await put('INBOX', 'Café crème', { body: 'Rendez-vous au café.\r\n' });
  await put('Lists/Work', 'Kiwi budget', { seen: true });
  await put('INBOX', 'Unrelated', { body: 'Nothing to see.\r\n' });
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, undefined, { watch: ['INBOX', 'Lists/Work'] })] });
  await bridge.waitUntilConnected();
});

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe('search', () => {
  it('finds the text in subjects, senders and bodies (any case) across the watched mailboxes, newest first', async () => {
    const response = await list('q=kiwi');
    expect(response.status).toBe(200);
    expect(subjects(response)).toEqual(['Kiwi budget', 'Lunch', 'Weekly report', 'Kiwi harvest plans']);
    expect(response.body.next).toBeNull();
  });

  it('searches one mailbox when it is named, also one not watched', async () => {
    expect(subjects(await list('q=kiwi&mailbox=INBOX'))).toEqual(['Lunch', 'Kiwi harvest plans']);
    expect(subjects(await list('q=kiwi&mailbox=Archive'))).toEqual(['Old kiwi news']);
  });

  it('finds non-ASCII text', async () => {
    expect(subjects(await list('q=caf%C3%A9'))).toEqual(['Café crème']);
  });

  it('answers an empty page for a miss', async () => {
    expect((await list('q=durian')).body).toEqual({ messages: [], next: null });
  });

  it('combines with unseen', async () => {
    expect(subjects(await list('q=kiwi&unseen=1'))).toEqual(['Weekly report', 'Kiwi harvest plans']);
  });

  it('pages through the hits with the cursor, each once', async () => {
    const walked = await walk('q=kiwi&limit=1');
    expect(walked.subjects).toEqual(['Kiwi budget', 'Lunch', 'Weekly report', 'Kiwi harvest plans']);
    const inOne = await walk('q=kiwi&mailbox=INBOX&limit=1');
    expect(inOne.subjects).toEqual(['Lunch', 'Kiwi harvest plans']);
  });

  it.each([
    ['an empty q', 'q='],
    ['a q too long', `q=${'x'.repeat(201)}`],
    ['a control character', 'q=a%0Db'],
    ['watched with a mailbox', 'watched=1&mailbox=INBOX'],
    ['a cursor from elsewhere', 'q=kiwi&before=bm9wZQ'],
    ['a single-mailbox cursor across mailboxes', `q=kiwi&before=${Buffer.from('1:5').toString('base64url')}`],
    ['an unknown parameter', 'q=kiwi&sort=asc'],
  ])('refuses %s with 400', async (_what, query) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
  });
});

describe('listing across the watched mailboxes (watched=1)', () => {
  it('merges every message newest first, read and unread, without mailboxes not watched', async () => {
    const walked = await walk('watched=1&limit=3');
    expect(walked.subjects).toEqual(['Unrelated', 'Kiwi budget', 'Café crème', 'Standup notes', 'Lunch', 'Weekly report', 'Kiwi harvest plans']);
    expect(walked.pages).toBe(3);
  });

  it('lists only the unread with unseen=1', async () => {
    expect((await walk('watched=1&unseen=1&limit=2')).subjects).toEqual(['Unrelated', 'Café crème', 'Standup notes', 'Weekly report', 'Kiwi harvest plans']);
  });

  it("gives each row its mailbox, that mailbox's name and its size", async () => {
    const response = await list('watched=1&limit=2');
    expect(response.body.messages[1]).toMatchObject({ subject: 'Kiwi budget', mailbox: 'Lists/Work', mailboxName: 'Work', size: expect.any(Number) });
    expect(response.body.messages[0]).toMatchObject({ subject: 'Unrelated', mailbox: 'INBOX', mailboxName: 'INBOX' });
    expect(response.body.messages[0].size).toBeGreaterThan(200);
    expect(response.body.messages[0].size).toBeLessThan(1000);
  });

  it('shows mail that arrived after the first page on the next first page, not in the middle of a walk', async () => {
    const first = await list('watched=1&limit=2');
    await put('Lists/Work', 'Late arrival');
    const rest = await walk(`watched=1&limit=50&before=${first.body.next}`);
    expect(rest.subjects).not.toContain('Late arrival');
    expect(subjects(await list('watched=1&limit=1'))).toEqual(['Late arrival']);
  });
});

describe('when a watched mailbox is recreated or gone', () => {
  it('answers 409 for a cursor from before, and leaves out a mailbox that is gone', async () => {
    const first = await list('watched=1&limit=1');
    const client = await dovecot.client();
    try {
      await client.mailboxDelete('Lists/Work');
      await client.mailboxCreate('Lists/Work');
      await client.append('Lists/Work', mail({ subject: 'In the new Work' }));
    } finally {
      await client.logout();
    }
    const stale = await list(`watched=1&limit=1&before=${first.body.next}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_id');

    const again = await dovecot.client();
    try {
      await again.mailboxDelete('Lists/Work');
    } finally {
      await again.logout();
    }
    const rest = await list('watched=1&limit=50');
    expect(rest.status).toBe(200);
    expect(rest.body.messages.length).toBeGreaterThan(0);
    expect(rest.body.messages.every((entry: { mailbox: string }) => entry.mailbox === 'INBOX')).toBe(true);
  });
});
