import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { playHere, soundUrl } from '@/utils/sounds';
import { settings } from '@/utils/storage/settings';
import { DEFAULT_ACCOUNT_RULES, normalizeRules, notifyRules, SOUNDS, type NotifyRules, type SoundName } from '@/utils/storage/notify-rules';
import { useStorageItem } from '@/utils/storage/use-storage-item';
import { localTimeZone } from '@/utils/zoned-time';
import type { Accounts } from './AccountList';
import { AccountNotifyRules } from './AccountNotifyRules';
import { Notice, type NoticeValue } from './Notice';
import { QuietHoursFields } from './QuietHoursFields';

const SOUND_LABEL = {
  chime: 'options_sound_chime',
  drop: 'options_sound_drop',
  bell: 'options_sound_bell',
} as const satisfies Record<SoundName, string>;

/** Chrome plays sound from an offscreen document, behind an optional permission; Firefox needs none. */
const NEEDS_OFFSCREEN = !import.meta.env.FIREFOX;

let saving: Promise<void> = Promise.resolve();

/**
 * Who may interrupt, and how: sound, quiet hours, and per account which folders
 * notify and who is VIP. Saved to `storage.sync` on each change.
 */
export function NotificationSettings({ accounts }: { accounts: Accounts }) {
  const stored = useStorageItem(notifyRules);
  const general = useStorageItem(settings);
  const [notice, setNotice] = useState<NoticeValue>(null);
  if (stored === undefined || general === undefined) return null;
  const rules = normalizeRules(stored);

  /** Applies `change` to what is stored now (not to what was rendered), one save after another. */
  function save(change: Partial<NotifyRules> | ((current: NotifyRules) => Partial<NotifyRules>)): Promise<void> {
    saving = saving.then(async () => {
      const current = normalizeRules(await notifyRules.getValue());
      await notifyRules.setValue({ ...current, ...(typeof change === 'function' ? change(current) : change) });
      setNotice({ tone: 'ok', text: t('options_settings_saved') });
    });
    return saving;
  }

  /** The switch for every notification lives with the refresh settings in storage. */
  async function toggleAll(on: boolean) {
    await settings.setValue({ ...(await settings.getValue()), notifications: on });
    setNotice({ tone: 'ok', text: t('options_settings_saved') });
  }

  function toggleSound(on: boolean) {
    if (!on && NEEDS_OFFSCREEN) {
      // Sound off: give the permission back, so the extension holds `offscreen` only while it plays sounds.
      void browser.permissions.remove({ permissions: ['offscreen'] as never }).catch(() => undefined);
    }
    if (!on || !NEEDS_OFFSCREEN) return void save((r) => ({ sound: { ...r.sound, enabled: on } }));
    // Asked inside the click: the browser only shows the prompt for a user gesture.
    void browser.permissions.request({ permissions: ['offscreen'] as never }).then(
      (granted) =>
        granted ? save((r) => ({ sound: { ...r.sound, enabled: true } })) : setNotice({ tone: 'error', text: t('options_sound_denied') }),
      () => setNotice({ tone: 'error', text: t('options_sound_denied') }),
    );
  }

  const list = accounts.state === 'ready' ? accounts.status.accounts : [];
  return (
    <section aria-labelledby="notify-heading" class="notify">
      <h2 id="notify-heading">{t('options_notify_heading')}</h2>

      <div class="grid">
        <label class="check span">
          <input type="checkbox" checked={general.notifications} onChange={(e) => void toggleAll(e.currentTarget.checked)} />
          {t('options_notifications_label')}
        </label>
        <label class="check span">
          <input type="checkbox" checked={rules.sound.enabled} onChange={(e) => toggleSound(e.currentTarget.checked)} />
          {t('options_sound_label')}
        </label>
        {rules.sound.enabled && (
          <>
            <label for="sound-name">{t('options_sound_choice')}</label>
            <span class="row">
              <select
                id="sound-name"
                value={rules.sound.name}
                onChange={(e) => {
                  const name = e.currentTarget.value as SoundName;
                  void save((r) => ({ sound: { ...r.sound, name } }));
                }}
              >
                {SOUNDS.map((name) => (
                  <option key={name} value={name}>
                    {t(SOUND_LABEL[name])}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => void playHere(soundUrl(rules.sound.name), rules.sound.volume).catch(() => undefined)}>
                {t('options_sound_test')}
              </button>
            </span>
            <label for="sound-volume">{t('options_sound_volume')}</label>
            <input
              id="sound-volume"
              type="range"
              min={0}
              max={100}
              step={5}
              value={Math.round(rules.sound.volume * 100)}
              aria-valuetext={`${Math.round(rules.sound.volume * 100)} %`}
              onChange={(e) => {
                const volume = Number(e.currentTarget.value) / 100;
                void save((r) => ({ sound: { ...r.sound, volume } }));
              }}
            />
          </>
        )}
        <p class="help span">{t('options_sound_help')}</p>
      </div>

      <QuietHoursFields id="quiet-all" label={t('options_quiet_enable')} value={rules.quiet} onChange={(change) => void save((r) => ({ quiet: { ...r.quiet, ...change } }))} />
      <p class="help">{t('options_quiet_help', localTimeZone())}</p>
      <label class="check">
        <input type="checkbox" checked={rules.vipBreaksQuiet} onChange={(e) => void save({ vipBreaksQuiet: e.currentTarget.checked })} />
        {t('options_vip_breaks')}
      </label>

      {list.length === 0 ? (
        <p class="help">{t('options_notify_no_accounts')}</p>
      ) : (
        <ul class="notify-accounts">
          {list.map((account) => (
            <AccountNotifyRules
              key={account.id}
              account={account}
              rules={rules.accounts[account.id] ?? DEFAULT_ACCOUNT_RULES}
              onChange={(update) =>
                void save((r) => ({ accounts: { ...r.accounts, [account.id]: update(r.accounts[account.id] ?? DEFAULT_ACCOUNT_RULES) } }))
              }
            />
          ))}
        </ul>
      )}
      <Notice value={notice} />
    </section>
  );
}
