import type { AccountConfig, OAuth2SignIn, ServerConfig } from '../config/schema';
import { isTokenCommand } from '../config/schema';
import { ApiError } from '../errors';
import { sameClient } from './presets';

// The `oauth2` blocks of an account's config: which sign in, and where a refresh token goes.

/** The account's `oauth2` blocks that sign in (not token commands). */
export function signInBlocks(config: AccountConfig): OAuth2SignIn[] {
  return [config.imap, config.smtp].flatMap((server) => (server?.oauth2 && !isTokenCommand(server.oauth2) ? [server.oauth2] : []));
}

/** The account with `refreshToken` in every block that signs in as `client` (IMAP and SMTP share a sign-in). */
export function withRefreshToken(config: AccountConfig, client: OAuth2SignIn, refreshToken: string): AccountConfig {
  const update = (server: ServerConfig | undefined) =>
    server?.oauth2 && !isTokenCommand(server.oauth2) && sameClient(server.oauth2, client)
      ? { ...server, oauth2: { ...server.oauth2, refreshToken } }
      : server;
  const next = { ...config, imap: update(config.imap)!, ...(config.smtp && { smtp: update(config.smtp) }) };
  if (!signInBlocks(next).some((oauth2) => oauth2.refreshToken === refreshToken)) {
    throw new ApiError('bad_request', 'The account no longer signs in with this client (it was changed during the sign-in); start the sign-in again');
  }
  return next;
}

/** The account with `next` wherever `previous` was (a refresh token the provider rotated). */
export function replaceRefreshToken(config: AccountConfig, previous: string, next: string): AccountConfig {
  const update = (server: ServerConfig | undefined) =>
    server?.oauth2 && !isTokenCommand(server.oauth2) && server.oauth2.refreshToken === previous
      ? { ...server, oauth2: { ...server.oauth2, refreshToken: next } }
      : server;
  return { ...config, imap: update(config.imap)!, ...(config.smtp && { smtp: update(config.smtp) }) };
}

