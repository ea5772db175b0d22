import type { Summary } from '@/bridge/api-types';

/** An unseen INBOX message with UID `uid`; every field derived from it unless given. */
export function summary(uid: number, extra: Partial<Summary> = {}): Summary {
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
    ...extra,
  };
}
