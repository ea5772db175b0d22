import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address } from '../../shared/recipients';

/** nodemailer would otherwise read a local file or fetch a URL that a message names. */
export const NO_LOCAL_ACCESS = { disableFileAccess: true, disableUrlAccess: true } as const;

/**
 * Everything an outgoing mail is made of, built only from these fields: nothing a
 * client sends reaches nodemailer as an object, so no header, attachment, file or URL
 * can be smuggled in.
 */
export interface OutgoingMessage {
  from: Address;
  to: Address[];
  cc: Address[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  text: string;
}

export interface ComposedMessage {
  /** The RFC 5322 bytes: the same bytes are sent and saved to Sent. */
  raw: Buffer;
  messageId: string;
}

/** The raw message with a new Message-ID at `domain` (the sender's, as mail clients do). */
export function composeMessage(message: OutgoingMessage, domain: string): Promise<ComposedMessage> {
  const messageId = `<${crypto.randomUUID()}@${domain}>`;
  const composer = new MailComposer({
    ...NO_LOCAL_ACCESS,
    from: message.from,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    text: message.text,
    ...(message.inReplyTo && { inReplyTo: message.inReplyTo }),
    ...(message.references.length > 0 && { references: message.references }),
    messageId,
    date: new Date(),
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((err, raw) => (err ? reject(err) : resolve({ raw, messageId })));
  });
}
