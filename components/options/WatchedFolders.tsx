import { useEffect, useState } from 'preact/hooks';
import type { MailboxInfo } from '@/bridge/api-types';
import type { BridgeApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';

interface Props {
  idPrefix: string;
  api: Pick<BridgeApi, 'mailboxes'>;
  account: string;
  value: string[];
  onChange: (watch: string[]) => void;
  error?: string | undefined;
}

type Folders = { state: 'loading' } | { state: 'ready'; mailboxes: MailboxInfo[] } | { state: 'error'; message: string };

/**
 * The folders Postbode counts and announces, ticked from the account's mailbox list
 * with each one's unread count. Until the account is connected there is no list: the
 * watched ones stay as they are, shown ticked.
 */
export function WatchedFolders({ idPrefix, api, account, value, onChange, error }: Props) {
  const [folders, setFolders] = useState<Folders>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    api.mailboxes(account).then(
      (mailboxes) => live && setFolders({ state: 'ready', mailboxes }),
      (err: unknown) => live && setFolders({ state: 'error', message: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, account]);

  const toggle = (path: string, on: boolean) => onChange(on ? [...value, path] : value.filter((p) => p !== path));
  const rows: Array<{ path: string; name: string; unread?: number }> =
    folders.state === 'ready' ? folders.mailboxes : value.map((path) => ({ path, name: path }));
  // A watched folder the server no longer lists stays visible, so it can be unticked.
  if (folders.state === 'ready') for (const path of value) if (!rows.some((r) => r.path === path)) rows.push({ path, name: path });
  const errorId = `${idPrefix}-watch-error`;

  return (
    <fieldset class="span folders" aria-describedby={error ? errorId : undefined} aria-busy={folders.state === 'loading'}>
      <legend>{t('options_watch_legend')}</legend>
      {folders.state === 'loading' && <p class="help">{t('options_watch_loading')}</p>}
      {folders.state === 'error' && <p class="help">{t('options_watch_unavailable', folders.message)}</p>}
      {rows.map((row) => (
        <label key={row.path} class="check">
          <input type="checkbox" checked={value.includes(row.path)} onChange={(e) => toggle(row.path, e.currentTarget.checked)} />
          <span>{row.path === 'INBOX' ? t('options_watch_inbox') : row.path}</span>
          {row.unread !== undefined && <span class="detail">{t('options_account_unread', row.unread)}</span>}
        </label>
      ))}
      {error && (
        <p id={errorId} class="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
