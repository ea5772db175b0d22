import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImapFlow } from 'imapflow';
import { ApiError } from '../errors';
import { lockMailbox, withMessage } from './locate';
import { resolveMailbox } from './mailboxes';
import { encodeMessageId, type MessageRef } from './message-id';
import { listAttachments } from './structure';

export interface FlagChanges {
  seen?: boolean | undefined;
  flagged?: boolean | undefined;
  answered?: boolean | undefined;
  /** The `$Forwarded` keyword (RFC 5788); a mailbox that takes no keywords is left as it is (imapflow checks PERMANENTFLAGS). */
  forwarded?: boolean | undefined;
}

const FLAG_NAMES = { seen: '\\Seen', flagged: '\\Flagged', answered: '\\Answered', forwarded: '$Forwarded' } as const;

/** Sets or clears IMAP flags on one message (STORE by UID). */
export async function setFlags(client: ImapFlow, ref: MessageRef, changes: FlagChanges): Promise<void> {
  await withMessage(client, ref, {}, async () => {
    const add: string[] = [];
    const remove: string[] = [];
    for (const [key, flag] of Object.entries(FLAG_NAMES)) {
      const value = changes[key as keyof FlagChanges];
      if (value === true) add.push(flag);
      if (value === false) remove.push(flag);
    }
    if (add.length) await client.messageFlagsAdd(String(ref.uid), add, { uid: true });
    if (remove.length) await client.messageFlagsRemove(String(ref.uid), remove, { uid: true });
  });
}

/**
 * Moves one message (MOVE, or imapflow's COPY+EXPUNGE fallback) and returns its id in
 * the target so the client can undo. The new UID comes from COPYUID (UIDPLUS); a server
 * without UIDPLUS moves it all the same and says nothing, so the message is looked up
 * in its new mailbox by its Message-ID (see findMoved): the move happened, and an error
 * would leave the popup with no id to undo with.
 */
export async function moveMessage(client: ImapFlow, ref: MessageRef, target: string): Promise<{ id: string; mailbox: string }> {
  const destination = await resolveMailbox(client, target);
  if (destination === ref.mailbox) throw new ApiError('bad_request', 'The message is already in that mailbox');
  const moved = await withMessage(client, ref, { envelope: true }, async (message) => {
    const result = client.capabilities.has('MOVE') || client.capabilities.has('UIDPLUS')
      ? await client.messageMove(String(ref.uid), destination, { uid: true })
      : await copyAndExpungeOne(client, ref.uid, destination);
    if (!result) throw new ApiError('mail_server', 'The mail server did not move the message');
    const newUid = result.uidMap?.get(ref.uid);
    return { newUid, uidValidity: result.uidValidity, messageId: message.envelope?.messageId };
  });
  if (moved.newUid && moved.uidValidity !== undefined) {
    return { id: encodeMessageId({ mailbox: destination, uidValidity: String(moved.uidValidity), uid: moved.newUid }), mailbox: destination };
  }
  const found = await findMoved(client, destination, moved.messageId);
  return { id: encodeMessageId({ mailbox: destination, ...found }), mailbox: destination };
}

/**
 * A move on a server with neither MOVE nor UIDPLUS (some iCloud captures, old servers).
 * imapflow's fallback there is COPY, \Deleted and a plain EXPUNGE, which removes every
 * message flagged \Deleted in the mailbox, also ones another client only marked (IMAP
 * clients in "mark as deleted" mode). So those are unmarked for the EXPUNGE and marked
 * again right after: only the moved message goes.
 */
async function copyAndExpungeOne(client: ImapFlow, uid: number, destination: string): Promise<{ uidMap?: Map<number, number>; uidValidity?: bigint } | false> {
  const copied = await client.messageCopy(String(uid), destination, { uid: true });
  if (!copied) return false;
  const marked = await client.search({ deleted: true }, { uid: true });
  const others = (Array.isArray(marked) ? marked : []).filter((other) => other !== uid);
  if (others.length) await client.messageFlagsRemove(others.join(','), ['\\Deleted'], { uid: true, silent: true });
  try {
    await client.messageDelete(String(uid), { uid: true });
  } finally {
    if (others.length) await client.messageFlagsAdd(others.join(','), ['\\Deleted'], { uid: true, silent: true });
  }
  return copied;
}

/**
 * Where a message just moved without COPYUID landed: the newest message in `mailbox`
 * with that Message-ID (a copy moved earlier has a lower UID). A message without one is
 * taken to be the mailbox's newest, which it was a moment ago.
 */
async function findMoved(client: ImapFlow, mailbox: string, messageId: string | undefined): Promise<{ uidValidity: string; uid: number }> {
  const lock = await lockMailbox(client, mailbox);
  try {
    const selected = client.mailbox;
    if (!selected || selected.exists === 0) throw new ApiError('mail_server', 'The moved message is not in its new mailbox');
    const result = messageId
      ? await client.search({ header: { 'message-id': messageId } }, { uid: true })
      : await client.search({ seq: `${selected.exists}` }, { uid: true });
    const uid = Array.isArray(result) && result.length ? Math.max(...result) : undefined;
    if (!uid) throw new ApiError('mail_server', 'The message was moved, but the mail server does not say where (no UIDPLUS) and it was not found there');
    return { uidValidity: String(selected.uidValidity), uid };
  } finally {
    lock.release();
  }
}

/** Deletes for good: \Deleted then UID EXPUNGE of just this message. */
export async function expungeMessage(client: ImapFlow, ref: MessageRef): Promise<void> {
  await withMessage(client, ref, {}, async () => {
    await client.messageDelete(String(ref.uid), { uid: true });
  });
}

export interface AttachmentStream {
  filename: string;
  contentType: string;
  content: Readable;
}

/**
 * One attachment's decoded bytes. imapflow reads them from the command connection
 * under the mailbox lock, so they are first copied to a private temp file at the
 * server's pace and the lock is released: a download the browser reads slowly, or a
 * paused one, must not hold up the account's other requests and counts. The file is
 * removed when the returned stream closes.
 */
export async function openAttachment(client: ImapFlow, ref: MessageRef, attachmentId: string): Promise<AttachmentStream> {
  const spool = await mkdtemp(path.join(os.tmpdir(), 'postbode-attachment-'));
  const file = path.join(spool, 'content');
  try {
    const found = await withMessage(client, ref, { bodyStructure: true }, async (message) => {
      const attachment = message.bodyStructure
        ? listAttachments(message.bodyStructure).find((entry) => entry.id === attachmentId)
        : undefined;
      if (!attachment) throw new ApiError('not_found', 'No such attachment');
      const download = await client.download(String(ref.uid), attachment.id, { uid: true });
      if (!('content' in download) || !download.content) throw new ApiError('not_found', 'No such attachment');
      await pipeline(download.content, createWriteStream(file, { mode: 0o600 }));
      return attachment;
    });
    const content = createReadStream(file);
    content.once('close', () => void rm(spool, { recursive: true, force: true }));
    return { filename: found.filename, contentType: found.contentType, content };
  } catch (err) {
    await rm(spool, { recursive: true, force: true });
    throw err;
  }
}
