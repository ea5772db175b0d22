// Hostile and broken messages, stored in a real Dovecot and then listed, opened and
// downloaded through the bridge: nothing crashes, nothing answers 5xx, memory stays
// bounded, and every message still shows up with some subject, snippet and text.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliceAccount, mail, startTestBridge, type ApiInit, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { mulberry32 } from '../support/prng';

let dovecot: Dovecot;
let bridge: TestBridge;
/** Mailboxes holding one hostile message each, for the final mixed page. */
const stored: string[] = [];
let baselineRss = 0;

const MB = 1024 * 1024;

function randomBytes(seed: number, length: number): Buffer {
  const next = mulberry32(seed);
  const words = new Uint32Array(Math.ceil(length / 4));
  for (let i = 0; i < words.length; i++) words[i] = next();
  return Buffer.from(words.buffer, 0, length);
}

/** Base64 in 76-character lines, built in one buffer (the 50 MB case would be slow as a string join). */
function base64Lines(data: Buffer): Buffer {
  const encoded = Buffer.from(data.toString('base64'), 'latin1');
  const lines = Math.ceil(encoded.length / 76);
  const out = Buffer.alloc(encoded.length + lines * 2);
  let at = 0;
  for (let i = 0; i < encoded.length; i += 76) {
    at += encoded.copy(out, at, i, Math.min(i + 76, encoded.length));
    out[at++] = 0x0d;
    out[at++] = 0x0a;
  }
  return out;
}

const head = (subject: string, extra = '') =>
  `From: Mallory <mallory@example.test>\r\nTo: Alice <alice@example.test>\r\nSubject: ${subject}\r\n` +
  `Date: Tue, 24 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${subject.slice(0, 40).replace(/[^a-z0-9]/gi, '-')}@example.test>\r\nMIME-Version: 1.0\r\n${extra}`;

function nestedMultiparts(depth: number): string {
  let opening = head('Ten thousand nested multiparts', 'Content-Type: multipart/mixed; boundary="n0"\r\n') + '\r\n';
  const closing: string[] = [];
  for (let i = 0; i < depth; i++) {
    const inner = i + 1 < depth ? `multipart/mixed; boundary="n${i + 1}"` : 'text/plain; charset=utf-8';
    opening += `--n${i}\r\nContent-Type: ${inner}\r\n\r\n`;
    closing.push(`\r\n--n${i}--\r\n`);
  }
  return opening + 'The innermost text of the nest.\r\n' + closing.reverse().join('');
}

function siblingParts(count: number): string {
  const parts = [`--s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe first of ten thousand parts.\r\n`];
  for (let i = 1; i < count; i++) {
    parts.push(
      i % 2
        ? `--s\r\nContent-Type: text/plain\r\n\r\nsibling ${i}\r\n`
        : `--s\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="f${i}.bin"\r\n\r\nx${i}\r\n`,
    );
  }
  return head('Ten thousand sibling parts', 'Content-Type: multipart/mixed; boundary="s"\r\n') + '\r\n' + parts.join('') + '--s--\r\n';
}

interface HostileCase {
  name: string;
  raw: () => Buffer;
  /** Text the opened message must contain; '' = any text at all (the message has no readable body). */
  text: string;
  /** Text the listed subject must contain, where the header survives. */
  subject?: string;
}

