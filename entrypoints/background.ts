import { browser } from 'wxt/browser';
import { installed, onPairingChanged, refresh, started, wake } from '@/utils/background/freshness';
import { onNotificationButton, onNotificationClicked } from '@/utils/background/notification-actions';
import { forget } from '@/utils/background/notifications';
import { renderBadge } from '@/utils/background/badge';
import { REFRESH_ALARM, scheduleRefreshAlarm } from '@/utils/background/refresh-alarm';
import { uiLocale } from '@/utils/i18n';
import { loadTimeFormats } from '@/utils/time';
import { notifyRules } from '@/utils/storage/notify-rules';
import { pairing } from '@/utils/storage/pairing';
import { settings } from '@/utils/storage/settings';

export default defineBackground(() => {
  // Listeners are added synchronously, first thing: the event that woke a
  // stopped worker is only delivered to listeners present after this turn.
  browser.runtime.onStartup.addListener(() => void started());
  browser.runtime.onInstalled.addListener((details) => void installed(details.reason));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void refresh();
  });
  browser.notifications.onClicked.addListener((id) => void onNotificationClicked(id));
  // Firefox has no buttons and may not have the event at all.
  browser.notifications.onButtonClicked?.addListener((id, index) => void onNotificationButton(id, index));
  browser.notifications.onClosed.addListener((id) => void forget(id));
  pairing.watch((next) => void onPairingChanged(next));
  settings.watch(() => void scheduleRefreshAlarm());
  // Which folders count on the badge is a notification rule (synced from another browser, too).
  notifyRules.watch(() => void renderBadge());

  // Once the badge is right: the popup's first frame then finds the locale data loaded.
  void wake().finally(() => loadTimeFormats(uiLocale()));
});
