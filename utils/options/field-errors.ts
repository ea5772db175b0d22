/**
 * The bridge's validation message (`imap.port: Too big…; email: Invalid email`, one
 * issue per field, see `describeIssues` in bridge/config/schema.ts) split by the form
 * field it is about, so each problem shows next to its input. The sign-in credential
 * of either server (`password`, `passwordCommand`, `oauth2.*`) is the one `auth` field.
 */
import { errorText } from '@/utils/bridge/error-text';
import { isBridgeError } from '@/utils/bridge/errors';
import { t } from '@/utils/i18n';

export type FieldKey =
  | 'name'
  | 'senderName'
  | 'email'
  | 'webmailUrl'
  | 'watch'
  | 'auth'
  | `${'imap' | 'smtp'}.${'host' | 'port' | 'security' | 'user' | 'ca'}`;

export interface FormErrors {
  fields: Partial<Record<FieldKey, string>>;
  /** What belongs to no one field (the bridge down, a server that can't be reached). */
  general?: string;
}

const TOP = new Set(['name', 'senderName', 'email', 'webmailUrl', 'watch']);
const SERVER = new Set(['host', 'port', 'security', 'user', 'ca']);
const CREDENTIAL = new Set(['password', 'passwordCommand', 'oauth2']);

function fieldOf(path: string): FieldKey | undefined {
  const [first, second] = path.split('.');
  if (first && TOP.has(first)) return first as FieldKey;
  if ((first === 'imap' || first === 'smtp') && second) {
    if (SERVER.has(second)) return `${first}.${second}` as FieldKey;
    if (CREDENTIAL.has(second)) return 'auth';
  }
  return undefined;
}

/** Sorts a failed save's error onto the fields; a refused login is the sign-in's. */
export function formErrors(error: unknown): FormErrors {
  const message = error instanceof Error || isBridgeError(error) ? (error as Error).message : String(error);
  if (isBridgeError(error) && error.code === 'auth_failed') return { fields: { auth: t('options_login_refused', message) } };
  if (!isBridgeError(error) || error.code !== 'bad_request') {
    // The mail server's own words (a certificate it can't verify, say) help fix the fields.
    return { fields: {}, general: isBridgeError(error) && error.code === 'mail_server' ? `${errorText(error)} (${message})` : errorText(error) };
  }
  const fields: FormErrors['fields'] = {};
  const problems: Partial<Record<FieldKey, string[]>> = {};
  const rest: string[] = [];
  for (const issue of message.split('; ')) {
    const colon = issue.indexOf(': ');
    const field = colon > 0 ? fieldOf(issue.slice(0, colon)) : undefined;
    if (field) (problems[field] ??= []).push(issue.slice(colon + 2));
    else rest.push(issue);
  }
  // The bridge speaks English; the sentence around its words is in the user's language.
  for (const [field, list] of Object.entries(problems)) fields[field as FieldKey] = t('options_field_refused', list.join('; '));
  return { fields, ...(rest.length > 0 && { general: rest.join('; ') }) };
}
