import { useCallback, useEffect, useState } from 'preact/hooks';
import { AccountList, type Accounts } from '@/components/options/AccountList';
import { AddAccountForm } from '@/components/options/AddAccountForm';
import { GeneralSettings } from '@/components/options/GeneralSettings';
import { NotificationSettings } from '@/components/options/NotificationSettings';
import { PairingForm } from '@/components/options/PairingForm';
import { createBridgeApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { accountFromHash } from '@/utils/options-link';
import { pairing } from '@/utils/storage/pairing';
import { lastStatus } from '@/utils/storage/status';
import { useStorageItem } from '@/utils/storage/use-storage-item';

export function App() {
  const saved = useStorageItem(pairing);
  const pushed = useStorageItem(lastStatus);
  const [accounts, setAccounts] = useState<Accounts>({ state: 'loading' });
  // `options.html#account=ID` (the popup's "Fix sign-in") opens that account's editor.
  const [fixAccount, setFixAccount] = useState(() => accountFromHash(location.hash));

  useEffect(() => {
    const follow = () => setFixAccount(accountFromHash(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);

  // The page asks the bridge itself (the worker may be asleep), then follows
  // the statuses the background stores from the bridge's pushes.
  const reload = useCallback(async () => {
    if (!saved) return setAccounts({ state: 'unpaired' });
    try {
      setAccounts({ state: 'ready', status: await createBridgeApi(saved).status() });
    } catch (error) {
      setAccounts({ state: 'error', message: errorText(error) });
    }
  }, [saved]);

  useEffect(() => {
    if (saved !== undefined) void reload();
  }, [saved, reload]);

  useEffect(() => {
    if (pushed && saved) setAccounts((current) => (current.state === 'ready' ? { state: 'ready', status: pushed } : current));
  }, [pushed, saved]);

  if (saved === undefined) return null; // storage answers within a frame

  return (
    <main>
      <h1>{t('options_title')}</h1>
      <PairingForm saved={saved} />
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{t('options_accounts_heading')}</h2>
        <AccountList accounts={accounts} pairing={saved} fixAccount={fixAccount} onChanged={reload} />
        {saved && accounts.state === 'ready' && <AddAccountForm pairing={saved} onAdded={reload} />}
      </section>
      <GeneralSettings />
      <NotificationSettings accounts={accounts} />
    </main>
  );
}
