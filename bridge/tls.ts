import { readFileSync } from 'node:fs';
import type { ServerConfig } from './config/schema';

/**
 * TLS settings for a mail server, IMAP and SMTP alike, so the two connections of one
 * account can't trust different certificates: verified against the system roots or the
 * configured `ca` unless the config says `rejectUnauthorized: false`. The server name
 * for SNI comes from `host`.
 */
export function tlsOptions(server: ServerConfig): { ca?: string; rejectUnauthorized: boolean } {
  return {
    ...(server.ca && { ca: readFileSync(server.ca, 'utf8') }),
    rejectUnauthorized: server.rejectUnauthorized,
  };
}
