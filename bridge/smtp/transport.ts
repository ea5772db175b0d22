import nodemailer from 'nodemailer';
import type { ServerConfig } from '../config/schema';
import { tlsOptions } from '../tls';
import { NO_LOCAL_ACCESS } from './compose';

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

/** Why sending failed, for the user: the server's own answer when it gave one. */
export function describeSmtpError(err: unknown): string {
  const { response, code, message } = err as { response?: unknown; code?: unknown; message?: unknown };
  if (typeof response === 'string' && response) return response;
  if (code === 'ECONNECTION' || code === 'ESOCKET') return 'could not talk to the SMTP server';
  if (code === 'EAUTH') return 'the SMTP server rejected the user name or password';
  return typeof message === 'string' ? message : 'unknown error';
}
