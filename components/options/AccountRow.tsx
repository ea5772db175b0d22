import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AccountStatus } from '@/bridge/api-types';
import { stateLabel } from '@/utils/account-state';
import { createBridgeApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { openSignIn } from '@/utils/options/sign-in';
import type { Pairing } from '@/utils/storage/pairing';
import { AccountEditor } from './AccountEditor';

interface Props {
  account: AccountStatus;
  pairing: Pairing;
  /** The page was opened for this account (`#account=ID`, the popup's "Fix sign-in"). */
  fixRequested: boolean;
  onRemoved: (ok: boolean, text: string) => void;
  onSaved: () => void;
}

type Editing = 'closed' | 'edit' | 'fix';

/**
 * One account: name, address, state and unread count, with "Edit" (every field, in
 * place), "Fix sign-in" while the server refuses it, and "Remove" (asked once more).
 */
export function AccountRow({ account, pairing, fixRequested, onRemoved, onSaved }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Editing>(fixRequested ? 'fix' : 'closed');
  const [fixError, setFixError] = useState<string | null>(null);
  const api = useMemo(() => createBridgeApi(pairing), [pairing]);
  const editorId = `editor-${account.id}`;
  const editButton = useRef<HTMLButtonElement>(null);

  /** Back to where the user opened it from, so the keyboard doesn't start over at the top. */
  function closeEditor() {
    setEditing('closed');
    editButton.current?.focus();
  }

  useEffect(() => {
    if (fixRequested) setEditing('fix');
  }, [fixRequested]);

  async function remove() {
    setBusy(true);
    try {
      await api.removeAccount(account.id);
      onRemoved(true, t('options_removed', account.name));
    } catch (error) {
      setBusy(false);
      setConfirming(false);
      onRemoved(false, t('options_remove_failed', errorText(error)));
    }
  }

  /** An OAuth account signs in again at its provider; the others get their password field. */
  async function fix() {
    setFixError(null);
    if (account.authKind !== 'oauth2') return setEditing('fix');
    try {
      await openSignIn(api, account.id);
    } catch (error) {
      setFixError(t('options_signin_failed', errorText(error)));
    }
  }

  return (
    <li class="account">
      <div class="who">
        <strong>{account.name}</strong>
        <span class="email">{account.email}</span>
      </div>
      <span class={`state state-${account.state}`}>
        {stateLabel(account.state)}
        {account.error && <span class="detail"> ({account.error})</span>}
      </span>
      {account.state === 'ok' && <span class="unread">{t('options_account_unread', account.unread)}</span>}
      <div class="row-actions">
        {account.state === 'auth-error' && (
          <button type="button" class="fix" aria-label={t('options_fix_label', account.name)} onClick={() => void fix()}>
            {t('options_fix')}
          </button>
        )}
        <button
          type="button"
          ref={editButton}
          aria-expanded={editing !== 'closed'}
          aria-controls={editorId}
          aria-label={t('options_edit_button_label', account.name)}
          onClick={() => setEditing(editing === 'closed' ? 'edit' : 'closed')}
        >
          {t('options_edit_button')}
        </button>
        {confirming ? (
          <div class="confirm" role="group" aria-label={t('options_remove_label', account.name)}>
            <span>{t('options_remove_confirm', account.name)}</span>
            <button type="button" class="danger" disabled={busy} onClick={remove}>
              {t('options_remove_confirm_button')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t('common_cancel')}
            </button>
          </div>
        ) : (
          <button type="button" aria-label={t('options_remove_label', account.name)} onClick={() => setConfirming(true)}>
            {t('options_remove')}
          </button>
        )}
      </div>
      {fixError && <p class="notice error span-row">{fixError}</p>}
      {editing !== 'closed' && (
        <div id={editorId} class="span-row">
          <AccountEditor id={account.id} api={api} fix={editing === 'fix'} onSaved={onSaved} onClose={closeEditor} />
        </div>
      )}
    </li>
  );
}
