// Every popup string exists in en, nl and de, with the same substitutions, and the popup speaks each.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../support/fake-api';
import { installI18n, readMessages } from '../support/fake-i18n';
import { renderPopup, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const LOCALES = ['en', 'nl', 'de'] as const;
const root = path.resolve(__dirname, '../../..');
const popupKeys = Object.keys(readMessages('en')).filter((k) => k.startsWith('popup_'));
const substitutions = (text: string) => [...text.matchAll(/\$(\d)/g)].map((m) => m[1]).sort().join(',');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [path.join(dir, entry.name)] : [],
  );
}

describe('popup translations', () => {
  it.each(LOCALES)('%s has every popup key, with the same $1… substitutions as English', (locale) => {
    const en = readMessages('en');
    const messages = readMessages(locale);
    for (const key of popupKeys) {
      expect(messages[key]?.message, `${locale}: ${key}`).toBeTruthy();
      expect(substitutions(messages[key]!.message), `${locale}: ${key}`).toBe(substitutions(en[key]!.message));
    }
  });

  it('uses no popup key that English lacks', () => {
    const files = [...sourceFiles('components'), ...sourceFiles('entrypoints/popup'), ...sourceFiles('utils')];
    const used = new Set(files.flatMap((f) => [...readFileSync(path.join(root, f), 'utf8').matchAll(/'(popup_[a-z_]+)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) expect(popupKeys, key).toContain(key);
  });
});

describe('popup in each language', () => {
  beforeEach(startPaired);
  afterEach(cleanup);

  it.each([
    ['en', 'Mark as read', 'Archive', 'Delete', 'Mark all as read'],
    ['nl', 'Markeren als gelezen', 'Archiveren', 'Verwijderen', 'Alles als gelezen markeren'],
    ['de', 'Als gelesen markieren', 'Archivieren', 'Löschen', 'Alle als gelesen markieren'],
  ])('%s', async (locale, read, archive, remove, all) => {
    installI18n(locale);
    await renderPopup({ createApi: () => new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Hallo')] } }]), now: () => NOW });
    const item = (await screen.findByText('Hallo')).closest('li')!;
    expect(within(item).getByRole('button', { name: read })).toBeTruthy();
    expect(within(item).getByRole('button', { name: archive })).toBeTruthy();
    expect(within(item).getByRole('button', { name: remove })).toBeTruthy();
    expect(screen.getByRole('button', { name: all })).toBeTruthy();
  });
});
