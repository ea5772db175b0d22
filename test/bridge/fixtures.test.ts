// The real-world mail corpus (../shared/fixtures/mail) through the whole bridge: APPENDed
// to a real Dovecot as-is, listed, opened and its attachments downloaded over HTTP.
// Broken messages are the point: every one must list and open, never a 5xx.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { MAIL_FIXTURES, mailFixtureFiles } from '../support/fixtures';

const FILES = mailFixtureFiles();

/** Fixtures with nothing to show inline: rfc/001 is only message/external-body references. */
const NO_INLINE_BODY = new Set(['rfc/001.eml']);

const fixture = (file: string) => readFileSync(path.join(MAIL_FIXTURES, file));

/** The base64 body of the MIME part whose headers contain `marker`, decoded straight from the fixture. */
function base64PartAfter(file: string, marker: string): Buffer {
  const text = fixture(file).toString('latin1');
  const headers = text.indexOf(marker);
  const body = text.indexOf('\n\n', headers) + 2;
  const end = text.indexOf('\n--', body);
  return Buffer.from(text.slice(body, end).replace(/\s+/g, ''), 'base64');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let dovecot: Dovecot;
let bridge: TestBridge;

beforeAll(async () => {
  dovecot = await startDovecot();
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot)] });
  await bridge.waitUntilConnected();
});

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe('the mail fixtures', () => {
  /** Fixture file → its UID in alice's INBOX. */
  const uids = new Map<string, number>();
  /** Fixture file → the Summary the first listing gave. */
  const listed = new Map<string, any>();
  const listedUids: number[] = [];

  const fileOf = (uid: number) => [...uids].find(([, each]) => each === uid)?.[0];
  const open = async (file: string) => {
    const response = await bridge.api(`/v1/accounts/alice/messages/${listed.get(file).id}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    for (const file of FILES) uids.set(file, (await dovecot.append('alice', 'INBOX', fixture(file))).uid);

    let next: string | null = null;
    do {
      const page: any = await bridge.api(`/v1/accounts/alice/messages?limit=100${next ? `&before=${next}` : ''}`);
      if (page.status !== 200) throw new Error(`listing failed with ${page.status}: ${page.raw}`);
      for (const summary of page.body.messages) {
        listedUids.push(summary.uid);
        const file = fileOf(summary.uid);
        if (file) listed.set(file, summary);
      }
      next = page.body.next;
    } while (next !== null);
  });

  it('finds the corpus', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(30);
  });

  it('lists every fixture exactly once', () => {
    expect([...listedUids].sort((a, b) => a - b)).toEqual([...uids.values()].sort((a, b) => a - b));
  });

  it('pages through the mailbox newest first, each message once, with a small limit', async () => {
    const seen: number[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const page: any = await bridge.api(`/v1/accounts/alice/messages?limit=7${next ? `&before=${next}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.messages.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.messages.map((summary: any) => summary.uid));
      next = page.body.next;
      pages++;
    } while (next !== null);

    expect(seen).toEqual([...uids.values()].sort((a, b) => b - a));
    expect(pages).toBe(Math.ceil(FILES.length / 7));
  });

  it.each(FILES)('%s lists with a subject, sender, ISO date and a one-line snippet', (file) => {
    const summary = listed.get(file);

    expect(summary).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      mailbox: 'INBOX',
      uid: uids.get(file),
      subject: expect.any(String),
      from: { name: expect.any(String), address: expect.any(String) },
      date: expect.stringMatching(ISO_DATE),
      snippet: expect.any(String),
      seen: false,
      flagged: false,
      answered: false,
      hasAttachments: expect.any(Boolean),
    });
    expect(new Date(summary.date).toISOString()).toBe(summary.date);
    expect(summary.snippet.length).toBeLessThanOrEqual(200);
    expect(summary.snippet).not.toMatch(/[\r\n]/);
  });

  it.each(FILES)('%s opens with its body and attachments, and each attachment downloads', async (file) => {
    const { snippet: _listSnippet, ...summary } = listed.get(file);

    const message = await open(file);

    expect(message).toMatchObject({
      ...summary,
      to: expect.any(Array),
      cc: expect.any(Array),
      replyTo: expect.any(Array),
      references: expect.any(Array),
      attachments: expect.any(Array),
    });
    expect(message.snippet.length).toBeLessThanOrEqual(200);
    expect(message.snippet).not.toMatch(/[\r\n]/);
    if (!NO_INLINE_BODY.has(file)) expect(message.text ?? message.html).toEqual(expect.any(String));
    expect(message.hasAttachments).toBe(message.attachments.some((attachment: any) => !attachment.inline));

    for (const attachment of message.attachments) {
      expect(attachment).toMatchObject({
        id: expect.stringMatching(/^\d+(\.\d+)*$/),
        filename: expect.any(String),
        contentType: expect.stringMatching(/^[\w.+-]+\/[\w.+-]+$/),
        size: expect.any(Number),
      });
      const download = await bridge.api(`/v1/accounts/alice/messages/${message.id}/attachments/${attachment.id}`);
      expect(download.status, `${file} attachment ${attachment.id}`).toBe(200);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(download.headers.get('content-type')).toContain(attachment.contentType);
      // `size` is the encoded size from BODYSTRUCTURE: the decoded bytes are at most that.
      expect(download.raw.length).toBeGreaterThan(0);
      expect(download.raw.length).toBeLessThanOrEqual(attachment.size);
    }
  });

  describe('decodes what the fixtures say', () => {
    it.each<[string, Record<string, unknown>]>([
      ['thirdparty/010.eml', { subject: 'こんにちは' }], // RFC 2047 base64 UTF-8 encoded word
      ['thirdparty/014.eml', { subject: '[Shapelib] need some help', from: { name: 'calpas calpas', address: 'calpas2007@yahoo.fr' }, date: '2011-03-09T11:19:45.000Z' }],
      ['rfc/000.eml', { subject: 'A multipart example', from: { name: 'Nathaniel Borenstein', address: 'nsb@nsb.fv.com' }, date: '1994-10-07T23:15:05.000Z' }],
      ['rfc/009.eml', { subject: 'whatever', from: { name: 'Whomever', address: 'whoever@example.com' }, date: '2009-10-09T22:30:04.000Z' }],
      ['thirdparty/019.eml', { subject: '30 plaintext + (HTML + embedded image) + attachment', date: '2017-12-30T19:50:01.000Z' }],
    ])('%s has the right subject, sender and date', (file, expected) => {
      expect(listed.get(file)).toMatchObject(expected);
    });

    it.each<[string, { text?: string[]; html?: string[] }]>([
      ['thirdparty/010.eml', { text: ['人権の無視及'] }], // 8-bit UTF-8 in a part without a charset
      ['thirdparty/002.eml', { text: ['päivää', 'yötä vaan.'] }], // quoted-printable and base64 UTF-8
      ['thirdparty/003.eml', { text: ["Move black king to queen's bishop", "Move ♚ to ♛'s ♝"] }], // binary, 8bit, QP, base64
      ['thirdparty/005.eml', { text: ['Test message', '『世界人権宣言』'] }], // UTF-16LE/BE and EUC-JP
      ['thirdparty/017.eml', { text: ['Search for hähä'], html: ['Search for höhö'] }], // UTF-8 quoted-printable
      ['thirdparty/019.eml', { text: ['Search for hähä'], html: ['Search for höhö'] }], // windows-1252 quoted-printable
      ['thirdparty/006.eml', { text: ['Search me, and Find me here'] }], // plain text inside multipart/signed
      ['rfc/005.eml', { text: ['This is implicitly typed plain US-ASCII text.', 'This is explicitly typed plain US-ASCII text.'] }],
      ['rfc/006.eml', { text: ['Plain text email goes here!'], html: ['<h1>This is the HTML Section!</h1>'] }],
    ])('%s shows the decoded text', async (file, expected) => {
      const message = await open(file);

      for (const piece of expected.text ?? []) expect(message.text).toContain(piece);
      for (const piece of expected.html ?? []) expect(message.html).toContain(piece);
    });

    it('lists an inline cid: image with its Content-ID and serves its exact bytes', async () => {
      const message = await open('thirdparty/016.eml');
      const png = base64PartAfter('thirdparty/016.eml', 'Content-ID: <part1.8C5E6A81.D0C1B91A@example.com>');

      expect(message.attachments).toEqual([
        expect.objectContaining({ filename: 'kigaaldcbanejcbi.png', contentType: 'image/png', contentId: 'part1.8C5E6A81.D0C1B91A@example.com', inline: true }),
      ]);
      expect(message.hasAttachments).toBe(false);
      const download = await bridge.api(`/v1/accounts/alice/messages/${message.id}/attachments/${message.attachments[0].id}`);
      expect(download.raw.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(download.raw).toEqual(png);
    });

    it('serves a real attachment next to an inline image, with its filename', async () => {
      const message = await open('thirdparty/018.eml');
      const png = base64PartAfter('thirdparty/018.eml', 'name="attach2.png"');

      const attachment = message.attachments.find((each: any) => each.filename === 'attach2.png');
      expect(attachment).toMatchObject({ contentType: 'image/png', inline: false });
      expect(message.hasAttachments).toBe(true);
      const download = await bridge.api(`/v1/accounts/alice/messages/${message.id}/attachments/${attachment.id}`);
      expect(download.headers.get('content-disposition')).toContain('filename="attach2.png"');
      expect(download.raw).toEqual(png);
    });

    it.each<[string, string, string]>([
      ['thirdparty/007.eml', 'test.txt', 'Foobar'], // attachment inside a digest's nested message
      ['rfc/008.eml', 'attached_email.eml', 'To: "email@example.com" <email@example.com>\r\nFrom: Name <email@example.com>\r\nSubject: HTML test'], // base64 message/rfc822
    ])('%s serves %s decoded', async (file, filename, start) => {
      const message = await open(file);
      const attachment = message.attachments.find((each: any) => each.filename === filename);

      const download = await bridge.api(`/v1/accounts/alice/messages/${message.id}/attachments/${attachment.id}`);

      expect(download.status).toBe(200);
      expect(download.raw.toString('utf8').startsWith(start)).toBe(true);
    });
  });

  // After every test above has opened messages and downloaded attachments.
  it('never marks a message \\Seen by listing, opening or downloading', async () => {
    const client = await dovecot.client('alice');
    try {
      await client.mailboxOpen('INBOX', { readOnly: true });
      const seen: number[] = [];
      for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
        if (message.flags?.has('\\Seen')) seen.push(message.uid);
      }
      expect(seen).toEqual([]);
    } finally {
      await client.logout();
    }
    const status = (await bridge.api('/v1/status')).body;
    expect(status.accounts[0].unread).toBe(FILES.length);
  });
});

// Only thirdparty/010 has an encoded top-level subject, so the RFC's own examples are added
// (to Archive, apart from the corpus in INBOX).
describe('RFC 2047 encoded words (the examples of RFC 2047 section 8)', () => {
  it.each<[string, { subject: string; from?: string }, { subject: string; name?: string }]>([
    ['Q encoding, US-ASCII', { subject: 'x', from: '=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>' }, { subject: 'x', name: 'Keith Moore' }],
    ['Q encoding, ISO-8859-1', { subject: 'x', from: '=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>' }, { subject: 'x', name: 'Keld Jørn Simonsen' }],
    ['an encoded word next to plain text', { subject: 'x', from: '=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>' }, { subject: 'x', name: 'André Pirard' }],
    [
      'adjacent B words in two charsets',
      { subject: '=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=' },
      { subject: 'If you can read this you understand the example.' },
    ],
    ['whitespace between adjacent words dropped', { subject: '(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)' }, { subject: '(ab)' }],
    ['an underscore is a space', { subject: '(=?ISO-8859-1?Q?a_b?=)' }, { subject: '(a b)' }],
    ['UTF-8 outside the BMP', { subject: '=?UTF-8?B?8J+TrCBOZXcgbWFpbA==?=' }, { subject: '📬 New mail' }],
  ])('decodes %s', async (_case, headers, expected) => {
    const { uid } = await dovecot.append('alice', 'Archive', mail(headers));

    const page = await bridge.api('/v1/accounts/alice/messages?mailbox=Archive&limit=1');

    expect(page.status).toBe(200);
    expect(page.body.messages[0]).toMatchObject({ uid, subject: expected.subject });
    if (expected.name) expect(page.body.messages[0].from.name).toBe(expected.name);
  });
});
