/**
 * What to tell the user when a bridge call failed, in the UI language: one sentence
 * per error code. The bridge's own message is English and meant for its log and for
 * developers, and an exception's text ("Failed to fetch") means nothing to a user, so
 * neither is shown: the code decides the words.
 */
import { t, type MessageKey } from '@/utils/i18n';
import { isBridgeError, type BridgeErrorCode } from './errors';

/** A closed table: a new bridge error code is a type error here until it has words. */
const TEXT: Record<BridgeErrorCode, MessageKey> = {
  bad_request: 'error_bad_request',
  unauthorized: 'error_unauthorized',
  forbidden: 'error_forbidden',
  not_found: 'error_not_found',
  stale_id: 'error_stale_id',
  too_large: 'error_too_large',
  mail_server: 'error_mail_server',
  auth_failed: 'error_auth_failed',
  smtp_failed: 'error_smtp_failed',
  remote_failed: 'error_remote_failed',
  oauth_failed: 'error_oauth_failed',
  not_connected: 'error_not_connected',
  internal: 'error_internal',
  unreachable: 'error_unreachable',
  bad_response: 'error_bad_response',
  bad_url: 'error_bad_url',
};

/** Every message key {@link errorText} may answer, for the locale tests. */
export const ERROR_TEXT_KEYS: readonly MessageKey[] = [...Object.values(TEXT), 'error_unknown'];

/** The user's words for any failure: a `BridgeError` by its code, anything else as "Something went wrong". */
export function errorText(error: unknown): string {
  const key = isBridgeError(error) ? TEXT[error.code] : undefined;
  return t(key ?? 'error_unknown');
}
