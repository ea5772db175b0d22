// Every language says everything: the same keys, and the same placeholders, in
// en (the default_locale), nl and de. Chrome shows an empty string for a missing key.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, readMessages } from './support/fake-i18n';

const LANGUAGES = readdirSync(path.resolve('public/_locales')).sort();
const english = readMessages('en');

/** `$NAME$` references in a message, lower-cased like Chrome matches them. */
function references(message: string): string[] {
  return [...message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
}

describe('locales', () => {
  it('are English, Dutch and German', () => {
    expect(LANGUAGES).toEqual(['de', 'en', 'nl']);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the English keys', (lang) => {
    expect(Object.keys(readMessages(lang)).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(LANGUAGES)('%s: every placeholder a message uses is defined, and the same as in English', (lang) => {
    for (const [key, entry] of Object.entries(readMessages(lang))) {
      const defined = Object.keys(entry.placeholders ?? {}).sort();
      expect(references(entry.message), `${lang}/${key}`).toEqual(defined);
      expect(defined, `${lang}/${key}`).toEqual(Object.keys(english[key]?.placeholders ?? {}).sort());
    }
  });

  it.each(LANGUAGES)('%s: no message is empty', (lang) => {
    for (const [key, entry] of Object.entries(readMessages(lang))) {
      expect(entry.message.trim(), `${lang}/${key}`).not.toBe('');
    }
  });

  it('fills placeholders the way Chrome does', () => {
    expect(format(english.options_test_unreachable, ['http://127.0.0.1:7143'])).toBe(
      'No answer from http://127.0.0.1:7143. Is the bridge running?',
    );
  });

  it.each([
    ['$1 of $2', ['3', '7'], '3 of 7'],
    ['$$1 is a dollar and a one', ['x'], '$1 is a dollar and a one'],
    ['$2 is missing', ['x'], ' is missing'],
  ])('the tests\' i18n fills %j like Chrome', (message, substitutions, expected) => {
    expect(format({ message }, substitutions)).toBe(expected);
  });
});
