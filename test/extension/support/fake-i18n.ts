// WXT's fake browser has no i18n: this one answers from the real
// public/_locales/<lang>/messages.json, placeholders and all, so tests see the
// strings users see (and a missing key shows up as an empty string, as in Chrome).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export function readMessages(lang: string): Record<string, Entry> {
  // From the project root (vitest's cwd): happy-dom's URL makes import.meta.url relative paths unreliable.
  return JSON.parse(readFileSync(path.resolve('public/_locales', lang, 'messages.json'), 'utf8'));
}

/**
 * Chrome's substitution rules: `$NAME$` → its placeholder's content (an
 * undefined one stays as written, so a test sees it), then in one pass `$1`…`$9`
 * → the substitutions (missing ones empty) and `$$` → `$`.
 */
export function format(entry: Entry | undefined, substitutions: string | string[] = []): string {
  if (!entry) return '';
  const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (match, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? placeholder.content : match;
  });
  return named.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
}

/** Makes `browser.i18n` answer in `lang` (after every `fakeBrowser.reset()`). */
export function installI18n(lang = 'en'): void {
  const messages = readMessages(lang);
  const i18n = fakeBrowser.i18n as unknown as Record<string, unknown>;
  i18n.getMessage = (name: string, substitutions?: string | string[]) => format(messages[name], substitutions);
  i18n.getUILanguage = () => lang;
}

const english = readMessages('en');

/** The string `key` has in English, for queries: `en('popup_action_archive')`. */
export function en(key: string, ...substitutions: string[]): string {
  return format(english[key], substitutions);
}
