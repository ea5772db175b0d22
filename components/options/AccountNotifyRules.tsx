import { useState } from 'preact/hooks';
import type { AccountStatus } from '@/bridge/api-types';
import { t } from '@/utils/i18n';
import { DEFAULT_QUIET, type AccountRules } from '@/utils/storage/notify-rules';
import { QuietHoursFields } from './QuietHoursFields';

interface Props {
  account: Pick<AccountStatus, 'id' | 'name' | 'mailboxes'>;
  rules: AccountRules;
  /** Gets an update, applied to the account's rules as stored by then. */
  onChange(update: (current: AccountRules) => AccountRules): void;
}

/** `list` with `item` in it (`present`) or not, each once. */
function toggle(list: readonly string[], item: string, present: boolean): string[] {
  return present ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

function FolderSwitch({ label, text, on, onChange }: { label: string; text: string; on: boolean; onChange(on: boolean): void }) {
  return (
    <label class="check">
      <input type="checkbox" aria-label={label} checked={on} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span aria-hidden="true">{text}</span>
    </label>
  );
}

/** One account's notifications: on/off, which watched folders notify, VIP senders, own quiet hours. */
export function AccountNotifyRules({ account, rules, onChange }: Props) {
  const set = (change: Partial<AccountRules> | ((current: AccountRules) => Partial<AccountRules>)) =>
    onChange((current) => ({ ...current, ...(typeof change === 'function' ? change(current) : change) }));
  // What the user is typing, saved when they leave the field.
  const [vipDraft, setVipDraft] = useState<string | null>(null);
  const id = `notify-${account.id}`;

  return (
    <li class="notify-account">
      <h3 id={`${id}-name`}>{account.name}</h3>
      <label class="check">
        <input type="checkbox" checked={rules.notify} onChange={(e) => set({ notify: e.currentTarget.checked })} />
        {t('options_account_notify', account.name)}
      </label>
      {rules.notify && (
        <>
          {account.mailboxes.length > 1 && (
            <fieldset class="folders">
              <legend>{t('options_folders_legend')}</legend>
              {account.mailboxes.map(({ path }) => (
                <div class="folder" key={path}>
                  <span class="mono folder__name">{path}</span>
                  <FolderSwitch
                    label={t('options_folder_notify', path, account.name)}
                    text={t('options_folder_notify_short')}
                    on={!rules.mutedFolders.includes(path)}
                    onChange={(on) => set((current) => ({ mutedFolders: toggle(current.mutedFolders, path, !on) }))}
                  />
                  <FolderSwitch
                    label={t('options_folder_count', path, account.name)}
                    text={t('options_folder_count_short')}
                    on={!rules.uncountedFolders.includes(path)}
                    onChange={(on) => set((current) => ({ uncountedFolders: toggle(current.uncountedFolders, path, !on) }))}
                  />
                </div>
              ))}
              <p class="help">{t('options_folders_help')}</p>
            </fieldset>
          )}
          <label for={`${id}-vip`}>{t('options_vip_label', account.name)}</label>
          <textarea
            id={`${id}-vip`}
            class="vip mono"
            rows={3}
            spellcheck={false}
            placeholder="boss@example.com&#10;example.org"
            value={vipDraft ?? rules.vip.join('\n')}
            onInput={(e) => setVipDraft(e.currentTarget.value)}
            onChange={(e) => {
              setVipDraft(null);
              set({ vip: e.currentTarget.value.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean) });
            }}
          />
          <label class="check">
            <input type="checkbox" checked={rules.onlyVip} onChange={(e) => set({ onlyVip: e.currentTarget.checked })} />
            {t('options_only_vip', account.name)}
          </label>
          <QuietHoursFields
            id={`${id}-quiet`}
            label={t('options_account_quiet', account.name)}
            value={rules.quiet ?? { ...DEFAULT_QUIET, enabled: false }}
            // Switched off, the account follows the schedule for all again.
            onChange={(change) =>
              set((current) => {
                const next = { ...(current.quiet ?? { ...DEFAULT_QUIET, enabled: false }), ...change };
                return { quiet: next.enabled ? next : null };
              })
            }
          />
        </>
      )}
    </li>
  );
}
