import type { FetchMessageObject, FetchQueryObject, ImapFlow } from 'imapflow';
import { ApiError } from '../errors';
import { decodeMessageId, type MessageRef } from './message-id';

/** Decodes a client's message id; an id this bridge never made is simply unknown. */
export function parseMessageId(id: string): MessageRef {
  const ref = decodeMessageId(id);
  if (!ref) throw new ApiError('not_found', 'No such message');
  return ref;
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
  let lock;
  try {
    lock = await client.getMailboxLock(ref.mailbox);
  } catch (err) {
    if (!client.usable) throw err;
    throw new ApiError('not_found', 'No such mailbox', { cause: err });
  }
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