// Dovecot 2.3 stores every one of these as given (NUL bytes, the 1 MB header line and
// 8-bit headers included: its line-length limit is for commands, not message literals),
// so no case needs an "APPEND refused" branch; a Dovecot that refused one would fail here
// at the APPEND, visibly, rather than pass without testing the bridge.
const CASES: HostileCase[] = [
  ...[1, 2, 3].map((seed) => ({ name: `random bytes (seed ${seed})`, raw: () => randomBytes(seed, 64 * 1024), text: '' })),
  {
    name: 'a valid header over a random body (seed 4)',
    raw: () => Buffer.concat([Buffer.from(head('Random body', 'Content-Type: text/plain; charset=utf-8\r\n') + '\r\n'), randomBytes(4, 64 * 1024)]),
    text: '',
    subject: 'Random body',
  },
  {
    name: 'a multipart whose closing boundary never comes',
    raw: () =>
      Buffer.from(
        head('Truncated multipart', 'Content-Type: multipart/mixed; boundary="cut"\r\n') +
          '\r\n--cut\r\nContent-Type: text/plain\r\n\r\nThe text before the cut.\r\n' +
          '--cut\r\nContent-Type: application/pdf; name="half.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfs\r\nj6IKNSAwIG9iago8',
      ),
    text: 'The text before the cut.',
    subject: 'Truncated multipart',
  },
  {
    name: 'a multipart cut off inside a part header',
    raw: () =>
      Buffer.from(
        head('Cut in a header', 'Content-Type: multipart/alternative; boundary="h"\r\n') +
          '\r\n--h\r\nContent-Type: text/plain\r\n\r\nStill readable.\r\n--h\r\nContent-Type: text/html; charset="utf',
      ),
    text: 'Still readable.',
    subject: 'Cut in a header',
  },
  { name: '10 000 nested multipart parts', raw: () => Buffer.from(nestedMultiparts(10_000)), text: '', subject: 'Ten thousand nested multiparts' },
  { name: '10 000 sibling parts', raw: () => Buffer.from(siblingParts(10_000)), text: 'The first of ten thousand parts.', subject: 'Ten thousand sibling parts' },
  {
    name: 'a Subject of 1 MB on one line',
    raw: () => Buffer.from(mail({ subject: 'Long ' + 'x'.repeat(MB), body: 'Body under a long subject.\r\n' })),
    text: 'Body under a long subject.',
    subject: 'Long xxx',
  },
  {
    name: 'an unknown charset (x-unknown)',
    raw: () => Buffer.from(head('Unknown charset', 'Content-Type: text/plain; charset=x-unknown\r\n') + '\r\nPlain words \xe9\xe8 in an unknown charset.\r\n', 'latin1'),
    text: 'Plain words',
    subject: 'Unknown charset',
  },
  {
    name: 'a broken charset parameter (charset="utf-8\\"; broken")',
    raw: () => Buffer.from(head('Broken charset', 'Content-Type: text/plain; charset="utf-8\\"; broken"\r\n') + '\r\nWords behind a broken charset.\r\n'),
    text: 'Words behind a broken charset.',
    subject: 'Broken charset',
  },
  {
    name: 'raw 8-bit bytes (Latin-1 and UTF-8 mixed) and an unknown encoded-word charset in headers',
    raw: () =>
      Buffer.concat([
        Buffer.from('From: M\xe4llory \xff\xfe <mallory@example.test>\r\nTo: Alice <alice@example.test>\r\nSubject: Mixed \xe9t\xe9 ', 'latin1'),
        Buffer.from('été 日本 =?x-unknown?B?SGVsbG8=?= =?utf-8?Q?broken=ZZ?=\r\n'),
        Buffer.from('Date: Tue, 24 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nBody after mixed 8-bit headers \xe9.\r\n', 'latin1'),
      ]),
    text: 'Body after mixed 8-bit headers',
    subject: 'Mixed',
  },
  {
    name: 'broken base64 (bad characters, bad padding, cut short)',
    raw: () =>
      Buffer.from(
        head('Broken base64', 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n') +
          '\r\nQnJva2VuIGJhc2U2NCBzdGlsbCBzaG93cw==!!!@@@###\r\nnot base64 at all ====\r\n=QQ==Q\r\nSGk',
      ),
    text: 'Broken base64 still shows',
    subject: 'Broken base64',
  },
  {
    name: 'broken quoted-printable (bad escapes, a 100 KB line, a dangling =)',
    raw: () =>
      Buffer.from(
        head('Broken QP', 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n') +
          `\r\nQP survives =ZZ and =4 and =\r\n=C3=A9 ${'y'.repeat(100 * 1024)}\r\ntrailing =`,
      ),
    text: 'QP survives',
    subject: 'Broken QP',
  },
  {
    name: 'NUL bytes in headers and body',
    raw: () => Buffer.from(head('NUL\0in\0subject', 'X-Nul: a\0b\r\nContent-Type: text/plain\r\n') + '\r\nBefore\0\0\0after NULs.\r\n'),
    text: 'after NULs.',
    subject: 'NUL',
  },
  {
    name: 'a multipart Content-Type with no boundary',
    raw: () =>
      Buffer.from(
        head('No boundary', 'Content-Type: multipart/mixed\r\n') +
          '\r\n--x\r\nContent-Type: text/plain\r\n\r\nText in a multipart without a boundary.\r\n--x--\r\n',
      ),
    text: 'Text in a multipart without a boundary.',
    subject: 'No boundary',
  },
  {
    name: 'an unknown Content-Transfer-Encoding',
    raw: () => Buffer.from(head('Unknown encoding', 'Content-Type: text/plain\r\nContent-Transfer-Encoding: x-made-up\r\n') + '\r\nText in a made-up encoding.\r\n'),
    text: 'Text in a made-up encoding.',
    subject: 'Unknown encoding',
  },
  {
    name: 'an attachment whose filename carries a line break, quotes and a header',
    raw: () =>
      Buffer.from(
        head('Evil filename', 'Content-Type: multipart/mixed; boundary="e"\r\n') +
          '\r\n--e\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n' +
          `--e\r\nContent-Type: application/octet-stream; name="a\\"b.bin"\r\nContent-Disposition: attachment; filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20x%3D1%22.bin\r\n\r\npayload\r\n--e--\r\n`,
      ),
    text: 'See the file.',
    subject: 'Evil filename',
  },
  {
    name: 'an attachment whose Content-Type is 8-bit UTF-8 and whose filename is cut UTF-16 (a lone surrogate)',
    raw: () =>
      Buffer.from(
        head('Odd attachment', 'Content-Type: multipart/mixed; boundary="o"\r\n') +
          '\r\n--o\r\nContent-Type: text/plain\r\n\r\nOdd file attached.\r\n' +
          "--o\r\nContent-Type: application/\xe6\x97\xa5\xe6\x9c\xac\r\nContent-Disposition: attachment; filename*=utf-16be''%D8%3D\r\n\r\npayload\r\n--o--\r\n",
        'latin1',
      ),
    text: 'Odd file attached.',
    subject: 'Odd attachment',
  },
  {
    name: 'headers only, no blank line and no body',
    raw: () => Buffer.from(head('Headers only', 'Content-Type: text/plain')),
    text: '',
    subject: 'Headers only',
  },
];

const api = (path: string, init?: ApiInit) => bridge.api(path, init);
const messagesIn = (mailbox: string, query = '') => api(`/v1/accounts/alice/messages?mailbox=${encodeURIComponent(mailbox)}${query}`);
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
const rss = () => process.memoryUsage().rss;

/** Every summary field a client reads is there and has its type, whatever the message held. */
function expectWellFormedSummary(summary: any) {
  expect(summary).toMatchObject({
    id: expect.any(String),
    subject: expect.any(String),
    snippet: expect.any(String),
    from: { name: expect.any(String), address: expect.any(String) },
    date: expect.any(String),
    seen: false,
    hasAttachments: expect.any(Boolean),
  });
  expect(Number.isNaN(Date.parse(summary.date))).toBe(false);
}

beforeAll(async () => {
  dovecot = await startDovecot();
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot)] });
  await bridge.waitUntilConnected();
  baselineRss = rss();
}, 60_000);

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe('hostile and broken messages', () => {
  it.each(CASES)('lists and opens $name', async ({ name, raw, text, subject }) => {
    const mailbox = `Hostile/${slug(name)}`;
    const client = await dovecot.client();
    await client.mailboxCreate(mailbox);
    await client.logout();
    const bytes = raw();
    await dovecot.append('alice', mailbox, bytes);
    stored.push(mailbox);

    const listed = await messagesIn(mailbox);

    expect(listed.status).toBe(200);
    expect(listed.body.messages).toHaveLength(1);
    const summary = listed.body.messages[0];
    expectWellFormedSummary(summary);
    if (subject) expect(summary.subject).toContain(subject);

    const opened = await api(`/v1/accounts/alice/messages/${summary.id}`);

    expect(opened.status).toBe(200);
    expectWellFormedSummary(opened.body);
    expect(opened.body.attachments).toEqual(expect.any(Array));
    const body = opened.body.text ?? opened.body.html;
    if (text) expect(body).toContain(text);
    // Without a blank line the whole message is header: there is no body to show.
    else if (/\r?\n\r?\n/.test(bytes.toString('latin1'))) expect(body).toMatch(/\S/);
    else expect(body).toBeNull();

    const attachment = opened.body.attachments[0];
    if (attachment) {
      const download = await api(`/v1/accounts/alice/messages/${summary.id}/attachments/${attachment.id}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[\x21-\x7e]*$/);
      expect(download.headers.get('set-cookie')).toBeNull();
    }
    expect(rss() - baselineRss).toBeLessThan(300 * MB);
  });

  it('lists a page holding every hostile message at once', async () => {
    const client = await dovecot.client();
    await client.mailboxCreate('Everything');
    for (const mailbox of stored) {
      const lock = await client.getMailboxLock(mailbox);
      try {
        await client.messageCopy('1:*', 'Everything');
      } finally {
        lock.release();
      }
    }
    await client.logout();

    const listed = await messagesIn('Everything', '&limit=100');

    expect(listed.status).toBe(200);
    expect(listed.body.messages).toHaveLength(CASES.length);
    for (const summary of listed.body.messages) expectWellFormedSummary(summary);
  });
});

describe('a 50 MB attachment', () => {
  const SIZE = 50 * MB;
  let id: string;
  let digest: string;

  beforeAll(async () => {
    const data = randomBytes(50, SIZE);
    digest = createHash('sha256').update(data).digest('hex');
    const raw = Buffer.concat([
      Buffer.from(
        head('Fifty megabytes', 'Content-Type: multipart/mixed; boundary="big"\r\n') +
          '\r\n--big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe big file is attached.\r\n' +
          '--big\r\nContent-Type: application/octet-stream; name="big.bin"\r\nContent-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      ),
      base64Lines(data),
      Buffer.from('--big--\r\n'),
    ]);
    const client = await dovecot.client();
    await client.mailboxCreate('Big');
    await client.logout();
    await dovecot.append('alice', 'Big', raw);
    const listed = await messagesIn('Big');
    expect(listed.status).toBe(200);
    id = listed.body.messages[0].id;
  }, 60_000);

  it('is listed with its snippet and opens with its text, cut short and saying so', async () => {
    const listed = await messagesIn('Big');
    expect(listed.body.messages[0]).toMatchObject({ subject: 'Fifty megabytes', snippet: 'The big file is attached.', hasAttachments: true });

    const before = rss();
    const opened = await api(`/v1/accounts/alice/messages/${id}`);

    expect(opened.status).toBe(200);
    expect(opened.body.text).toContain('The big file is attached.');
    expect(opened.body.truncated).toBe(true);
    expect(opened.body.attachments).toEqual([expect.objectContaining({ id: '2', filename: 'big.bin', contentType: 'application/octet-stream' })]);
    // BODYSTRUCTURE gives the encoded size: base64 with line breaks is about 4/3 × 78/76 of it.
    expect(opened.body.attachments[0].size).toBeGreaterThan(SIZE);
    expect(rss() - before).toBeLessThan(200 * MB);
  });

  it('streams the attachment: every byte arrives, and the bridge never holds it all', async () => {
    const before = rss();
    let peak = before;
    const response = await fetch(`${bridge.url}/v1/accounts/alice/messages/${id}/attachments/2`, {
      headers: { authorization: `Bearer ${bridge.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('big.bin');

    const hash = createHash('sha256');
    let bytes = 0;
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      bytes += value.length;
      peak = Math.max(peak, rss());
    }

    expect(bytes).toBe(SIZE);
    expect(hash.digest('hex')).toBe(digest);
    // The bridge runs in this process. Holding the 50 MB (plus its 68 MB of base64) even
    // once or twice would pass 200 MB; streaming in 64 KB chunks stays far below it.
    expect(peak - before).toBeLessThan(200 * MB);
  }, 60_000);

  it('lets go of the mailbox when a client abandons the download halfway', async () => {
    const aborter = new AbortController();
    const response = await fetch(`${bridge.url}/v1/accounts/alice/messages/${id}/attachments/2`, {
      headers: { authorization: `Bearer ${bridge.token}` },
      signal: aborter.signal,
    });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);

    aborter.abort();

    // While the download held the command connection, this would wait behind it.
    const listed = await messagesIn('INBOX');
    expect(listed.status).toBe(200);
    const again = await messagesIn('Big');
    expect(again.body.messages[0].id).toBe(id);
  }, 20_000);
});

describe('afterwards', () => {
  it('is still connected and still lists and opens an ordinary message', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Ordinary', body: 'Nothing to see.\r\n' }));

    const status = await api('/v1/status');
    const listed = await messagesIn('INBOX');

    expect(status.status).toBe(200);
    expect(status.body.accounts[0].state).toBe('ok');
    expect(listed.status).toBe(200);
    expect(listed.body.messages.map((summary: any) => summary.subject)).toEqual(['Ordinary']);
    const opened = await api(`/v1/accounts/alice/messages/${listed.body.messages[0].id}`);
    expect(opened.body.text).toContain('Nothing to see.');
  });

  it('logged no unexpected error', () => {
    expect(bridge.logs.filter((line) => JSON.parse(line).level === 'error')).toEqual([]);
  });
});
