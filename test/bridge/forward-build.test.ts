// A forward built from the original's fields, and the UID sets "mark all read" answers
// with: pure functions, no servers.
import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../bridge/imap/message';
import { chunkUidSet, toUidSet, UID_SET, uidSetSize } from '../../bridge/imap/uid-set';
import { buildForward, forwardSubject } from '../../bridge/smtp/forward';

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
  size: 100,
  to: [{ name: 'Alice', address: 'alice@example.test' }],
  cc: [],
  replyTo: [],
  messageId: '<plans@example.test>',
  inReplyTo: null,
  references: [],
  text: 'See you at nine.\r\nBob',
  html: null,
  attachments: [],
  truncated: false,
  ...overrides,
});

const forward = (overrides: Partial<MessageDetail> = {}, text = 'FYI') =>
  buildForward({ original: original(overrides), attachments: [], from: { name: 'Alice', address: 'alice@example.test' }, to: [{ name: '', address: 'carol@example.test' }], cc: [], bcc: [], text });

describe('forwardSubject', () => {
  it.each([
    ['Plans', 'Fwd: Plans'],
    ['Fwd: Plans', 'Fwd: Plans'],
    ['FWD:Plans', 'Fwd: Plans'],
    ['Fw: Plans', 'Fwd: Plans'],
    ['WG: Plans', 'Fwd: Plans'],
    ['Doorst: Plans', 'Fwd: Plans'],
    ['Re: Plans', 'Fwd: Re: Plans'],
    ['', 'Fwd:'],
    ['Plans\r\nBcc: evil@attacker.test', 'Fwd: Plans Bcc: evil@attacker.test'],
  ])('%j → %j', (subject, expected) => {
    expect(forwardSubject(subject)).toBe(expected);
  });
});

describe('buildForward', () => {
  it('puts the note above the original under its header block, and starts no thread', () => {
    const message = forward({ cc: [{ name: '', address: 'dave@example.test' }] }, 'Carol, see below.\r\n');
    expect(message.text).toBe(
      'Carol, see below.\n\n---------- Forwarded message ---------\nFrom: Bob <bob@example.test>\nDate: Thu, 26 Nov 2026 09:00:00 GMT\nSubject: Plans\nTo: Alice <alice@example.test>\nCc: dave@example.test\n\nSee you at nine.\nBob\n',
    );
    expect(message.inReplyTo).toBeNull();
    expect(message.references).toEqual([]);
  });

  it('starts with the header block when there is no note', () => {
    expect(forward({}, '  ').text.startsWith('---------- Forwarded message ---------\n')).toBe(true);
  });

  it('keeps a hostile display name on one line', () => {
    const message = forward({ from: { name: 'Bob\r\nBcc: evil@attacker.test', address: 'bob@example.test' } });
    expect(message.text).toContain('From: Bob Bcc: evil@attacker.test <bob@example.test>\n');
  });
});

describe('UID sets', () => {
  it('writes ranges by number, never *', () => {
    expect(toUidSet([9, 1, 2, 3, 5, 7, 8, 3])).toBe('1:3,5,7:9');
    expect(toUidSet([])).toBe('');
    expect(uidSetSize('1:3,5,7:9')).toBe(7);
    expect(UID_SET.test('1:3,5')).toBe(true);
    expect(UID_SET.test('1:*')).toBe(false);
  });

  it('cuts a long set at commas into pieces a server takes', () => {
    const set = toUidSet(Array.from({ length: 5000 }, (_, i) => i * 2 + 1));
    const chunks = chunkUidSet(set, 1000);
    expect(chunks.every((chunk) => chunk.length <= 1000 && UID_SET.test(chunk))).toBe(true);
    expect(chunks.join(',')).toBe(set);
    expect(chunkUidSet('')).toEqual([]);
  });
});
