import type { Account } from '../accounts/account';
import { ApiError } from '../errors';
import { setFlags } from '../imap/actions';
import { getMessage } from '../imap/message';
import type { MessageRef } from '../imap/message-id';
import type { Logger } from '../log';
import { buildReply } from '../smtp/reply';
import { saveToSent, sendFrom, smtpServerOf, type SentMessage } from './outgoing';

/**
 * Reply or reply-all: build from the original's allow-listed fields, send over SMTP,
 * and only once the SMTP server accepted it mark the original \Answered and append the
 * same bytes to \Sent. If sending fails nothing is changed and the error says why.
 */
export async function sendReply(account: Account, ref: MessageRef, input: { text: string; all: boolean }, log: Logger): Promise<SentMessage> {
  smtpServerOf(account); // an account that can't send says so before anything is fetched
  const original = await account.withClient((client) => getMessage(client, ref));
  // The sender's own name ("Your name"), never the account's label: "Work" is not a person.
  const self = { name: account.config.senderName ?? '', email: account.config.email };
  const reply = buildReply({ original, self, text: input.text, all: input.all });
  if (reply.to.length + reply.cc.length === 0) throw new ApiError('bad_request', 'The original message has no address to reply to');

  const { sentCopy, messageId } = await sendFrom(account, reply, 'reply', log);
  await account.mutate((client) => setFlags(client, ref, { answered: true }), { touched: [ref.mailbox] });
  return { messageId, savedToSent: await saveToSent(account, sentCopy, 'reply', log) };
}
