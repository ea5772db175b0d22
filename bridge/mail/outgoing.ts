import type { Account } from '../accounts/account';
import { CredentialError } from '../accounts/credentials';
import type { ServerConfig } from '../config/schema';
import { ApiError } from '../errors';
import { cleanHeader, type Address } from '../../shared/recipients';
import { resolveMailbox } from '../imap/mailboxes';
import { appendMessage } from '../imap/append';
import type { Logger } from '../log';
import { composeMessage, type ComposedMessage, type OutgoingMessage } from '../smtp/compose';
import { describeSmtpError, isSmtpAuthError, sendRaw } from '../smtp/transport';

/** What the API answers after sending a reply, a forward or a new message. */
export interface SentMessage {
  messageId: string;
  /** False when the server has no \Sent mailbox or refused the copy; the mail went out regardless. */
  savedToSent: boolean;
}

/** The account's SMTP server; checked before anything is fetched or built. */
export function smtpServerOf(account: Account): ServerConfig {
  const smtp = account.config.smtp;
  if (!smtp) throw new ApiError('bad_request', 'This account has no SMTP server configured, so it cannot send');
  return smtp;
}

/** The sender: the account's own name ("Your name"), never its label ("Work" is not a person). */
export function selfAddress(account: Account): Address {
  return { name: cleanHeader(account.config.senderName ?? ''), address: account.config.email };
}

/**
 * Composes and sends `message` from the account to its To, Cc and Bcc. A failure is an
 * `smtp_failed` error saying why, in words about `what` was being sent ("reply").
 */
export async function sendFrom(account: Account, message: OutgoingMessage, what: string, log: Logger): Promise<ComposedMessage> {
  const smtp = smtpServerOf(account);
  const domain = account.config.email.split('@')[1] ?? 'postbode.invalid';
  const composed = await composeMessage(message, domain);
  const recipients = [...message.to, ...message.cc, ...message.bcc].map((address) => address.address);
  const credential = account.credentials.smtp!;
  const envelope = { from: account.config.email, to: recipients };
  try {
    const secret = await credential.get();
    try {
      await sendRaw(smtp, secret, envelope, composed.raw);
    } catch (err) {
      // A refused login happens before any mail is handed over: with a fresh token, once more.
      if (!isSmtpAuthError(err) || !credential.refused(secret)) throw err;
      await sendRaw(smtp, await credential.get(), envelope, composed.raw);
    }
  } catch (err) {
    log.warn(`${what} not sent`, { account: account.id, err });
    const why = err instanceof CredentialError ? err.message : describeSmtpError(err);
    throw new ApiError('smtp_failed', `The ${what} was not sent: ${why}`, { cause: err });
  }
  return composed;
}

/**
 * Appends the sent bytes to the \Sent mailbox, seen. Only called once SMTP accepted the
 * mail, so a failure here must not fail the request: it says `false` and logs why.
 */
export async function saveToSent(account: Account, raw: Buffer, what: string, log: Logger): Promise<boolean> {
  try {
    return await account.mutate(async (client) => {
      const sent = await resolveMailbox(client, '\\Sent');
      return appendMessage(client, sent, raw, ['\\Seen']);
    });
  } catch (err) {
    log.warn(`${what} sent but not saved to Sent`, { account: account.id, err });
    return false;
  }
}
