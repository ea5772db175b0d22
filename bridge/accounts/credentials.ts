import { execFile } from 'node:child_process';
import { isTokenCommand, type ServerConfig } from '../config/schema';
import type { TokenSources } from '../oauth/token-sources';

/** What a login sends: a password, or an OAuth2 access token (XOAUTH2 / OAUTHBEARER). */
export type Secret = { password: string } | { accessToken: string };

/** How a server block signs in; the API shows this, never the secret. */
export type AuthKind = 'password' | 'passwordCommand' | 'oauth2' | 'tokenCommand';

export function authKindOf(server: ServerConfig): AuthKind {
  if (server.oauth2) return isTokenCommand(server.oauth2) ? 'tokenCommand' : 'oauth2';
  return server.passwordCommand !== undefined ? 'passwordCommand' : 'password';
}

/**
 * The secret for a login could not be had. `permanent` failures (a refresh token the
 * provider refused, a failing tokenCommand, no sign-in yet) are an `auth-error`: the
 * bridge stops trying until the account changes. Others (a sign-in server that can't
 * be reached) are retried with backoff like a mail server that can't be reached.
 */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Where one server block's secret comes from, for each (re)connect. */
export interface Credential {
  readonly kind: AuthKind;
  /** A secret for a new login; throws CredentialError. */
  get(): Promise<Secret>;
  /**
   * The server refused `secret`. True when asking `get()` again can give a different
   * secret worth one more login (a fresh access token, a command run again); false for
   * a password, which would only be refused again.
   */
  refused(secret: Secret): boolean;
  /** False once the bridge knows this credential can't work without the user (never signed in, refresh refused). */
  readonly usable: boolean;
}

/**
 * The credential of a server block. OAuth2 sign-ins come from `sources`, shared with
 * the account's other block when both sign in as the same client with the same
 * refresh token, and kept across restarts of the account, so the access token survives
 * an edit of the account's name. Without `sources` (a test login) only password,
 * passwordCommand and tokenCommand work.
 */
export function credentialFor(server: ServerConfig, account: string, sources?: TokenSources): Credential {
  const kind = authKindOf(server);
  const oauth2 = server.oauth2;
  if (oauth2 && !isTokenCommand(oauth2)) {
    if (!sources) throw new Error('an OAuth2 sign-in needs the token sources');
    return sources.credential(account, oauth2);
  }
  if (oauth2) {
    const command = oauth2.tokenCommand;
    return {
      kind,
      usable: true,
      async get() {
        try {
          return { accessToken: await runSecretCommand(command, 'tokenCommand') };
        } catch (err) {
          throw new CredentialError((err as Error).message, true);
        }
      },
      // Run it again: it may refresh what it printed (oama, mutt_oauth2.py do).
      refused: () => true,
    };
  }
  if (server.passwordCommand !== undefined) {
    const command = server.passwordCommand;
    return {
      kind,
      usable: true,
      async get() {
        try {
          return { password: await runSecretCommand(command, 'passwordCommand') };
        } catch (err) {
          // As before OAuth2: a failing password command (a locked keyring) is retried with backoff.
          throw new CredentialError((err as Error).message, false);
        }
      },
      refused: () => false,
    };
  }
  const password = server.password!;
  return { kind, usable: true, get: async () => ({ password }), refused: () => false };
}

/**
 * The trimmed stdout of `command` (run by /bin/sh with no terminal, so nothing can
 * prompt), as mbsync and aerc users expect. Errors name `what` and never include the
 * command's output.
 */
export function runSecretCommand(command: string, what: 'passwordCommand' | 'tokenCommand'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('/bin/sh', ['-c', command], { timeout: 30_000, maxBuffer: 64 * 1024 }, (err, stdout) => {
      if (err) {
        const why = err.killed ? 'timed out after 30 s' : `exited with ${err.code ?? err.signal ?? 'an error'}`;
        reject(new Error(`${what} ${why}`));
        return;
      }
      const secret = stdout.trim();
      if (!secret) reject(new Error(`${what} printed nothing`));
      else resolve(secret);
    });
    child.stdin?.end();
  });
}
