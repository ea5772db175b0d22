import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { clampRefreshMinutes, MAX_REFRESH_MINUTES, MIN_REFRESH_MINUTES, settings, type Settings } from '@/utils/storage/settings';
import { useStorageItem } from '@/utils/storage/use-storage-item';
import { Notice, type NoticeValue } from './Notice';

/** How often the worker looks for mail besides the bridge's pushes; saved at once. */
export function GeneralSettings() {
  const current = useStorageItem(settings);
  // What the user is typing, until it is saved; otherwise the stored value shows.
  const [draft, setDraft] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeValue>(null);

  async function save(change: Partial<Settings>) {
    if (!current) return;
    await settings.setValue({ ...current, ...change });
    setNotice({ tone: 'ok', text: t('options_settings_saved') });
  }

  if (!current) return null;
  return (
    <section aria-labelledby="general-heading">
      <h2 id="general-heading">{t('options_general_heading')}</h2>
      <div class="grid">
        <label for="refresh-minutes">{t('options_refresh_label')}</label>
        <input
          id="refresh-minutes"
          type="number"
          min={MIN_REFRESH_MINUTES}
          max={MAX_REFRESH_MINUTES}
          step={1}
          value={draft ?? String(current.refreshMinutes)}
          aria-describedby="refresh-help"
          onInput={(e) => setDraft(e.currentTarget.value)}
          // Saved when the user is done typing, clamped to what alarms allow.
          onChange={(e) => {
            setDraft(null);
            void save({ refreshMinutes: clampRefreshMinutes(e.currentTarget.value) });
          }}
        />
        <p id="refresh-help" class="help span">
          {t('options_refresh_help')}
        </p>
      </div>
      <Notice value={notice} />
    </section>
  );
}
