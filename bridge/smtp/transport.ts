import nodemailer from 'nodemailer';
import type { Secret } from '../accounts/credentials';
import type { ServerConfig } from '../config/schema';
import { tlsOptions } from '../tls';
import { NO_LOCAL_ACCESS } from './compose';

/**
 * Sends prepared bytes over SMTP with the account's TLS policy (implicit TLS or required
 * STARTTLS), logging in with a password or an access token (XOAUTH2).
 */
export async function sendRaw(server: ServerConfig, secret: Secret, envelope: { from: string; to: string[] }, raw: Buffer): Promise<void> {
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth:
      'accessToken' in secret
        ? { type: 'OAuth2', user: server.user, accessToken: secret.accessToken }
        : { user: server.user, pass: secret.password },
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
  if (code === 'EAUTH') return 'the SMTP server rejected the login';
  return typeof message === 'string' ? message : 'unknown error';
}

/** The SMTP server refused the login (not the mail): a fresh access token may be worth one more try. */
export function isSmtpAuthError(err: unknown): boolean {
  const { code, responseCode } = err as { code?: unknown; responseCode?: unknown };
  return code === 'EAUTH' || responseCode === 535;
}
