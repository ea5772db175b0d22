import type { ServerConfig } from '../config/schema';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { createImapClient, describeConnectError, isAuthenticationError } from '../imap/client';
import { credentialFor, type Secret } from './credentials';

/**
 * Logs in once and out again, so an account is only saved with working credentials:
 * a password, a password command or a token command. (An OAuth2 sign-in is saved
 * without this test: it has no refresh token until the user signs in.)
 */
export async function verifyLogin(server: ServerConfig, log: Logger): Promise<void> {
  let secret: Secret;
  try {
    secret = await credentialFor(server, 'login-test').get();
  } catch (err) {
    throw new ApiError('bad_request', (err as Error).message);
  }
  const client = createImapClient({ server, secret, log, label: 'login-test' });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.logout();
  } catch (err) {
    client.close();
    if (isAuthenticationError(err)) {
      throw new ApiError('auth_failed', 'accessToken' in secret ? 'The mail server refused the token from tokenCommand' : 'The mail server rejected the user name or password');
    }
    throw new ApiError('mail_server', describeConnectError(err));
  }
}
