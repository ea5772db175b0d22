/**
 * Showing and closing new-mail notifications. Which messages are new is
 * decided elsewhere (`new-mail.ts`); this file only says it well: one
 * notification per message with sender, subject and snippet, or one summary
 * when many arrive at once.
 */
import { browser, type Browser } from 'wxt/browser';
import type { Summary } from '@/bridge/api-types';
import { t } from '@/utils/i18n';
import { shownNotifications, type NotifiedMessage } from '@/utils/storage/background';

export interface NewMail {
  account: { id: string; name: string };
  message: Summary;
}

/** More than this many at once fold into one summary: a stack of toasts is noise. */
export const MAX_SEPARATE = 3;

/** The one summary notification; a new batch merges into it while it is open. */
export const SUMMARY_ID = 'postbode-summary';
const MESSAGE_PREFIX = 'postbode-mail:';

/** Button order on a message notification; the index is what `onButtonClicked` reports. */
export const BUTTONS = ['mark-read', 'delete'] as const;
export type ButtonAction = (typeof BUTTONS)[number];

/** Firefox has no notification buttons (it ignores them with a warning). */
const SUPPORTS_BUTTONS = !import.meta.env.FIREFOX;

export interface AnnounceOptions {
  /** Say which account each message is for: with several, Work and Personal look alike otherwise. */
  nameAccounts?: boolean;
}

/**
 * Notifies about one batch of `mail` (newest first), separately or as one
 * summary, created once per batch. The summary keeps one id, so the next
 * batch replaces it (merging what it still shows) rather than stacking.
 */
export async function announce(mail: readonly NewMail[], options: AnnounceOptions = {}): Promise<void> {
  if (mail.length === 0) return;
  await forgetClosed();
  if (mail.length <= MAX_SEPARATE) {
    // Oldest first, so the newest ends on top of the stack.
    for (const item of [...mail].reverse()) await showMessage(item, options);
  } else {
    await showSummary(mail, options);
  }
}

async function showMessage({ account, message }: NewMail, { nameAccounts }: AnnounceOptions): Promise<void> {
  const id = `${MESSAGE_PREFIX}${account.id}:${message.id}`;
  // Remember first: a click on a notification we forgot would do nothing.
  await remember(id, [{ account: account.id, mailbox: message.mailbox, id: message.id }]);
  await create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    // In the title, not `contextMessage`: Firefox shows only title and message.
    title: nameAccounts ? t('notify_title_with_account', sender(message), account.name) : sender(message),
    message: [message.subject || t('notify_no_subject'), message.snippet].filter(Boolean).join('\n'),
    ...(SUPPORTS_BUTTONS && {
      buttons: [{ title: t('notify_button_mark_read') }, { title: t('notify_button_delete') }],
    }),
  });
}

async function showSummary(mail: readonly NewMail[], { nameAccounts }: AnnounceOptions): Promise<void> {
  const open = (await shownNotifications.getValue())[SUMMARY_ID] ?? [];
  const added = mail.map(({ account, message }) => ({ account: account.id, mailbox: message.mailbox, id: message.id }));
  const messages = [...added, ...open.filter((o) => !added.some((a) => a.id === o.id && a.account === o.account))];
  await remember(SUMMARY_ID, messages);

  // One account (of several): its name in the title. Several: each line says whose.
  const only = new Set(messages.map((m) => m.account)).size === 1 ? mail[0]!.account : undefined;
  const lines = mail.slice(0, MAX_SEPARATE).map(({ account, message }) => {
    const line = `${sender(message)}: ${message.subject || t('notify_no_subject')}`;
    return nameAccounts && !only ? `${account.name} · ${line}` : line;
  });
  if (messages.length > lines.length) lines.push(t('notify_summary_more', messages.length - lines.length));
  await create(SUMMARY_ID, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: nameAccounts && only ? t('notify_summary_title_account', messages.length, only.name) : t('notify_summary_title', messages.length),
    message: lines.join('\n'),
  });
}

/** Tells the user a button's action failed (the notification itself stays). */
export async function showActionFailed(action: ButtonAction, detail: string): Promise<void> {
  await create('postbode-error', {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('notify_action_failed_title'),
    message: action === 'mark-read' ? t('notify_mark_read_failed', detail) : t('notify_delete_failed', detail),
  });
}

/**
 * Closes what no longer needs saying: `unseenIds` are the ids still unseen in
 * `mailbox` of `account`; any of ours that isn't was read or deleted elsewhere.
 */
export async function closeReadElsewhere(account: string, mailbox: string, unseenIds: ReadonlySet<string>): Promise<void> {
  const shown = await shownNotifications.getValue();
  for (const [notificationId, messages] of Object.entries(shown)) {
    const left = messages.filter((m) => m.account !== account || m.mailbox !== mailbox || unseenIds.has(m.id));
    if (left.length === messages.length) continue;
    if (left.length === 0) await dismiss(notificationId);
    else await remember(notificationId, left);
  }
}

/** The messages an open notification is about (empty if it isn't one of ours). */
export async function messagesOf(notificationId: string): Promise<NotifiedMessage[]> {
  return (await shownNotifications.getValue())[notificationId] ?? [];
}

/** Closes a notification and forgets it. */
export async function dismiss(notificationId: string): Promise<void> {
  await forget(notificationId);
  await browser.notifications.clear(notificationId);
}

/** Forgets a notification the user (or the system) closed. */
export async function forget(notificationId: string): Promise<void> {
  const shown = await shownNotifications.getValue();
  if (!(notificationId in shown)) return;
  const { [notificationId]: _, ...rest } = shown;
  await shownNotifications.setValue(rest);
}

async function remember(notificationId: string, messages: NotifiedMessage[]): Promise<void> {
  const shown = await shownNotifications.getValue();
  await shownNotifications.setValue({ ...shown, [notificationId]: messages });
}

/**
 * Keeps the record bounded: `onClosed` doesn't fire for every notification
 * (a browser restart clears them silently), so drop what the browser no longer shows.
 */
async function forgetClosed(): Promise<void> {
  const open = await browser.notifications.getAll();
  const shown = await shownNotifications.getValue();
  const kept = Object.fromEntries(Object.entries(shown).filter(([id]) => id in open));
  if (Object.keys(kept).length !== Object.keys(shown).length) await shownNotifications.setValue(kept);
}

async function create(id: string, options: Browser.notifications.NotificationCreateOptions): Promise<void> {
  try {
    await browser.notifications.create(id, options);
  } catch (error) {
    // A browser that rejects buttons outright still gets the notification.
    if (!options.buttons) throw error;
    const { buttons: _, ...plain } = options;
    await browser.notifications.create(id, plain);
  }
}

function sender(message: Summary): string {
  return message.from?.name || message.from?.address || '?';
}
