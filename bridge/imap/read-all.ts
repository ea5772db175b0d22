import type { ImapFlow } from 'imapflow';
import { ApiError } from '../errors';
import { lockMailbox } from './locate';
import { chunkUidSet, toUidSet } from './uid-set';

/** What "mark all read" changed, so it can be undone: the UIDs it marked, as a UID set. */
export interface MarkedRead {
  mailbox: string;
  uidValidity: string;
  /** A UID set ("1:5,9"), "" when there was nothing unseen. */
  uids: string;
}

/**
 * Marks every unseen message in `path` seen, on the server: all of them, not only the
 * ones a client has loaded. A UID SEARCH UNSEEN first (plain SEARCH, which every server
 * has) gives exactly the messages changed, for undo; then +FLAGS.SILENT \Seen on that
 * set, in pieces a server's line limit takes. Mail arriving in between stays unseen:
 * nobody has seen it. `STORE 1:* +FLAGS` would be one command, but says nothing about
 * which messages it changed.
 */
export async function markMailboxRead(client: ImapFlow, path: string): Promise<MarkedRead & { count: number }> {
  const lock = await lockMailbox(client, path);
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error('mailbox not selected');
    const uidValidity = String(mailbox.uidValidity);
    if (mailbox.exists === 0) return { mailbox: path, uidValidity, uids: '', count: 0 };
    const found = await client.search({ seen: false }, { uid: true });
    const uids = Array.isArray(found) ? found : [];
    const set = toUidSet(uids);
    for (const chunk of chunkUidSet(set)) await client.messageFlagsAdd(chunk, ['\\Seen'], { uid: true, silent: true });
    return { mailbox: path, uidValidity, uids: set, count: new Set(uids).size };
  } finally {
    lock.release();
  }
}

/**
 * Undoes markMailboxRead: the messages of that set still there and seen become unseen
 * again (the count says how many). After the mailbox was recreated the UIDs may name
 * other messages: 409, nothing changed.
 */
export async function markUnread(client: ImapFlow, marked: MarkedRead): Promise<{ count: number }> {
  const lock = await lockMailbox(client, marked.mailbox);
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error('mailbox not selected');
    if (String(mailbox.uidValidity) !== marked.uidValidity) {
      throw new ApiError('stale_id', 'The mailbox was recreated on the server since these messages were marked read');
    }
    if (mailbox.exists === 0) return { count: 0 };
    let count = 0;
    for (const chunk of chunkUidSet(marked.uids)) {
      const found = await client.search({ uid: chunk, seen: true }, { uid: true });
      const seen = Array.isArray(found) ? found : [];
      if (seen.length === 0) continue;
      for (const piece of chunkUidSet(toUidSet(seen))) await client.messageFlagsRemove(piece, ['\\Seen'], { uid: true, silent: true });
      count += new Set(seen).size;
    }
    return { count };
  } finally {
    lock.release();
  }
}
