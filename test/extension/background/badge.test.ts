import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AccountStatus, Status } from '@/bridge/api-types';
import { BADGE_COLORS, countText, renderBadge } from '@/utils/background/badge';
import { DEFAULT_ACCOUNT_RULES, DEFAULT_RULES, notifyRules } from '@/utils/storage/notify-rules';
import { pairing } from '@/utils/storage/pairing';
import { connection, lastStatus, type ConnectionState } from '@/utils/storage/status';
import { installI18n } from '../support/fake-i18n';

function account(id: string, unread: number, state: AccountStatus['state'] = 'ok', error?: string): AccountStatus {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    email: `${id}@example.test`,
    state,
    ...(error && { error }),
    unread,
    mailboxes: [{ path: 'INBOX', unread }],
  };
}

function status(...accounts: AccountStatus[]): Status {
  return { revision: 1, total: accounts.reduce((n, a) => n + a.unread, 0), accounts };
}

async function show(state: ConnectionState, current: Status | null, paired = true) {
  if (paired) await pairing.setValue({ url: 'http://127.0.0.1:7143', token: 't'.repeat(43) });
  await connection.setValue({ state, since: 1 });
  await lastStatus.setValue(current);
  await renderBadge();
  return {
    text: await fakeBrowser.action.getBadgeText({}),
    color: await fakeBrowser.action.getBadgeBackgroundColor({}),
    title: await fakeBrowser.action.getTitle({}),
  };
}

/** The fake browser stores colours as RGBA arrays, like Chrome reports them. */
function rgba(hex: string): number[] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

describe('badge', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    installI18n();
  });

  it.each([
    { unread: 0, text: '' },
    { unread: 7, text: '7' },
    { unread: 99, text: '99' },
    { unread: 120, text: '99+' },
  ])('shows $unread unseen as "$text" in the count colour', async ({ unread, text }) => {
    const badge = await show('connected', status(account('work', unread)));
    expect(badge.text).toBe(text);
    expect(badge.color).toEqual(rgba(BADGE_COLORS.count));
  });

  it('adds up the unseen count over all accounts', async () => {
    const badge = await show('connected', status(account('work', 4), account('home', 3)));
    expect(badge.text).toBe('7');
  });

  it('shows "?" in the pairing colour before the extension is paired', async () => {
    const badge = await show('unpaired', null, false);
    expect(badge).toMatchObject({ text: '?', color: rgba(BADGE_COLORS.unpaired) });
    expect(badge.title).toMatch(/not paired/);
  });

  it('treats a refused token like "not paired", with a tooltip that says so', async () => {
    const badge = await show('unauthorized', status(account('work', 5)));
    expect(badge).toMatchObject({ text: '?', color: rgba(BADGE_COLORS.unpaired) });
    expect(badge.title).toMatch(/refused/);
  });

  it('shows "×" in grey instead of an old count when the bridge is unreachable', async () => {
    const badge = await show('unreachable', status(account('work', 5)));
    expect(badge).toMatchObject({ text: '×', color: rgba(BADGE_COLORS.unreachable) });
    expect(badge.title).toContain('http://127.0.0.1:7143');
  });

  it('marks the count with "!" in red when an account cannot sign in', async () => {
    const badge = await show('connected', status(account('work', 0, 'auth-error', 'Invalid credentials'), account('home', 3)));
    expect(badge).toMatchObject({ text: '3!', color: rgba(BADGE_COLORS['account-error']) });
  });

  it('shows a lone "!" when the failing account is the only one', async () => {
    const badge = await show('connected', status(account('work', 0, 'error', 'connection reset')));
    expect(badge.text).toBe('!');
  });

  it("lists each account's count and state in the tooltip", async () => {
    const badge = await show(
      'connected',
      status(account('work', 4), account('home', 0, 'auth-error', 'Invalid credentials'), account('club', 0, 'connecting')),
    );
    expect(badge.title.split('\n')).toEqual([
      'Postbode: 4 unread',
      'Work: 4 unread',
      'Home: sign-in failed (Invalid credentials)',
      'Club: connecting…',
    ]);
  });

  it('says how to add an account when the bridge has none', async () => {
    const badge = await show('connected', status());
    expect(badge.text).toBe('');
    expect(badge.title).toContain('No accounts yet');
  });

  it.each([
    [0, ''],
    [1, '1'],
    [100, '99+'],
    [-3, ''],
  ])('countText(%i) is "%s"', (n, text) => {
    expect(countText(n)).toBe(text);
  });
});

describe('folders left off the badge', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    installI18n();
  });

  it('counts a folder the user left off the badge nowhere, while its notifications are another setting', async () => {
    const work: AccountStatus = { ...account('work', 7), mailboxes: [{ path: 'INBOX', unread: 2 }, { path: 'Lists', unread: 5 }] };
    await notifyRules.setValue({ ...DEFAULT_RULES, accounts: { work: { ...DEFAULT_ACCOUNT_RULES, uncountedFolders: ['Lists'] } } });

    const look = await show('connected', status(work, account('home', 1)));

    expect(look.text).toBe('3');
    expect(look.title).toContain('Work: 2 unread');
  });
});
