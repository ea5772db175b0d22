import { ImapFlow } from 'imapflow';
import type { Secret } from '../accounts/credentials';
import type { ServerConfig } from '../config/schema';
import { describeError, type Logger } from '../log';
import { tlsOptions } from '../tls';

/** Caps so a hostile or broken server cannot exhaust the bridge's memory. */
export const IMAP_LIMITS = {
  maxLiteralSize: 64 * 1024 * 1024,
  maxResponseSize: 80 * 1024 * 1024,
  maxLineLength: 4 * 1024 * 1024,
  maxResponseTokens: 500_000,
} as const;

/**
 * IDLE is ended and sent again at least this often. RFC 3501 lets a server log out a
 * client idle for 30 minutes (Dovecot and Exchange end IDLE near 29), and NAT boxes
 * forget quiet connections sooner; the health check's NOOP usually renews it first,
 * but its interval is the user's to set (up to an hour).
 */
export const IDLE_RENEW_MS = 10 * 60_000;

export interface ImapClientOptions {
  server: ServerConfig;
  /** A password (LOGIN / AUTHENTICATE PLAIN) or an access token (OAUTHBEARER, else XOAUTH2). */
  secret: Secret;
  log: Logger;
  /** For log lines: which account and which of its connections. */
  label: string;
}

/**
 * A new, not yet connected imapflow client. imapflow clients are single-use: every
 * (re)connect makes a new one. TLS is implicit or required STARTTLS, never a silent
 * downgrade; certificates are verified against the system roots or the configured `ca`.
 */
export function createImapClient({ server, secret, log, label }: ImapClientOptions): ImapFlow {
  if (!server.rejectUnauthorized) {
    log.warn('certificate verification is off for this server (rejectUnauthorized: false)', { label, host: server.host });
  }
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    tls: tlsOptions(server),
    auth: 'accessToken' in secret ? { user: server.user, accessToken: secret.accessToken } : { user: server.user, pass: secret.password },
    logger: false,
    disableAutoIdle: true,
    maxIdleTime: IDLE_RENEW_MS,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 5 * 60_000,
    clientInfo: { name: 'Postbode' },
    ...IMAP_LIMITS,
  });
}

/** imapflow tags failed logins with `authenticationFailed`. */
export function isAuthenticationError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { authenticationFailed?: unknown }).authenticationFailed === true;
}

/** A short, user-facing reason a connection failed (no secrets: imapflow errors carry none). */
export function describeConnectError(err: unknown): string {
  const { message, code } = describeError(err);
  if (code === 'ECONNREFUSED') return 'The mail server refused the connection';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The mail server name could not be resolved';
  if (typeof message === 'string' && /certificate|self[- ]signed/i.test(message)) return `TLS certificate problem: ${message}`;
  return typeof message === 'string' && message ? message : 'Could not connect to the mail server';
}

