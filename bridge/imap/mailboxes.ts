import type { ImapFlow } from 'imapflow';
import { ApiError } from '../errors';

export interface MailboxInfo {
  path: string;
  name: string;
  specialUse: string | null;
  unread: number;
  total: number;
}

/**
 * Unseen messages in one mailbox, by STATUS (no SELECT, so it never disturbs a lock).
 * Dovecot answers STATUS for the mailbox a session has selected from that session's
 * view, which lags until the session runs a command: a NOOP first brings it up to date.
 */
export async function countUnseen(client: ImapFlow, path: string): Promise<number> {
  if (client.mailbox && client.mailbox.path === path) await client.noop();
  const status = await client.status(path, { unseen: true });
  if (!status) throw new Error(`STATUS failed for ${path}`);
  return status.unseen ?? 0;
}

/** Every selectable mailbox with its counts, in one LIST-STATUS round trip where supported. */
export async function listMailboxes(client: ImapFlow): Promise<MailboxInfo[]> {
  const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
  return entries
    .filter((entry) => !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'))
    .map((entry) => ({
      path: entry.path,
      name: entry.name,
      specialUse: entry.specialUse ?? null,
      unread: entry.status?.unseen ?? 0,
      total: entry.status?.messages ?? 0,
    }));
}

/**
 * A move target as the client gave it: a special-use name (`\Archive`, `\Trash`, …) or
 * a mailbox path. Either must exist; nothing is created on the user's server by accident.
 */
export async function resolveMailbox(client: ImapFlow, target: string): Promise<string> {
  const entries = await client.list();
  const byUse = (use: string) => entries.find((entry) => entry.specialUse?.toLowerCase() === use.toLowerCase());
  // Gmail has no \Archive: archiving is taking the INBOX label off, i.e. a move to
  // All Mail (\All), where the message stays findable.
  const found = target.startsWith('\\')
    ? (byUse(target) ?? (target.toLowerCase() === '\\archive' ? byUse('\\All') : undefined))
    : entries.find((entry) => entry.path === target);
  if (!found || found.flags.has('\\Noselect')) {
    throw new ApiError('not_found', target.startsWith('\\') ? `This account has no ${target} mailbox` : 'No such mailbox');
  }
  return found.path;
}
