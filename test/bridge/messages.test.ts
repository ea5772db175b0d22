// Reading and acting on messages through the API, checked against Dovecot's own state.
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { compose, PNG } from '../support/compose';
import { serverState } from '../support/server-state';
import { fetchSnippets } from '../../bridge/imap/snippets';

let dovecot: Dovecot;
let bridge: TestBridge;
let imageServer: Server;
let imageBase: string;
const imageRequests: string[] = [];

const messages = (query = '') => bridge.api(`/v1/accounts/alice/messages${query}`);
const message = (id: string, suffix = '', init?: Parameters<TestBridge['api']>[1]) => bridge.api(`/v1/accounts/alice/messages/${id}${suffix}`, init);

/** Flags of every message in a mailbox, by subject, as Dovecot sees them. */
async function flagsBySubject(mailbox: string): Promise<Map<string, Set<string>>> {
  return new Map((await serverState(dovecot, [mailbox])).map(({ subject, flags }) => [subject, new Set(flags)]));
}

async function appendAndFind(raw: string | Buffer, subject: string, mailbox = 'INBOX', flags?: string[]) {
  await dovecot.append('alice', mailbox, raw, flags);
  return bridge.find(subject, { mailbox });
}

beforeAll(async () => {
  dovecot = await startDovecot();
  const client = await dovecot.client();
  for (const mailbox of ['Projects', 'Recreated']) await client.mailboxCreate(mailbox);
  await client.logout();
  imageServer = createServer((request, response) => {
    imageRequests.push(request.url ?? '');
    if (request.url === '/pixel.png') response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    else if (request.url === '/page.html') response.writeHead(200, { 'content-type': 'text/html' }).end('<b>not an image</b>');
    else if (request.url === '/huge.png') response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(6 * 1024 * 1024));
    else if (request.url === '/vector.svg') response.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"/>');
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
  imageBase = `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}`;
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot)], allowPrivateRemoteImages: true });
  await bridge.waitUntilConnected();
});

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
  await new Promise((resolve) => imageServer?.close(resolve));
});

describe('listing', () => {
  beforeAll(async () => {
    for (let n = 1; n <= 7; n++) await dovecot.append('alice', 'Projects', mail({ subject: `Project ${n}` }), n % 2 === 0 ? ['\\Seen'] : []);
  });

  it('pages newest first through every message, each exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await messages(`?mailbox=Projects&limit=3${cursor ? `&before=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...response.body.messages.map((entry: any) => entry.subject));
      cursor = response.body.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Project 7', 'Project 6', 'Project 5', 'Project 4', 'Project 3', 'Project 2', 'Project 1']);
  });

  it('lists only unseen messages when asked, newest first, paging with the cursor', async () => {
    const first = await messages('?mailbox=Projects&unseen=1&limit=2');
    expect(first.body.messages.map((entry: any) => entry.subject)).toEqual(['Project 7', 'Project 5']);
    const second = await messages(`?mailbox=Projects&unseen=1&limit=2&before=${first.body.next}`);
    expect(second.body.messages.map((entry: any) => entry.subject)).toEqual(['Project 3', 'Project 1']);
    expect(second.body.next).toBeNull();
  });

  it('gives each summary the contract fields', async () => {
    const response = await messages('?mailbox=Projects&limit=1');
    expect(response.body.messages[0]).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      mailbox: 'Projects',
      mailboxName: 'Projects',
      uid: 7,
      subject: 'Project 7',
      from: { name: 'Bob', address: 'bob@example.test' },
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      snippet: 'Hi Alice, this is a test.',
      seen: false,
      flagged: false,
      answered: false,
      hasAttachments: false,
      size: expect.any(Number),
    });
  });

  it('answers an empty page for an empty mailbox', async () => {
    const response = await messages('?mailbox=Drafts');
    expect(response.body).toEqual({ messages: [], next: null });
  });

  it.each([
    ['an unknown mailbox', '?mailbox=Nope', 404],
    ['a cursor it never made', '?before=garbage!!', 400],
    ['a limit over 100', '?limit=101', 400],
    ['an unknown parameter', '?folder=INBOX', 400],
  ])('refuses %s', async (_what, query, status) => {
    const response = await messages(query);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toEqual(expect.any(String));
  });
});

