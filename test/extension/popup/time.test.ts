// Times as the list shows them.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { uiLocale } from '@/utils/i18n';
import { relativeTime } from '@/utils/time';
import { installI18n } from '../support/fake-i18n';
import { NOW } from '../support/summary';

describe('relativeTime', () => {
  const at = (ms: number) => new Date(NOW - ms).toISOString();
  it.each([
    [30_000, 'now'],
    [12 * 60_000, new Intl.RelativeTimeFormat('en', { style: 'narrow' }).format(-12, 'minute')],
    [3 * 86_400_000, new Intl.DateTimeFormat('en', { weekday: 'short' }).format(new Date(NOW - 3 * 86_400_000))],
  ])('%i ms ago reads %s', (ago, expected) => {
    expect(relativeTime(at(ago), NOW, 'en', 'now')).toBe(expected);
  });

  it('is empty for a date that does not parse', () => {
    expect(relativeTime('not a date', NOW, 'en', 'now')).toBe('');
  });
});

describe('uiLocale', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each([
    ['nl', 'nl', 'nl'],
    ['de-AT', 'de', 'de-AT'],
    ['en-GB', 'en', 'en-GB'],
    // Postbode has no French: the UI falls back to English words, and the dates follow them.
    ['fr-FR', 'en', 'en'],
  ])('browser %s with the %s translation formats in %s', (browserLocale, translation, expected) => {
    installI18n(translation);
    (fakeBrowser.i18n as unknown as { getUILanguage(): string }).getUILanguage = () => browserLocale;
    expect(uiLocale()).toBe(expected);
  });

  it('gives a French browser English relative times in the English UI', () => {
    installI18n('en');
    (fakeBrowser.i18n as unknown as { getUILanguage(): string }).getUILanguage = () => 'fr-FR';
    expect(relativeTime(new Date(NOW - 3 * 86_400_000).toISOString(), NOW, uiLocale(), 'now')).toBe(
      new Intl.DateTimeFormat('en', { weekday: 'short' }).format(new Date(NOW - 3 * 86_400_000)),
    );
  });
});
