/**
 * Deciding which unseen messages are *new*: the pure half of notifications.
 *
 * A message is new when both hold:
 * - its UID is above the highest UID we have ever seen in that mailbox (UIDs
 *   only grow), so an old message that slides into the "20 newest unseen"
 *   window after others were read, or that is marked unread again, is not new;
 * - its fingerprint (date, sender, subject) is not among those we already saw,
 *   so a message that comes back with a new UID (undo of a delete, a move back
 *   from Archive) is not announced again.
 * The first look at a mailbox only takes a baseline: mail that was there
 * before Postbode watched it is not news.
 */
import type { Summary } from '@/bridge/api-types';

export interface MailboxMemory {
  /** Unread count the status showed when we last looked: a change is the cue to look again. */
  unread: number;
  /** Highest UID seen in this mailbox. */
  maxUid: number;
  /** Fingerprints of messages already seen (baseline or announced), oldest first. */
  seen: string[];
}

/** Far more than one look can add (the bridge returns at most 20), small enough for storage. */
export const SEEN_LIMIT = 500;

export interface Diff {
  memory: MailboxMemory;
  /** Newest first, as the bridge listed them. */
  fresh: Summary[];
}

/**
 * @param before what we knew, or `undefined` on the first look (baseline only).
 * @param unseen the mailbox's newest unseen messages.
 * @param unread the unread count from the status this look answers.
 * @param floorUid on a first look, the mailbox's highest UID (seen or not), so
 *   that an old message marked unread later isn't taken for new mail.
 */
export function diffUnseen(
  before: MailboxMemory | undefined,
  unseen: readonly Summary[],
  unread: number,
  floorUid = 0,
): Diff {
  const seen = new Set(before?.seen);
  const fresh = before
    ? unseen.filter((m) => m.uid > before.maxUid && !seen.has(fingerprint(m)))
    : [];

  const maxUid = Math.max(before?.maxUid ?? 0, floorUid, ...unseen.map((m) => m.uid));
  const added = unseen.map(fingerprint).filter((f) => !seen.has(f)).reverse(); // oldest first
  const kept = [...(before?.seen ?? []), ...new Set(added)].slice(-SEEN_LIMIT);
  return { memory: { unread, maxUid, seen: kept }, fresh };
}

/**
 * Stable across moves and UIDVALIDITY changes (the message `id` is not), short
 * enough to keep hundreds: a 53-bit hash (cyrb53) of date, sender and subject.
 */
export function fingerprint(m: Pick<Summary, 'date' | 'from' | 'subject'>): string {
  const text = `${m.date}\u0000${m.from?.address ?? ''}\u0000${m.subject ?? ''}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
