import { useState } from 'preact/hooks';
import type { Status } from '@/bridge/api-types';
import { t } from '@/utils/i18n';
import type { Pairing } from '@/utils/storage/pairing';
import { AccountRow } from './AccountRow';
import { Notice, type NoticeValue } from './Notice';

/** What the options page knows about the bridge's accounts. */
export type Accounts =
  | { state: 'unpaired' }
  | { state: 'loading' }
  | { state: 'ready'; status: Status }
  | { state: 'error'; message: string };

interface Props {
  accounts: Accounts;
  pairing: Pairing | null;
  /** The account the page was opened for (`#account=ID`): its editor opens for a fix. */
  fixAccount?: string | null;
  onChanged: () => void;
}

/** The bridge's accounts with their state, each editable and removable. */
export function AccountList({ accounts, pairing, fixAccount = null, onChanged }: Props) {
  const [notice, setNotice] = useState<NoticeValue>(null);

  if (!pairing || accounts.state === 'unpaired') return <p class="help">{t('options_accounts_unpaired')}</p>;
  if (accounts.state === 'loading') return <p class="help" aria-busy="true" />;
  if (accounts.state === 'error') {
    return (
      <p class="notice error">
        {t('options_accounts_unreachable')} <span class="detail">({accounts.message})</span>
      </p>
    );
  }

  return (
    <>
      {accounts.status.accounts.length === 0 ? (
        <p class="help">{t('options_accounts_empty')}</p>
      ) : (
        <ul class="accounts">
          {accounts.status.accounts.map((account) => (
            <AccountRow
              key={account.id}
              account={account}
              pairing={pairing}
              fixRequested={account.id === fixAccount}
              onSaved={onChanged}
              onRemoved={(ok, text) => {
                setNotice({ tone: ok ? 'ok' : 'error', text });
                if (ok) onChanged();
              }}
            />
          ))}
        </ul>
      )}
      <Notice value={notice} />
    </>
  );
}
