import { useState } from 'preact/hooks';
import type { AccountStatus } from '@/bridge/api-types';
import { stateLabel } from '@/utils/account-state';
import { createBridgeApi } from '@/utils/bridge/api';
import { errorMessage } from '@/utils/bridge/errors';
import { t } from '@/utils/i18n';
import type { Pairing } from '@/utils/storage/pairing';

interface Props {
  account: AccountStatus;
  pairing: Pairing;
  onRemoved: (ok: boolean, text: string) => void;
}

/** One account: name, address, state and unread count; "Remove" asks once more first. */
export function AccountRow({ account, pairing, onRemoved }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  async function remove() {
    setBusy(true);
    try {
      await createBridgeApi(pairing).removeAccount(account.id);
      onRemoved(true, t('options_removed', account.name));
    } catch (error) {
      setBusy(false);
      setConfirming(false);
      onRemoved(false, t('options_remove_failed', errorMessage(error)));
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
    </li>
  );
}
