import { nativeBrowser as browser } from '@/utils/native-browser';
import { Icon } from '@/components/common/Icon';
import { t } from '@/utils/i18n';
import { optionsPathFor } from '@/utils/options-link';
import type { AccountView } from '@/utils/popup/model';

/**
 * The options page at this account, its editor open for a new password or sign-in.
 * A tab of its own: `openOptionsPage()` takes no address, and the fix needs the room.
 */
export async function openFix(account: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(optionsPathFor(account)) });
}

/** Which account is broken and why, in words a user can act on; a refused sign-in gets "Fix sign-in". */
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
        {account.state === 'auth-error' && (
          <p class="notice__detail">
            <button type="button" class="link-button" aria-label={t('popup_fix_sign_in_label', name)} onClick={() => void openFix(account.id)}>
              {t('popup_fix_sign_in')}
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
