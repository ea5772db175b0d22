// The bridge's pure pieces: ids, cursors, decoding, reply building, address checks, backoff.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../bridge/accounts/backoff';
import { decodeCursor, decodeMessageId, encodeCursor, encodeMessageId } from '../../bridge/imap/message-id';
import { decodeCharset, decodeQuotedPrintable, decodeTransfer, htmlToText, toSnippet } from '../../bridge/imap/text';
import type { MessageDetail } from '../../bridge/imap/message';
import { isPublicAddress } from '../../bridge/remote/addresses';
import { occursInMessage } from '../../bridge/remote/images';
import { buildReply, replySubject } from '../../bridge/smtp/reply';
import { tokenMatcher } from '../../bridge/security';

describe('message ids', () => {
  it('round-trip mailbox, UIDVALIDITY and UID in a URL-safe string', () => {
    const ref = { mailbox: 'Projects/2026 ünïcode', uidValidity: '1795688971', uid: 42 };
    const id = encodeMessageId(ref);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeMessageId(id)).toEqual(ref);
  });

  it.each([
    ['not base64url', 'a/b'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['another version', Buffer.from(JSON.stringify(['m0', 'INBOX', '1', 1])).toString('base64url')],
    ['a CR/LF in the mailbox', Buffer.from(JSON.stringify(['m1', 'INBOX\r\nA1 DELETE INBOX', '1', 1])).toString('base64url')],
    ['a UID of 0', Buffer.from(JSON.stringify(['m1', 'INBOX', '1', 0])).toString('base64url')],
    ['a UIDVALIDITY that is not a number', Buffer.from(JSON.stringify(['m1', 'INBOX', '1 OR 1', 1])).toString('base64url')],
  ])('refuses %s', (_what, id) => {
    expect(decodeMessageId(id)).toBeNull();
  });

  it('round-trips cursors and refuses others', () => {
    expect(decodeCursor(encodeCursor('7', 100))).toEqual({ uidValidity: '7', beforeUid: 100 });
    expect(decodeCursor('garbage')).toBeNull();
  });
});

