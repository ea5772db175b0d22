import { Icon } from '@/components/common/Icon';
import { t } from '@/utils/i18n';
import type { AccountView } from '@/utils/popup/model';

/** Which account is broken and why, in words a user can act on. */
export function AccountError({ account }: { account: AccountView }) {
  const name = account.name || account.email;
  const title =
    account.state === 'auth-error' ? t('popup_account_auth_error', name) : t('popup_account_error', name);
  return (
    <div class="notice notice--error" role="alert">
      <Icon name="alert" size={16} />
      <div>
        <strong>{title}</strong>
        {account.error && <p class="notice__detail">{account.error}</p>}
        {account.state === 'auth-error' && <p class="notice__detail">{t('popup_account_auth_hint')}</p>}
      </div>
    </div>
  );
}
