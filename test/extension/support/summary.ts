import type { Summary } from '@/bridge/api-types';

/** The popup tests' clock. */
export const NOW = Date.parse('2026-11-26T10:00:00Z');

/** An unseen INBOX message with UID `uid`; every field derived from it unless given. */
export function summaryWithUid(uid: number, extra: Partial<Summary> = {}): Summary {
  return {
    id: `INBOX.1.${uid}`,
    mailbox: 'INBOX',
    uid,
    subject: `Subject ${uid}`,
    from: { name: `Sender ${uid}`, address: `s${uid}@example.test` },
    // One second apart, so each message has its own fingerprint.
    date: new Date(Date.UTC(2026, 10, 26, 10, 0, uid)).toISOString(),
    snippet: `Snippet ${uid}`,
    seen: false,
    flagged: false,
    answered: false,
    hasAttachments: false,
    size: 2048,
    ...extra,
    mailboxName: extra.mailboxName ?? (extra.mailbox ?? 'INBOX').split('/').pop()!,
  };
}

let lastUid = 100;

/**
 * An unseen message about `subject`, from "Sender of <subject>", each one made
 * a minute older than the one before (before {@link NOW}).
 */
export function summary(subject: string, changes: Partial<Summary> = {}): Summary {
  const uid = ++lastUid;
  return summaryWithUid(uid, {
    id: `msg-${uid}`,
    subject,
    from: { name: `Sender of ${subject}`, address: 'sender@example.test' },
    date: new Date(NOW - uid * 60_000).toISOString(),
    snippet: `Snippet of ${subject}`,
    ...changes,
  });
}
