import type { Account } from '../accounts/account';
import { resolvePassword } from '../accounts/credentials';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { setFlags } from '../imap/actions';
import { resolveMailbox } from '../imap/mailboxes';
import { getMessage } from '../imap/message';
import type { MessageRef } from '../imap/message-id';
import { buildReply } from './reply';
import { composeReply, sendRaw } from './send';

export interface ReplyResult {
  messageId: string;
  /** False when the server has no \Sent mailbox or refused the copy; the mail went out regardless. */
  savedToSent: boolean;
}

/**
 * Reply or reply-all: build from the original's allow-listed fields, send over SMTP,
 * and only once the SMTP server accepted it mark the original \Answered and append the
 * same bytes to \Sent. If sending fails nothing is changed and the error says why.
 */
export async function sendReply(
  account: Account,
  ref: MessageRef,
  input: { text: string; all: boolean },
  log: Logger,
): Promise<ReplyResult> {
  const smtp = account.config.smtp;
  if (!smtp) throw new ApiError('bad_request', 'This account has no SMTP server configured, so it cannot send');
  const original = await account.withClient((client) => getMessage(client, ref));
  const reply = buildReply({ original, self: { name: account.config.name, email: account.config.email }, text: input.text, all: input.all });
  const recipients = [...reply.to, ...reply.cc].map((address) => address.address);
  if (recipients.length === 0) throw new ApiError('bad_request', 'The original message has no address to reply to');

  const domain = account.config.email.split('@')[1] ?? 'postbode.invalid';
  const raw = await composeReply(reply, domain);
  try {
    const password = await resolvePassword(smtp);
    await sendRaw(smtp, password, { from: account.config.email, to: recipients }, raw);
  } catch (err) {
    log.warn('reply not sent', { account: account.id, err });
    throw new ApiError('smtp_failed', `The reply was not sent: ${smtpReason(err)}`, { cause: err });
  }

  await account.mutate((client) => setFlags(client, ref, { answered: true }), { touched: [ref.mailbox] });
  let savedToSent = false;
  try {
    savedToSent = await account.mutate(async (client) => {
      const sent = await resolveMailbox(client, '\\Sent');
      return Boolean(await client.append(sent, raw, ['\\Seen']));
    });
  } catch (err) {
    log.warn('reply sent but not saved to Sent', { account: account.id, err });
  }
  const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(raw.toString('latin1'))?.[1] ?? '';
  return { messageId, savedToSent };
}

function smtpReason(err: unknown): string {
  const { response, code, message } = err as { response?: unknown; code?: unknown; message?: unknown };
  if (typeof response === 'string' && response) return response;
  if (code === 'ECONNECTION' || code === 'ESOCKET') return 'could not talk to the SMTP server';
  if (code === 'EAUTH') return 'the SMTP server rejected the user name or password';
  return typeof message === 'string' ? message : 'unknown error';
}
