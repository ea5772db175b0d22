import type { Account } from '../accounts/account';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import type { Address } from '../../shared/recipients';
import { MAX_ATTACHMENT_BYTES, type OutgoingAttachment } from '../smtp/compose';
import { saveToSent, selfAddress, sendFrom, smtpServerOf, type SentMessage } from './outgoing';

/** A new message as the API takes it, checked at the edge (routes/outgoing.ts). */
export interface NewMessage {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; contentBase64: string }>;
}

/**
 * Sends a new message from the account, built only from these fields, over the same
 * SMTP path as replies; once the server accepted it, the bytes (with Bcc) go to \Sent.
 */
export async function sendNew(account: Account, input: NewMessage, log: Logger): Promise<SentMessage> {
  smtpServerOf(account);
  const attachments: OutgoingAttachment[] = input.attachments.map((attachment) => ({
    filename: attachment.filename,
    contentType: attachment.contentType,
    content: Buffer.from(attachment.contentBase64, 'base64'),
  }));
  checkAttachmentSize(attachments, 'The attachments');
  const message = {
    from: selfAddress(account),
    to: input.to,
    cc: input.cc,
    bcc: input.bcc,
    subject: input.subject,
    inReplyTo: null,
    references: [],
    text: input.text.replace(/\r\n?/g, '\n'),
    attachments,
  };
  const { sentCopy, messageId } = await sendFrom(account, message, 'message', log);
  return { messageId, savedToSent: await saveToSent(account, sentCopy, 'message', log) };
}

/** 413 when attachments together are over MAX_ATTACHMENT_BYTES (decoded). */
export function checkAttachmentSize(attachments: readonly OutgoingAttachment[], what: string): void {
  const total = attachments.reduce((sum, attachment) => sum + attachment.content.length, 0);
  if (total > MAX_ATTACHMENT_BYTES) {
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    throw new ApiError('too_large', `${what} are ${mb(total)} together; at most ${mb(MAX_ATTACHMENT_BYTES)} can be sent`);
  }
}
