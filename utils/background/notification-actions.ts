/**
 * What a click on a new-mail notification does: its buttons act on the
 * server ("Mark as read", "Delete"); a click on the body opens the mail.
 */
import { browser } from 'wxt/browser';
import { pairedApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { lastStatus } from '@/utils/storage/status';
import { BUTTONS, dismiss, messagesOf, showActionFailed } from './notifications';
import { syncNow } from './sync';

/** `notifications.onButtonClicked`: marks the message read or deletes it, on the server. */
export async function onNotificationButton(notificationId: string, buttonIndex: number): Promise<void> {
  const [target] = await messagesOf(notificationId);
  const action = BUTTONS[buttonIndex];
  const api = await pairedApi();
  if (!target || !action || !api) return;

  try {
    if (action === 'mark-read') await api.setSeen(target.account, target.id, true);
    // To Trash, not expunged: the popup can still undo it.
    else await api.trash(target.account, target.id);
  } catch (error) {
    await showActionFailed(action, errorText(error));
    return;
  }
  await dismiss(notificationId);
  // The bridge pushes the new count too, but not while the socket is down.
  await syncNow();
}

/**
 * `notifications.onClicked`: opens the popup where the browser lets us
 * (`action.openPopup`, Chrome 127+), else the account's webmail, else the
 * popup page in a tab.
 */
export async function onNotificationClicked(notificationId: string): Promise<void> {
  const [target] = await messagesOf(notificationId);
  await dismiss(notificationId);
  try {
    await browser.action.openPopup();
    return;
  } catch {
    // No focused window, or a browser without openPopup: fall through.
  }
  const url = (target && (await webmailUrl(target.account))) || browser.runtime.getURL('/popup.html');
  await browser.tabs.create({ url });
}

async function webmailUrl(account: string): Promise<string | undefined> {
  return (await lastStatus.getValue())?.accounts.find((a) => a.id === account)?.webmailUrl;
}
