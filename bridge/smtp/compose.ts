import MailComposer from 'nodemailer/lib/mail-composer';
import { cleanHeader, type Address } from '../../shared/recipients';

/** nodemailer would otherwise read a local file or fetch a URL that a message names. */
export const NO_LOCAL_ACCESS = { disableFileAccess: true, disableUrlAccess: true } as const;

/**
 * The most attachment bytes (decoded, all together) one outgoing message may carry, new
 * or forwarded: base64 makes them a third bigger on the wire, and 10 MiB of attachments
 * (~14 MB of mail) is under what common SMTP servers accept (Gmail 25 MB, Outlook 20 MB,
 * many providers 10–20 MB), so the server won't be the one to refuse it.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** A file to attach: bytes we hold, never a path or a URL. */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Everything an outgoing mail is made of, built only from these fields: nothing a
 * client sends reaches nodemailer as an object, so no header, attachment, file or URL
 * can be smuggled in.
 */
export interface OutgoingMessage {
  from: Address;
  to: Address[];
  cc: Address[];
  /** Receive it without being named to the others: not in the sent bytes, only in the Sent copy. */
  bcc: Address[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  text: string;
  attachments: OutgoingAttachment[];
}

export interface ComposedMessage {
  /** The RFC 5322 bytes handed to SMTP. */
  raw: Buffer;
  /** The bytes saved to Sent: `raw` plus the Bcc header (the sender should see whom they Bcc'd). */
  sentCopy: Buffer;
  messageId: string;
}

/** The raw message with a new Message-ID at `domain` (the sender's, as mail clients do). */
export async function composeMessage(message: OutgoingMessage, domain: string): Promise<ComposedMessage> {
  const messageId = `<${crypto.randomUUID()}@${domain}>`;
  const node = new MailComposer({
    ...NO_LOCAL_ACCESS,
    from: message.from,
    to: message.to,
    cc: message.cc,
    bcc: message.bcc,
    subject: message.subject,
    text: message.text,
    attachments: message.attachments.map(({ filename, contentType, content }) => ({
      filename: cleanHeader(filename) || 'attachment',
      contentType: safeContentType(contentType),
      content,
    })),
    ...(message.inReplyTo && { inReplyTo: message.inReplyTo }),
    ...(message.references.length > 0 && { references: message.references }),
    messageId,
    date: new Date(),
  }).compile();
  const build = () => new Promise<Buffer>((resolve, reject) => node.build((err, raw) => (err ? reject(err) : resolve(raw))));
  const raw = await build();
  if (message.bcc.length === 0) return { raw, sentCopy: raw, messageId };
  // The same tree built again with its Bcc header: same boundaries, same date and id.
  node.keepBcc = true;
  return { raw, sentCopy: await build(), messageId };
}

/** A plain `type/subtype` (what MIME allows), else octet-stream: a type from a parsed mail or a client never carries more. */
export function safeContentType(type: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i.test(type) ? type.toLowerCase() : 'application/octet-stream';
}
