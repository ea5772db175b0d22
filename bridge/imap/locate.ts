import type { FetchMessageObject, FetchQueryObject, ImapFlow, MailboxLockObject } from 'imapflow';
import { ApiError } from '../errors';
import { decodeMessageId, type MessageRef } from './message-id';

/** Decodes a client's message id; an id this bridge never made is simply unknown. */
export function parseMessageId(id: string): MessageRef {
  const ref = decodeMessageId(id);
  if (!ref) throw new ApiError('not_found', 'No such message');
  return ref;
}

/** imapflow's command runner: its public mailboxClose() always sends CLOSE. */
interface ImapFlowInternals {
  run(command: 'CLOSE', options: { unselect: true }): Promise<boolean | undefined>;
}

/**
 * Selects and locks a mailbox with a view that is up to date. The command connection
 * doesn't IDLE, so a mailbox left selected between requests goes stale, and Dovecot even
 * keeps serving a deleted mailbox's old view (old UIDVALIDITY and counts, to NOOP and
 * STATUS alike): a recreated mailbox would go unnoticed and its unseen count would
 * freeze. So a lock on any other mailbox starts from a SELECT and ends with UNSELECT.
 *
 * INBOX is the exception: it can't be deleted, so it stays selected between requests
 * and a lock on it starts with NOOP, which brings its view up to date. Re-selecting
 * costs the server time in proportion to the mailbox (Dovecot's Maildir: ~60 ms per
 * SELECT of a 100 000-message INBOX, and the first message fetched after it takes
 * longer still), and INBOX is what the popup lists and opens.
 */
export async function lockMailbox(client: ImapFlow, path: string): Promise<MailboxLockObject> {
  const before = client.mailbox;
  const lock = await acquire(client, path);
  // Still the view from before the request, not one selected for it: INBOX kept
  // selected, or another mailbox on a server without UNSELECT (or one that failed).
  if (client.mailbox && client.mailbox === before) {
    try {
      if (staysSelected(path)) await client.noop();
      else await client.mailboxOpen(path); // SELECT makes a new mailbox object
    } catch (err) {
      lock.release();
      if (!client.usable) throw err;
      throw new ApiError('not_found', 'No such mailbox', { cause: err });
    }
  }
  return { path: lock.path, release: () => void leave(client, lock) };
}

const staysSelected = (path: string) => path.toUpperCase() === 'INBOX';

/** UNSELECT (RFC 3691), never CLOSE: that would expunge every message flagged \Deleted. */
async function leave(client: ImapFlow, lock: MailboxLockObject): Promise<void> {
  try {
    if (client.usable && client.mailbox && !staysSelected(client.mailbox.path) && client.capabilities.has('UNSELECT')) {
      await (client as unknown as ImapFlowInternals).run('CLOSE', { unselect: true });
    }
  } catch {
    // The next lock selects the mailbox afresh anyway.
  } finally {
    lock.release();
  }
}

async function acquire(client: ImapFlow, path: string): Promise<MailboxLockObject> {
  try {
    return await client.getMailboxLock(path);
  } catch (err) {
    if (!client.usable) throw err;
    throw new ApiError('not_found', 'No such mailbox', { cause: err });
  }
}

/**
 * Runs `task` with the message's mailbox selected and locked, after proving the id
 * still names the same message: another UIDVALIDITY means 409 (the mailbox was
 * recreated, the UID may now be someone else), a missing UID means 404.
 */
export async function withMessage<T>(
  client: ImapFlow,
  ref: MessageRef,
  query: FetchQueryObject,
  task: (message: FetchMessageObject) => Promise<T>,
): Promise<T> {
  const lock = await lockMailbox(client, ref.mailbox);
  try {
    if (String(client.mailbox && client.mailbox.uidValidity) !== ref.uidValidity) {
      throw new ApiError('stale_id', 'This message id is stale: the mailbox was recreated on the server; reload the list');
    }
    const message = await client.fetchOne(String(ref.uid), { uid: true, ...query }, { uid: true });
    if (!message) throw new ApiError('not_found', 'The message is gone (deleted or moved elsewhere)');
    return await task(message);
  } finally {
    lock.release();
  }
}
