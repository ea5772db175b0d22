// Message ids and list cursors: opaque to clients, refused unless the bridge made them.
import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeMessageId, encodeCursor, encodeMessageId } from '../../bridge/imap/message-id';

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
