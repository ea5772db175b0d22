/**
 * The account form's data: what the inputs hold (strings, as typed), how a saved
 * account fills them, and the request bodies they turn into. Pure, so the rules
 * (an empty password keeps the saved one, only changed fields are sent) are tested
 * without a page.
 */
import type { AccountView, AuthKind, MailSettings } from '@/bridge/api-types';
import type { OAuthProvider, Security } from '@/bridge/config/schema';
import type { AccountPatch, NewAccount } from '@/utils/bridge/api';

export interface ServerInput {
  host: string;
  /** As typed; a number on submit. */
  port: string;
  security: Security;
  user: string;
  /** Path of a PEM file with the CA to trust; empty for the system's CAs. */
  ca: string;
}

export const EMPTY_SERVER: ServerInput = { host: '', port: '', security: 'tls', user: '', ca: '' };

/** How the account signs in, as the form offers it. `tokenCommand` only for accounts that have one. */
export interface AuthInput {
  kind: AuthKind;
  /** Empty in the editor: the saved secret stays. */
  password: string;
  passwordCommand: string;
  tokenCommand: string;
  provider: OAuthProvider;
  clientId: string;
  clientSecret: string;
}

export const EMPTY_AUTH: AuthInput = {
  kind: 'password',
  password: '',
  passwordCommand: '',
  tokenCommand: '',
  provider: 'google',
  clientId: '',
  clientSecret: '',
};

export interface AccountInput {
  name: string;
  senderName: string;
  email: string;
  auth: AuthInput;
  imap: ServerInput;
  smtp: ServerInput;
  webmailUrl: string;
  watch: string[];
  /** A new sign-in goes to SMTP too (nearly every provider uses one for both); off, SMTP keeps its own. */
  smtpSameSignIn: boolean;
}

type SavedServer = AccountView['imap'];

function serverInput(server: SavedServer | undefined): ServerInput {
  if (!server) return EMPTY_SERVER;
  return { host: server.host, port: String(server.port), security: server.security, user: server.user, ca: server.ca ?? '' };
}

/** The form for a saved account: every field as saved, secrets empty. */
export function inputFromAccount(account: AccountView): AccountInput {
  const oauth2 = account.imap.oauth2;
  return {
    name: account.name,
    senderName: account.senderName ?? '',
    email: account.email,
    auth: { ...EMPTY_AUTH, kind: account.imap.auth, ...(oauth2 && { provider: oauth2.provider, clientId: oauth2.clientId }) },
    imap: serverInput(account.imap),
    smtp: serverInput(account.smtp),
    webmailUrl: account.webmailUrl ?? '',
    watch: [...account.watch],
    smtpSameSignIn: true,
  };
}

/** A server's settings from autoconfig, as form input. */
export function serverFromSettings(settings: MailSettings['imap']): ServerInput {
  return { host: settings.host, port: String(settings.port), security: settings.security, user: settings.user, ca: '' };
}

/**
 * The credential for a server block, or `undefined` to keep the saved one: a secret
 * left empty keeps what is saved when the kind didn't change, and an OAuth client
 * that didn't change keeps its block (and the bridge its refresh token).
 */
export function credentialPatch(auth: AuthInput, saved?: SavedServer): Record<string, unknown> | undefined {
  const same = saved?.auth === auth.kind;
  switch (auth.kind) {
    case 'password':
      return auth.password ? { password: auth.password } : same ? undefined : { password: '' };
    case 'passwordCommand':
      return auth.passwordCommand.trim() ? { passwordCommand: auth.passwordCommand.trim() } : same ? undefined : { passwordCommand: '' };
    case 'tokenCommand':
      return auth.tokenCommand.trim() ? { oauth2: { tokenCommand: auth.tokenCommand.trim() } } : same ? undefined : { oauth2: { tokenCommand: '' } };
    case 'oauth2': {
      const before = saved?.oauth2;
      const clientId = auth.clientId.trim();
      if (same && before && before.provider === auth.provider && before.clientId === clientId && !auth.clientSecret) return undefined;
      // The same provider keeps its endpoints and scopes (a custom one needs them).
      const { clientSecret: _hidden, ...kept } = before && before.provider === auth.provider ? before : { provider: auth.provider };
      return { oauth2: { ...kept, provider: auth.provider, clientId, ...(auth.clientSecret && { clientSecret: auth.clientSecret }) } };
    }
  }
}

