// The options page's Notifications section, driven as a user does: controls by
// accessible name, in English, Dutch and German; what it saves is what the
// background reads (`storage.sync`, normalised).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Status } from '@/bridge/api-types';
import type { Accounts } from '@/components/options/AccountList';
import { NotificationSettings } from '@/components/options/NotificationSettings';
import { DEFAULT_ACCOUNT_RULES, notifyRules, readRules } from '@/utils/storage/notify-rules';
import { en, installI18n } from '../support/fake-i18n';
import { until } from '../support/worker';

const STATUS: Status = {
  revision: 1,
  total: 0,
  accounts: [
    { id: 'work', name: 'Work', email: 'me@work.example', state: 'ok', unread: 0, mailboxes: [{ path: 'INBOX', unread: 0 }, { path: 'Lists', unread: 0 }] },
    { id: 'home', name: 'Personal', email: 'me@home.example', state: 'ok', unread: 0, mailboxes: [{ path: 'INBOX', unread: 0 }] },
  ],
} as Status;

const READY: Accounts = { state: 'ready', status: STATUS };

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function show(accounts: Accounts = READY) {
  render(<NotificationSettings accounts={accounts} />);
  return screen.findByRole('heading', { name: en('options_notify_heading') });
}

describe('Notifications settings', () => {
  it('has sound off by default and asks for the offscreen permission when it is turned on', async () => {
    const request = vi.fn(async () => true);
    (fakeBrowser.permissions as unknown as { request: unknown }).request = request;
    await show();
    const sound = screen.getByRole('checkbox', { name: en('options_sound_label') });
    expect((sound as HTMLInputElement).checked).toBe(false);

    fireEvent.click(sound);

    expect(request).toHaveBeenCalledWith({ permissions: ['offscreen'] });
    await until(async () => expect((await readRules()).sound.enabled).toBe(true));
    fireEvent.change(screen.getByRole('combobox', { name: en('options_sound_choice') }), { target: { value: 'bell' } });
    await until(async () => expect((await readRules()).sound.name).toBe('bell'));
    expect(screen.getByRole('slider', { name: en('options_sound_volume') })).toBeTruthy();

    // Off again: the permission goes back too.
    const remove = vi.fn(async () => true);
    (fakeBrowser.permissions as unknown as { remove: unknown }).remove = remove;
    fireEvent.click(sound);
    expect(remove).toHaveBeenCalledWith({ permissions: ['offscreen'] });
    await until(async () => expect((await readRules()).sound.enabled).toBe(false));
  });

  it('leaves sound off and says why when the permission is refused', async () => {
    (fakeBrowser.permissions as unknown as { request: unknown }).request = vi.fn(async () => false);
    await show();

    fireEvent.click(screen.getByRole('checkbox', { name: en('options_sound_label') }));

    expect(await screen.findByText(en('options_sound_denied'))).toBeTruthy();
    expect((await readRules()).sound.enabled).toBe(false);
  });

  it('saves quiet hours for all accounts: times and days', async () => {
    await show();
    fireEvent.click(screen.getByRole('checkbox', { name: en('options_quiet_enable') }));
    fireEvent.change(await screen.findByLabelText(en('options_quiet_from')), { target: { value: '21:30' } });
    await until(async () => expect((await readRules()).quiet).toMatchObject({ enabled: true, from: '21:30', to: '07:00' }));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Sunday' }));

    await until(async () => expect((await readRules()).quiet.days).toEqual([1, 2, 3, 4, 5, 6]));
  });

  it('per account: notifications off, a folder that counts without notifying, VIP senders and "only VIP"', async () => {
    await show();
    const work = screen.getByRole('heading', { name: 'Work' }).closest('li')!;

    fireEvent.click(within(work).getByRole('checkbox', { name: en('options_folder_notify', 'Lists', 'Work') }));
    await until(async () => expect((await readRules()).accounts.work?.mutedFolders).toEqual(['Lists']));
    // The reverse too: INBOX notifies but stays off the badge.
    fireEvent.click(within(work).getByRole('checkbox', { name: en('options_folder_count', 'INBOX', 'Work') }));
    await until(async () => expect((await readRules()).accounts.work?.uncountedFolders).toEqual(['INBOX']));

    fireEvent.change(within(work).getByRole('textbox', { name: en('options_vip_label', 'Work') }), {
      target: { value: 'Boss@Work.Example\nclient.example' },
    });
    fireEvent.click(within(work).getByRole('checkbox', { name: en('options_only_vip', 'Work') }));
    await until(async () =>
      expect((await readRules()).accounts.work).toEqual({
        ...DEFAULT_ACCOUNT_RULES,
        mutedFolders: ['Lists'],
        uncountedFolders: ['INBOX'],
        vip: ['boss@work.example', 'client.example'],
        onlyVip: true,
      }),
    );

    fireEvent.click(screen.getByRole('checkbox', { name: en('options_account_notify', 'Personal') }));
    await until(async () => expect((await readRules()).accounts.home?.notify).toBe(false));
    // A single-folder account has no folder list; an account that doesn't notify hides its details.
    expect(screen.queryByRole('textbox', { name: en('options_vip_label', 'Personal') })).toBeNull();
  });

  it('gives an account its own quiet hours, and VIP mail may break through them', async () => {
    await show();
    fireEvent.click(screen.getByRole('checkbox', { name: en('options_account_quiet', 'Personal') }));
    fireEvent.click(screen.getByRole('checkbox', { name: en('options_vip_breaks') }));

    await until(async () => {
      const rules = await readRules();
      expect(rules.accounts.home?.quiet).toMatchObject({ enabled: true, from: '22:00', to: '07:00' });
      expect(rules.vipBreaksQuiet).toBe(true);
    });
  });

  it('keeps working with settings an older version synced (missing fields)', async () => {
    await notifyRules.setValue({ quiet: { enabled: true } } as never);
    await show();
    expect((screen.getByRole('checkbox', { name: en('options_quiet_enable') }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText(en('options_quiet_from')) as HTMLInputElement).value).toBe('22:00');
  });

  it('says where per-account settings will be before there are accounts', async () => {
    await show({ state: 'unpaired' });
    expect(screen.getByText(en('options_notify_no_accounts'))).toBeTruthy();
  });

  it.each(['nl', 'de'])('is translated in %s', async (lang) => {
    installI18n(lang);
    render(<NotificationSettings accounts={READY} />);
    const heading = await screen.findByRole('heading', { level: 2 });
    expect(heading.textContent).toBe(lang === 'nl' ? 'Meldingen' : 'Benachrichtigungen');
    expect((screen.getByRole('checkbox', { name: lang === 'nl' ? 'Meldingen voor Work' : 'Benachrichtigungen für Work' }) as HTMLInputElement).checked).toBe(true);
  });
});
