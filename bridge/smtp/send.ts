import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ServerConfig } from '../config/schema';
import { tlsOptions } from '../tls';
import type { ReplyMessage } from './reply';

const NO_LOCAL_ACCESS = { disableFileAccess: true, disableUrlAccess: true } as const;

/** The raw RFC 5322 bytes of a reply, so the same bytes are sent and saved to Sent. */
export function composeReply(reply: ReplyMessage, domain: string): Promise<Buffer> {
  const composer = new MailComposer({
    ...NO_LOCAL_ACCESS,
    from: reply.from,
    to: reply.to,
    cc: reply.cc,
    subject: reply.subject,
    text: reply.text,
    ...(reply.inReplyTo && { inReplyTo: reply.inReplyTo }),
    ...(reply.references.length > 0 && { references: reply.references }),
    messageId: `<${crypto.randomUUID()}@${domain}>`,
    date: new Date(),
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message)));
  });
}

/** Sends prepared bytes over SMTP with the account's TLS policy (implicit TLS or required STARTTLS). */
export async function sendRaw(server: ServerConfig, password: string, envelope: { from: string; to: string[] }, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: { user: server.user, pass: password },
    tls: tlsOptions(server),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
    ...NO_LOCAL_ACCESS,
  });
  try {
    await transport.sendMail({ envelope, raw, ...NO_LOCAL_ACCESS });
  } finally {
    transport.close();
  }
}
