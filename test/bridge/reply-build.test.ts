// A reply built from the original's fields: subject, threading, quoting and who it goes to.
import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../bridge/imap/message';
import { buildReply, replySubject } from '../../bridge/smtp/reply';

const original = (overrides: Partial<MessageDetail> = {}): MessageDetail => ({
  id: 'id',
  mailbox: 'INBOX',
  mailboxName: 'INBOX',
  uid: 1,
  subject: 'Plans',
  from: { name: 'Bob', address: 'bob@example.test' },
  date: '2026-11-26T09:00:00.000Z',
  snippet: '',
  seen: false,
  flagged: false,
  answered: false,
  hasAttachments: false,
  size: 0,
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
