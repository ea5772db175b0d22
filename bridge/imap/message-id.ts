/**
 * Message ids are opaque to clients but carry mailbox, UIDVALIDITY and UID, so an id
 * minted before the mailbox was recreated is recognised as stale (409) instead of
 * silently pointing at another message.
 */
export interface MessageRef {
  mailbox: string;
  uidValidity: string;
  uid: number;
}

const VERSION = 'm1';

export function encodeMessageId(ref: MessageRef): string {
  return Buffer.from(JSON.stringify([VERSION, ref.mailbox, ref.uidValidity, ref.uid])).toString('base64url');
}

/** Returns null for anything that is not an id this bridge made. */
export function decodeMessageId(id: string): MessageRef | null {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(id)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4) return null;
    const [version, mailbox, uidValidity, uid] = value as unknown[];
    if (version !== VERSION || typeof mailbox !== 'string' || !mailbox || /[\0\r\n]/.test(mailbox)) return null;
    if (typeof uidValidity !== 'string' || !/^\d{1,20}$/.test(uidValidity)) return null;
    if (typeof uid !== 'number' || !Number.isSafeInteger(uid) || uid < 1 || uid > 0xffffffff) return null;
    return { mailbox, uidValidity, uid };
  } catch {
    return null;
  }
}

/** Cursors page newest-first by UID: the next page holds UIDs below `beforeUid`. */
export function encodeCursor(uidValidity: string, beforeUid: number): string {
  return Buffer.from(`${uidValidity}:${beforeUid}`).toString('base64url');
}

export function decodeCursor(cursor: string): { uidValidity: string; beforeUid: number } | null {
  const match = /^(\d{1,20}):(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  return { uidValidity: match[1]!, beforeUid: Number(match[2]) };
}
