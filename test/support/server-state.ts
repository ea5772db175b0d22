// What Dovecot itself holds, read over a session of the test's own: the ground truth the
// bridge's answers and actions are checked against.
import type { Dovecot } from './dovecot';

export interface ServerMessage {
  mailbox: string;
  subject: string;
  /** Sorted, without \Recent (which only says which session saw the message first). */
  flags: string[];
}

/** Every message in `mailboxes`, mailbox by mailbox in sequence order. */
export async function serverState(dovecot: Dovecot, mailboxes: readonly string[], user = 'alice'): Promise<ServerMessage[]> {
  const client = await dovecot.client(user);
  const messages: ServerMessage[] = [];
  try {
    for (const mailbox of mailboxes) {
      const lock = await client.getMailboxLock(mailbox);
      try {
        if (!client.mailbox || client.mailbox.exists === 0) continue;
        for await (const message of client.fetch('1:*', { envelope: true, flags: true })) {
          const flags = [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort();
          messages.push({ mailbox, subject: message.envelope?.subject ?? '', flags });
        }
      } finally {
        lock.release();
      }
    }
  } finally {
    await client.logout();
  }
  return messages;
}
