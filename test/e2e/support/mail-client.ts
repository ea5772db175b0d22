// "Another IMAP client" on the test Dovecot: it delivers mail, changes flags and
// deletes behind the extension's back, and reports what the server holds, so a
// spec can say "the server agrees".
import type { ImapFlow } from 'imapflow';
import { compose } from '../../support/compose';
import type { Dovecot } from '../../support/dovecot';

export interface NewMessage {
  subject: string;
  from?: string;
  to?: string;
  text?: string;
  html?: string;
  messageId?: string;
  /** The Date header (default: now). */
  date?: Date;
  /** Parts besides the body; with a `cid`, an inline image the HTML shows as `cid:…`. */
  attachments?: Array<{ filename: string; content: Buffer; cid?: string }>;
}

export interface Delivered {
  subject: string;
  messageId: string;
  uid: number;
}

export interface Found {
  uid: number;
  flags: string[];
}

let counter = 0;

export class MailClient {
  constructor(
    private readonly dovecot: Dovecot,
    readonly user = 'alice',
  ) {}

  /** Puts a message in INBOX the way a delivery agent would (an APPEND from another connection). */
  async deliver(message: NewMessage): Promise<Delivered> {
    const messageId = message.messageId ?? `<e2e-${process.pid}-${++counter}@example.test>`;
    const raw = await compose({
      subject: message.subject,
      ...(message.from && { from: message.from }),
      ...(message.to && { to: message.to }),
      ...(message.text !== undefined && { text: message.text }),
      ...(message.html !== undefined && { html: message.html }),
      ...(message.date && { date: message.date }),
      ...(message.attachments && { attachments: message.attachments }),
      messageId,
    });
    const { uid } = await this.dovecot.append(this.user, 'INBOX', raw);
    return { subject: message.subject, messageId, uid };
  }

  /** The message with this subject in `mailbox`, with its flags, or undefined. */
  async find(mailbox: string, subject: string): Promise<Found | undefined> {
    return this.inMailbox(mailbox, async (imap) => {
      const uid = await this.uidOf(imap, subject);
      if (uid === undefined) return undefined;
      const message = await imap.fetchOne(String(uid), { flags: true }, { uid: true });
      return { uid, flags: [...(message ? (message.flags ?? []) : [])].sort() };
    });
  }

  /** The flags of the message with this subject in `mailbox` (undefined if it isn't there). */
  async flags(mailbox: string, subject: string): Promise<string[] | undefined> {
    return (await this.find(mailbox, subject))?.flags;
  }

  /** Marks the message read from this other client. */
  async markSeen(subject: string, mailbox = 'INBOX'): Promise<void> {
    await this.inMailbox(mailbox, async (imap) => {
      const uid = await this.mustFind(imap, mailbox, subject);
      await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    });
  }

  /** Deletes the message for good from this other client (flag \Deleted and EXPUNGE). */
  async remove(subject: string, mailbox = 'INBOX'): Promise<void> {
    await this.inMailbox(mailbox, async (imap) => {
      const uid = await this.mustFind(imap, mailbox, subject);
      await imap.messageDelete(String(uid), { uid: true });
    });
  }

  /** Expunges everything in these mailboxes: each test starts from an empty account. */
  async empty(mailboxes = ['INBOX', 'Trash', 'Archive', 'Sent']): Promise<void> {
    const imap = await this.dovecot.client(this.user);
    try {
      for (const mailbox of mailboxes) {
        const { exists } = await imap.mailboxOpen(mailbox);
        if (exists > 0) await imap.messageDelete('1:*');
      }
    } finally {
      await imap.logout();
    }
  }

  private async inMailbox<T>(mailbox: string, task: (imap: ImapFlow) => Promise<T>): Promise<T> {
    const imap = await this.dovecot.client(this.user);
    try {
      const lock = await imap.getMailboxLock(mailbox);
      try {
        return await task(imap);
      } finally {
        lock.release();
      }
    } finally {
      await imap.logout();
    }
  }

  private async uidOf(imap: ImapFlow, subject: string): Promise<number | undefined> {
    // SEARCH SUBJECT is a substring match: the exact comparison is ours.
    const uids = (await imap.search({ subject }, { uid: true })) || [];
    for (const uid of uids) {
      const message = await imap.fetchOne(String(uid), { envelope: true }, { uid: true });
      if (message && message.envelope?.subject === subject) return uid;
    }
    return undefined;
  }

  private async mustFind(imap: ImapFlow, mailbox: string, subject: string): Promise<number> {
    const uid = await this.uidOf(imap, subject);
    if (uid === undefined) throw new Error(`no message "${subject}" in ${mailbox}`);
    return uid;
  }
}
