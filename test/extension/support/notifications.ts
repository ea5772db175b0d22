import { vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

export type Created = [id: string, options: Browser.notifications.NotificationCreateOptions];

/**
 * Spies on `notifications.create`. `created()` lists its (id, options) calls:
 * the typings only see the last overload, `create(options)`.
 */
export function spyOnNotifications() {
  const spy = vi.spyOn(fakeBrowser.notifications, 'create');
  return Object.assign(spy, { created: () => spy.mock.calls as unknown as Created[] });
}

/** The notifications created about the message with this subject. */
export function createdFor(spy: ReturnType<typeof spyOnNotifications>, subject: string): Created[] {
  return spy.created().filter(([, options]) => options.message.includes(subject));
}
