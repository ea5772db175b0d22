/** The locale for dates and numbers: the browser's UI language, as `browser.i18n` picks messages. */
import { browser } from 'wxt/browser';

export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}
