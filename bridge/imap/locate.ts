import type { FetchMessageObject, FetchQueryObject, ImapFlow, MailboxLockObject } from 'imapflow';
import { ApiError } from '../errors';
import { decodeMessageId, type MessageRef } from './message-id';

/** Decodes a client's message id; an id this bridge never made is simply unknown. */
export function parseMessageId(id: string): MessageRef {
  const ref = decodeMessageId(id);
  if (!ref) throw new ApiError('not_found', 'No such message');
  return ref;
}

/**
 * Selects and locks a mailbox with a view that is up to date. The command connection
 * doesn't IDLE, so when the mailbox was already selected it may have missed changes:
 * a NOOP brings in other clients' EXISTS/EXPUNGE, and a STATUS catches the mailbox
 * having been deleted and recreated (new UIDVALIDITY), in which case it is selected anew.
 */
export async function lockMailbox(client: ImapFlow, path: string): Promise<MailboxLockObject> {
  const lock = await acquire(client, path);
  const selected = client.mailbox;
  if (!selected || !lock.alreadySelected) return lock.lock;
  try {
    await client.noop();
    const status = await client.status(path, { uidValidity: true });
    if (status && status.uidValidity === selected.uidValidity) return lock.lock;
    await client.mailboxClose();
  } finally {
    lock.lock.release();
  }
  return (await acquire(client, path)).lock;
}

async function acquire(client: ImapFlow, path: string): Promise<{ lock: MailboxLockObject; alreadySelected: boolean }> {
  const alreadySelected = Boolean(client.mailbox && client.mailbox.path === path);
  try {
    return { lock: await client.getMailboxLock(path), alreadySelected };
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