describe('decoding partial bodies', () => {
  it('decodes quoted-printable, dropping an escape cut off at the end', () => {
    expect(decodeQuotedPrintable('Caf=C3=A9 soft=\r\nbreak=').toString('utf8')).toBe('Café softbreak');
    expect(decodeCharset(decodeQuotedPrintable('ends mid-character =C3'), 'utf-8')).toBe('ends mid-character ');
  });

  it('decodes base64 cut at any length', () => {
    const encoded = Buffer.from('Hello world, hello').toString('base64');
    expect(decodeTransfer(Buffer.from(encoded.slice(0, 10)), 'base64').toString()).toBe('Hello ');
    expect(decodeTransfer(Buffer.from(`${encoded.slice(0, 8)}\r\n${encoded.slice(8, 13)}`), 'base64').toString()).toBe('Hello wor');
  });

  it('decodes legacy charsets and falls back to UTF-8 for unknown ones', () => {
    expect(decodeCharset(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'ISO-8859-1')).toBe('café');
    expect(decodeCharset(Buffer.from('plain'), 'x-made-up')).toBe('plain');
    expect(decodeCharset(Buffer.from('abc\xe2\x82', 'latin1'), 'utf-8')).toBe('abc');
  });

  it('turns HTML into preview text without styles, scripts, comments or tags', () => {
    expect(toSnippet(htmlToText('<head><title>T</title><style>a{}</style></head><!-- x --><p>A&amp;B&#233;&#x41;</p><script>x()</script>'))).toBe('A&BéA');
  });

  it('collapses whitespace and cuts at 200 characters', () => {
    expect(toSnippet('  a\n\n b\tc  ')).toBe('a b c');
    const long = toSnippet('x'.repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });
});

const original = (overrides: Partial<MessageDetail> = {}): MessageDetail => ({
  id: 'id',
  mailbox: 'INBOX',
  uid: 1,
  subject: 'Plans',
  from: { name: 'Bob', address: 'bob@example.test' },
  date: '2026-11-26T09:00:00.000Z',
  snippet: '',
  seen: false,
  flagged: false,
  answered: false,
  hasAttachments: false,
  to: [{ name: 'Alice', address: 'alice@example.test' }],
  cc: [],
  replyTo: [],
  messageId: '<m2@example.test>',
  inReplyTo: '<m1@example.test>',
  references: ['<m1@example.test>'],
  text: 'Line one\n> older\nLine three',
  html: null,
  attachments: [],
  truncated: false,
  ...overrides,
});
const self = { name: 'Alice', email: 'alice@example.test' };

describe('building a reply', () => {
  it.each([
    ['Plans', 'Re: Plans'],
    ['Re: Plans', 'Re: Plans'],
    ['RE:Plans', 'Re: Plans'],
    ['AW: Pläne', 'Re: Pläne'],
    ['', 'Re:'],
  ])('subject %j becomes %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });

  it('threads, quotes and addresses the author', () => {
    const reply = buildReply({ original: original(), self, text: 'Sounds good.\r\n', all: false });
    expect(reply).toMatchObject({
      from: { name: 'Alice', address: 'alice@example.test' },
      to: [{ name: 'Bob', address: 'bob@example.test' }],
      cc: [],
      subject: 'Re: Plans',
      inReplyTo: '<m2@example.test>',
      references: ['<m1@example.test>', '<m2@example.test>'],
    });
    expect(reply.text).toBe('Sounds good.\n\nOn Thu, 26 Nov 2026 09:00:00 GMT, Bob <bob@example.test> wrote:\n> Line one\n>> older\n> Line three\n');
  });

  it('prefers Reply-To over From', () => {
    const reply = buildReply({ original: original({ replyTo: [{ name: 'List', address: 'list@example.test' }] }), self, text: 'x', all: false });
    expect(reply.to).toEqual([{ name: 'List', address: 'list@example.test' }]);
  });

  it('replies to all without the account itself and without duplicates', () => {
    const reply = buildReply({
      original: original({
        to: [{ name: 'Alice', address: 'ALICE@example.test' }, { name: 'Dave', address: 'dave@example.test' }, { name: 'Bob', address: 'bob@example.test' }],
        cc: [{ name: 'Carol', address: 'carol@example.test' }, { name: '', address: 'alice@example.test' }],
      }),
      self,
      text: 'x',
      all: true,
    });
    expect(reply.to.map((address) => address.address)).toEqual(['bob@example.test', 'dave@example.test']);
    expect(reply.cc.map((address) => address.address)).toEqual(['carol@example.test']);
  });

  it('replying to a message you sent goes to its recipients', () => {
    const reply = buildReply({ original: original({ from: { name: 'Alice', address: 'alice@example.test' }, to: [{ name: 'Eve', address: 'eve@example.test' }] }), self, text: 'x', all: false });
    expect(reply.to.map((address) => address.address)).toEqual(['eve@example.test']);
  });

  it('drops addresses that could break the header and line breaks in names and subject', () => {
    const reply = buildReply({
      original: original({
        subject: 'Hi\r\nBcc: evil@attacker.test',
        from: { name: 'Bob\r\nBcc: x@y.z', address: 'bob@example.test' },
        to: [{ name: '', address: 'a@b.c>, evil@attacker.test' }],
      }),
      self,
      text: 'x',
      all: true,
    });
    expect(reply.subject).toBe('Re: Hi Bcc: evil@attacker.test');
    expect(reply.to).toEqual([{ name: 'Bob Bcc: x@y.z', address: 'bob@example.test' }]);
  });
});

describe('remote image rules', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1', '224.0.0.1'])(
    'treats %s as private',
    (address) => {
      expect(isPublicAddress(address)).toBe(false);
    },
  );

  it.each(['93.184.216.34', '2606:4700::1111', '8.8.8.8'])('treats %s as public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('allows only URLs that occur in the message HTML', () => {
    const html = '<img src="https://img.example/a.png?x=1&amp;y=2">';
    expect(occursInMessage('https://img.example/a.png?x=1&y=2', html)).toBe(true);
    expect(occursInMessage('https://img.example/b.png', html)).toBe(false);
    expect(occursInMessage('https://img.example/a.png', null)).toBe(false);
  });
});

describe('reconnect backoff', () => {
  it('retries at once first, then doubles with jitter up to the cap', () => {
    const mid = () => 0.5;
    expect(backoffDelay(0, { random: mid })).toBe(125);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, { random: mid }))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(40, { random: mid })).toBe(60_000);
    expect(backoffDelay(3, { random: () => 0 })).toBe(3000);
    expect(backoffDelay(3, { random: () => 1 })).toBe(5000);
  });
});

describe('token comparison', () => {
  it('matches only the same token, whatever the lengths', () => {
    const matches = tokenMatcher(() => 'a'.repeat(43));
    expect(matches('a'.repeat(43))).toBe(true);
    expect(matches('b'.repeat(43))).toBe(false);
    expect(matches('a')).toBe(false);
    expect(matches('')).toBe(false);
  });

  it('follows a changed token: the old one stops matching at once', () => {
    let current = 'a'.repeat(43);
    const matches = tokenMatcher(() => current);
    expect(matches('a'.repeat(43))).toBe(true);
    current = 'c'.repeat(43);
    expect(matches('a'.repeat(43))).toBe(false);
    expect(matches('c'.repeat(43))).toBe(true);
  });
});
