import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImapFlow } from 'imapflow';
import { ApiError } from '../errors';
import { withMessage } from './locate';
import { resolveMailbox } from './mailboxes';
import { encodeMessageId, type MessageRef } from './message-id';
import { listAttachments } from './structure';

export interface FlagChanges {
  seen?: boolean | undefined;
  flagged?: boolean | undefined;
  answered?: boolean | undefined;
}

const FLAG_NAMES = { seen: '\\Seen', flagged: '\\Flagged', answered: '\\Answered' } as const;

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
 * the target so the client can undo. The new UID comes from COPYUID (UIDPLUS).
 */
export async function moveMessage(client: ImapFlow, ref: MessageRef, target: string): Promise<{ id: string; mailbox: string }> {
  const destination = await resolveMailbox(client, target);
  if (destination === ref.mailbox) throw new ApiError('bad_request', 'The message is already in that mailbox');
  return withMessage(client, ref, {}, async () => {
    const result = await client.messageMove(String(ref.uid), destination, { uid: true });
    const newUid = result ? result.uidMap?.get(ref.uid) : undefined;
    if (!result || !newUid || result.uidValidity === undefined) {
      throw new ApiError('mail_server', 'The mail server moved the message but did not say where (no UIDPLUS)');
    }
    return { id: encodeMessageId({ mailbox: destination, uidValidity: String(result.uidValidity), uid: newUid }), mailbox: destination };
  });
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