/** True when the form has nothing to keep: a secret must be typed (a new account, or a new kind of sign-in). */
export function needsSecret(auth: AuthInput, saved?: SavedServer): boolean {
  return saved?.auth !== auth.kind && (auth.kind === 'password' || auth.kind === 'passwordCommand' || auth.kind === 'tokenCommand');
}

function serverChanges(input: ServerInput, saved: SavedServer | undefined): Record<string, unknown> {
  const next = { host: input.host.trim(), port: Number(input.port), security: input.security, user: input.user.trim() };
  const changes: Record<string, unknown> = {};
  for (const key of ['host', 'port', 'security', 'user'] as const) if (!saved || saved[key] !== next[key]) changes[key] = next[key];
  const ca = input.ca.trim();
  if (ca !== (saved?.ca ?? '')) changes.ca = ca || null;
  return changes;
}

/**
 * `PATCH /v1/accounts/:id` for what changed between the saved account and the form:
 * only changed fields, so an unchanged IMAP block isn't tested and restarted again.
 * A new sign-in goes to both servers unless `smtpSameSignIn` is off. Empty when nothing changed.
 */
export function accountPatch(saved: AccountView, input: AccountInput): AccountPatch {
  const patch: Record<string, unknown> = {};
  const text = (value: string) => value.trim();
  if (text(input.name) && text(input.name) !== saved.name) patch.name = text(input.name);
  if (text(input.senderName) !== (saved.senderName ?? '')) patch.senderName = text(input.senderName) || null;
  if (text(input.email) !== saved.email) patch.email = text(input.email);
  if (text(input.webmailUrl) !== (saved.webmailUrl ?? '')) patch.webmailUrl = text(input.webmailUrl) || null;
  if (input.watch.join('\n') !== saved.watch.join('\n')) patch.watch = input.watch;

  const imap = { ...serverChanges(input.imap, saved.imap), ...credentialPatch(input.auth, saved.imap) };
  if (Object.keys(imap).length > 0) patch.imap = imap;
  if (!input.smtp.host.trim()) {
    if (saved.smtp) patch.smtp = null;
  } else {
    const credential = !input.smtpSameSignIn && saved.smtp ? undefined : credentialPatch(input.auth, saved.smtp);
    const smtp = { ...serverChanges(input.smtp, saved.smtp), ...credential };
    if (Object.keys(smtp).length > 0) patch.smtp = smtp;
  }
  return patch as AccountPatch;
}

/** `POST /v1/accounts` for the add form; the user name defaults to the address. An OAuth block goes without a token: sign-in follows. */
export function newAccount(input: AccountInput): NewAccount {
  const email = input.email.trim();
  const credential = credentialPatch(input.auth) ?? {};
  const server = (s: ServerInput) => ({
    host: s.host.trim(),
    port: Number(s.port),
    security: s.security,
    user: s.user.trim() || email,
    ...(s.ca.trim() && { ca: s.ca.trim() }),
    ...credential,
  });
  return {
    email,
    ...(input.name.trim() && { name: input.name.trim() }),
    ...(input.senderName.trim() && { senderName: input.senderName.trim() }),
    imap: server(input.imap),
    ...(input.smtp.host.trim() && { smtp: server(input.smtp) }),
    ...(input.webmailUrl.trim() && { webmailUrl: input.webmailUrl.trim() }),
  } as NewAccount;
}
