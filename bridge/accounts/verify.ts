import type { ServerConfig } from '../config/schema';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { createImapClient, describeConnectError, isAuthenticationError } from '../imap/client';
import { resolvePassword } from './credentials';

/** Logs in once and out again, so an account is only saved with working credentials. */
export async function verifyLogin(server: ServerConfig, log: Logger): Promise<void> {
  let password: string;
  try {
    password = await resolvePassword(server);
  } catch (err) {
    throw new ApiError('bad_request', (err as Error).message);
  }
  const client = createImapClient({ server, password, log, label: 'login-test' });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.logout();
  } catch (err) {
    client.close();
    if (isAuthenticationError(err)) throw new ApiError('auth_failed', 'The mail server rejected the user name or password');
    throw new ApiError('mail_server', describeConnectError(err));
  }
}
