/**
 * What the background worker remembers across its restarts (only it reads these).
 * A stopped worker loses its globals; without these, a restart would announce
 * the same mail again, or leave notification buttons that do nothing.
 */
import { storage } from '#imports';
import type { MailboxMemory } from '@/utils/background/new-mail';

/**
 * What the new-mail check remembers per account and watched mailbox (see
 * `utils/background/new-mail.ts`). Kept in storage so neither a worker nor a
 * browser restart announces a message twice.
 */
export type MailMemory = Record<string, Record<string, MailboxMemory>>;

export const mailMemory = storage.defineItem<MailMemory>('local:mailMemory', {
  fallback: {},
});

/** A message an open notification is about. */
export interface NotifiedMessage {
  account: string;
  mailbox: string;
  id: string;
}

/**
 * Open notifications by notification id: one message, or several for a
 * summary. In storage so their buttons still work after the worker restarted,
 * and so they can be closed when their mail is read elsewhere.
 */
export const shownNotifications = storage.defineItem<Record<string, NotifiedMessage[]>>(
  'local:shownNotifications',
  { fallback: {} },
);
