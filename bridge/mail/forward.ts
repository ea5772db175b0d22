import type { Account } from '../accounts/account';
import { ApiError } from '../errors';
import { setFlags } from '../imap/actions';
import { getMessageWithAttachments } from '../imap/message';
import type { MessageRef } from '../imap/message-id';
import type { Logger } from '../log';
import type { Address } from '../../shared/recipients';
import { buildForward } from '../smtp/forward';
import { checkAttachmentSize } from './compose';
import { saveToSent, selfAddress, sendFrom, smtpServerOf, type SentMessage } from './outgoing';

export interface ForwardRequest {
  to: Address[];
  cc: Address[];
  bcc: Address[];
  text: string;
}

/**
 * Forwards a message with its attachments: built from the original's allow-listed
 * fields, sent over SMTP; once the server accepted it the original gets `$Forwarded`
 * (where the mailbox takes keywords) and the bytes go to \Sent. A failure changes nothing.
 */
export async function sendForward(account: Account, ref: MessageRef, input: ForwardRequest, log: Logger): Promise<SentMessage> {
  smtpServerOf(account); // an account that can't send says so before anything is fetched
  const { detail, attachments } = await account.withClient((client) => getMessageWithAttachments(client, ref));
  if (detail.truncated) throw new ApiError('too_large', 'The message is too large to forward');
  const outgoing = attachments.map((attachment, index) => ({
    filename: attachment.filename?.trim() || `attachment-${index + 1}`,
    contentType: attachment.contentType,
    content: attachment.content,
  }));
  checkAttachmentSize(outgoing, "The original's attachments");
  const message = buildForward({ original: detail, attachments: outgoing, from: selfAddress(account), ...input });
  const { sentCopy, messageId } = await sendFrom(account, message, 'forward', log);
  try {
    await account.withClient((client) => setFlags(client, ref, { forwarded: true }));
  } catch (err) {
    // The mail went out; a missing keyword is no reason to say it didn't.
    log.warn('forward sent but the original not marked $Forwarded', { account: account.id, err });
  }
  return { messageId, savedToSent: await saveToSent(account, sentCopy, 'forward', log) };
}