describe('summaries and snippets', () => {
  it('makes a snippet from an HTML-only message without its markup, styles or entities', async () => {
    const raw = await compose({ subject: 'Newsletter', html: '<style>p{color:red}</style><p>Big&nbsp;news &amp; more</p><script>alert(1)</script>' });
    const summary = await appendAndFind(raw, 'Newsletter');
    expect(summary.snippet).toBe('Big news & more');
  });

  it('decodes base64 bodies in legacy charsets', async () => {
    const body = Buffer.from('Caf\xe9 cr\xe8me, tr\xe8s bien', 'latin1').toString('base64');
    const raw = `From: Zoë <zoe@example.test>\r\nTo: alice@example.test\r\nSubject: =?iso-8859-1?q?Caf=E9?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`;
    const summary = await appendAndFind(raw, 'Café');
    expect(summary.snippet).toBe('Café crème, très bien');
  });

  it('cuts long snippets to 200 characters on one line', async () => {
    const summary = await appendAndFind(mail({ subject: 'Long', body: `${'word '.repeat(100)}\r\n\r\n${'more '.repeat(100)}` }), 'Long');
    expect(summary.snippet.length).toBeLessThanOrEqual(200);
    expect(summary.snippet).not.toMatch(/\n/);
  });

  it('without server PREVIEW, decodes a partial fetch of the first text part instead', async () => {
    const raw = await compose({
      subject: 'No preview',
      text: `Grüße aus ${'Köln '.repeat(600)}`,
      attachments: [{ filename: 'a.txt', content: 'attachment text must not be the snippet' }],
    });
    await dovecot.append('alice', 'Projects', raw);
    const client = await dovecot.client();
    try {
      client.capabilities.delete('PREVIEW');
      const lock = await client.getMailboxLock('Projects');
      try {
        const fetched = await client.fetchAll('*', { uid: true, bodyStructure: true }, { uid: false });
        const snippets = await fetchSnippets(client, fetched);
        expect(snippets.get(fetched[0]!.uid)).toMatch(/^Grüße aus Köln Köln .*…$/);
        expect(snippets.get(fetched[0]!.uid)!.length).toBeLessThanOrEqual(200);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('says whether a message has attachments', async () => {
    const raw = await compose({ subject: 'With file', text: 'See attached.', attachments: [{ filename: 'notes.txt', content: 'hello file' }] });
    const summary = await appendAndFind(raw, 'With file');
    expect(summary.hasAttachments).toBe(true);
  });
});

describe('reading a message', () => {
  let id: string;
  const html = '<p>Hello <b>Alice</b></p><img src="cid:logo@example.test"><img src="IMAGE_URL">';

  beforeAll(async () => {
    const raw = await compose({
      subject: 'Full view',
      cc: 'Carol <carol@example.test>',
      replyTo: 'Bob Replies <replies@example.test>',
      inReplyTo: '<earlier@example.test>',
      references: ['<first@example.test>', '<earlier@example.test>'],
      text: 'Hello Alice',
      html: html.replace('IMAGE_URL', `${imageBase}/pixel.png`) + `<img src="${imageBase}/page.html"><img src="${imageBase}/vector.svg"><img src="${imageBase}/huge.png"><a href="file:///etc/passwd">x</a><img src="ftp://example.test/a.png">`,
      attachments: [
        { filename: 'logo.png', content: PNG, cid: 'logo@example.test' },
        { filename: 'report.pdf', content: Buffer.alloc(3000, 7), contentType: 'application/pdf' },
      ],
    });
    id = (await appendAndFind(raw, 'Full view')).id;
  });

  it('gives headers, text, html and the attachment list, and does not mark it seen', async () => {
    const response = await message(id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      subject: 'Full view',
      to: [{ name: 'Alice', address: 'alice@example.test' }],
      cc: [{ name: 'Carol', address: 'carol@example.test' }],
      replyTo: [{ name: 'Bob Replies', address: 'replies@example.test' }],
      inReplyTo: '<earlier@example.test>',
      references: ['<first@example.test>', '<earlier@example.test>'],
      text: expect.stringContaining('Hello Alice'),
      html: expect.stringContaining('<b>Alice</b>'),
      seen: false,
    });
    expect(response.body.messageId).toMatch(/^<.+>$/);
    const attachments = response.body.attachments;
    expect(attachments).toEqual([
      expect.objectContaining({ filename: 'logo.png', contentType: 'image/png', contentId: 'logo@example.test' }),
      expect.objectContaining({ filename: 'report.pdf', contentType: 'application/pdf', inline: false }),
    ]);
    // The size of the file itself, not of its base64 (a third more): the padding isn't
    // in BODYSTRUCTURE, so up to 2 bytes over.
    expect(attachments[1].size).toBe(3000);
    expect(attachments[0].size).toBeGreaterThanOrEqual(PNG.length);
    expect(attachments[0].size).toBeLessThanOrEqual(PNG.length + 2);
    expect((await flagsBySubject('INBOX')).get('Full view')?.has('\\Seen')).toBe(false);
  });

  it('streams an attachment with its bytes and a download disposition, still not seen', async () => {
    const detail = await message(id);
    const pdf = detail.body.attachments.find((attachment: any) => attachment.filename === 'report.pdf');
    const response = await message(id, `/attachments/${pdf.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="report.pdf"/);
    expect(response.raw).toEqual(Buffer.alloc(3000, 7));

    const logo = detail.body.attachments.find((attachment: any) => attachment.filename === 'logo.png');
    expect((await message(id, `/attachments/${logo.id}`)).raw).toEqual(PNG);
    expect((await flagsBySubject('INBOX')).get('Full view')?.has('\\Seen')).toBe(false);
  });

  it('serves other requests while a big download is not being read', async () => {
    const big = Buffer.alloc(24 * 1024 * 1024, 5);
    const raw = await compose({ subject: 'Big attachment', text: 'see attached', attachments: [{ filename: 'big.bin', content: big }] });
    const bigId = (await appendAndFind(raw, 'Big attachment')).id;
    const attachment = (await message(bigId)).body.attachments[0];

    // The browser starts the download and then reads nothing (a paused download).
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(`${bridge.url}/v1/accounts/alice/messages/${bigId}/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${bridge.token}` } }, resolve).on('error', reject);
    });
    response.pause();
    try {
      expect(response.statusCode).toBe(200);
      // The same account's IMAP connection is free: a listing and a flag change go through.
      expect((await messages('?mailbox=INBOX&limit=5')).status).toBe(200);
      expect((await message(bigId, '', { method: 'PATCH', body: { flagged: true } })).status).toBe(200);

      let received = 0;
      for await (const chunk of response) received += (chunk as Buffer).length;
      expect(received).toBe(big.length);
    } finally {
      response.destroy();
    }
  });

  it('answers 404 for an attachment that is not there', async () => {
    expect((await message(id, '/attachments/9')).status).toBe(404);
    expect((await message(id, '/attachments/..%2F..%2Fetc')).status).toBe(400);
  });

  it('loads a remote image that occurs in the message, through the bridge', async () => {
    const url = `${imageBase}/pixel.png`;
    const response = await message(id, `/remote?url=${encodeURIComponent(url)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.raw).toEqual(PNG);
  });

  it.each([
    ['a URL that is not in the message', '/other.png', 403],
    ['a page that is not an image', '/page.html', 400],
    ['an SVG', '/vector.svg', 400],
  ])('refuses %s', async (_what, pathname, status) => {
    const response = await message(id, `/remote?url=${encodeURIComponent(imageBase + pathname)}`);
    expect(response.status).toBe(status);
  });

  it('says an image over 5 MB is too large (its own code, so the reader can say why)', async () => {
    const response = await message(id, `/remote?url=${encodeURIComponent(`${imageBase}/huge.png`)}`);
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ error: { code: 'too_large', message: 'The image is larger than 5 MB' } });
  });

  it.each(['file:///etc/passwd', 'ftp://example.test/a.png'])('refuses the non-http URL %s even when it is in the message', async (url) => {
    const response = await message(id, `/remote?url=${encodeURIComponent(url)}`);
    expect(response.status).toBe(400);
  });

  it('refuses loopback and private addresses unless the config allows them', async () => {
    const strict = await startTestBridge({ accounts: [aliceAccount(dovecot)] });
    try {
      await strict.waitUntilConnected();
      const before = imageRequests.length;
      const response = await strict.api(`/v1/accounts/alice/messages/${id}/remote?url=${encodeURIComponent(`${imageBase}/pixel.png`)}`);
      expect(response.status).toBe(403);
      expect(imageRequests.length).toBe(before);
    } finally {
      await strict.stopAll();
    }
  });
});

describe('actions', () => {
  it('marks read and unread, flags and unflags, as the server sees it', async () => {
    const { id } = await appendAndFind(mail({ subject: 'Flag me' }), 'Flag me');
    expect((await message(id, '', { method: 'PATCH', body: { seen: true, flagged: true } })).status).toBe(200);
    expect([...((await flagsBySubject('INBOX')).get('Flag me') ?? [])].sort()).toEqual(['\\Flagged', '\\Seen']);
    expect((await message(id, '', { method: 'PATCH', body: { seen: false } })).status).toBe(200);
    expect([...((await flagsBySubject('INBOX')).get('Flag me') ?? [])]).toEqual(['\\Flagged']);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { seen: true, deleted: true }],
    ['a wrong type', { seen: 'yes' }],
  ])('refuses a flag change with %s and changes nothing', async (_what, body) => {
    const { id } = await appendAndFind(mail({ subject: `Untouched ${JSON.stringify(body)}` }), `Untouched ${JSON.stringify(body)}`);
    const response = await message(id, '', { method: 'PATCH', body });
    expect(response.status).toBe(400);
    expect([...((await flagsBySubject('INBOX')).get(`Untouched ${JSON.stringify(body)}`) ?? [])]).toEqual([]);
  });

  it('archives to the \\Archive mailbox and returns the id there', async () => {
    const { id } = await appendAndFind(mail({ subject: 'Archive me' }), 'Archive me');
    const moved = await message(id, '/move', { method: 'POST', body: { to: '\\Archive' } });
    expect(moved.status).toBe(200);
    expect((await flagsBySubject('Archive')).has('Archive me')).toBe(true);
    expect((await flagsBySubject('INBOX')).has('Archive me')).toBe(false);
    expect((await message(moved.body.id)).body.subject).toBe('Archive me');
    expect((await message(id)).status).toBe(404);
  });

  it('moves by mailbox path, and refuses a mailbox that does not exist', async () => {
    const { id } = await appendAndFind(mail({ subject: 'File me' }), 'File me');
    expect((await message(id, '/move', { method: 'POST', body: { to: 'Nowhere' } })).status).toBe(404);
    expect((await message(id, '/move', { method: 'POST', body: { to: '\\Nonsense' } })).status).toBe(404);
    const moved = await message(id, '/move', { method: 'POST', body: { to: 'Projects' } });
    expect(moved.status).toBe(200);
    expect((await flagsBySubject('Projects')).has('File me')).toBe(true);
  });

  it('deletes into Trash, and undo brings the message back to INBOX', async () => {
    const { id } = await appendAndFind(mail({ subject: 'Delete me' }), 'Delete me');
    const deleted = await message(id, '', { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await flagsBySubject('Trash')).has('Delete me')).toBe(true);
    expect((await flagsBySubject('INBOX')).has('Delete me')).toBe(false);

    const undone = await message(deleted.body.id, '/move', { method: 'POST', body: { to: 'INBOX' } });
    expect(undone.status).toBe(200);
    expect((await flagsBySubject('INBOX')).has('Delete me')).toBe(true);
    expect((await flagsBySubject('Trash')).has('Delete me')).toBe(false);
  });

  it('expunges only with ?permanent=1', async () => {
    const { id } = await appendAndFind(mail({ subject: 'Gone for good' }), 'Gone for good');
    expect((await message(id, '?permanent=1', { method: 'DELETE' })).status).toBe(200);
    expect((await flagsBySubject('INBOX')).has('Gone for good')).toBe(false);
    expect((await flagsBySubject('Trash')).has('Gone for good')).toBe(false);
    expect((await message(id)).status).toBe(404);
  });
});

describe('message ids', () => {
  it.each(['nonsense', 'WyJtMSJd', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(2001)])('answers 404 or 400 for an id it never made: %s', async (id) => {
    const response = await message(id);
    expect([400, 404]).toContain(response.status);
    expect(response.body.error.code).toEqual(expect.any(String));
  });

  it('answers 409 for an id from before the mailbox was recreated, never another message', async () => {
    const { id } = await appendAndFind(mail({ subject: 'Old life' }), 'Old life', 'Recreated');
    const client = await dovecot.client();
    await client.mailboxDelete('Recreated');
    await client.mailboxCreate('Recreated');
    await client.logout();
    await dovecot.append('alice', 'Recreated', mail({ subject: 'New life' }));

    for (const attempt of [message(id), message(id, '', { method: 'PATCH', body: { seen: true } }), message(id, '', { method: 'DELETE' })]) {
      const response = await attempt;
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('stale_id');
    }
    expect([...((await flagsBySubject('Recreated')).get('New life') ?? [])]).toEqual([]);
    const fresh = await messages('?mailbox=Recreated');
    expect(fresh.body.messages.map((entry: any) => entry.subject)).toEqual(['New life']);
  });
});
