import type { ComponentChildren } from 'preact';
import { Icon } from '@/components/common/Icon';
import { t } from '@/utils/i18n';
import type { AccountView } from '@/utils/popup/model';
import { AccountError } from './AccountError';

interface Props {
  account: AccountView;
  /** With several accounts each gets a heading with its count; with one, a quiet toolbar. */
  grouped: boolean;
  onMarkAllRead(): void;
  children: ComponentChildren;
}

/** One account's part of the list: heading, count, webmail link, "Mark all as read", rows. */
export function AccountSection({ account, grouped, onMarkAllRead, children }: Props) {
  const unseen = account.messages.some((m) => !m.seen);
  return (
    <section class="account" aria-label={account.name || account.email}>
      <header class="account__bar">
        {grouped ? (
          <h2 class="account__name">
            {account.name || account.email}
            <span class="count" aria-label={t('popup_unread_count', String(account.unread))}>
              {account.unread}
            </span>
          </h2>
        ) : (
          <p class="account__name account__name--quiet">{t('popup_unread_count', String(account.unread))}</p>
        )}
        <span class="account__tools">
          {account.webmailUrl && (
            <a class="link-button" href={account.webmailUrl} target="_blank" rel="noopener noreferrer">
              {t('popup_open_webmail')}
              <Icon name="external" size={14} />
            </a>
          )}
          {unseen && (
            <button type="button" class="link-button" onClick={onMarkAllRead}>
              {t('popup_mark_all_read')}
            </button>
          )}
        </span>
      </header>
      {(account.state === 'error' || account.state === 'auth-error') && <AccountError account={account} />}
      {account.listError && (
        <p class="notice notice--warn" role="alert">
          {t('popup_error_list', account.name || account.email, account.listError)}
        </p>
      )}
      {account.messages.length > 0 ? (
        <ul class="rows">{children}</ul>
      ) : (
        account.state === 'ok' && grouped && <p class="account__empty">{t('popup_empty')}</p>
      )}
    </section>
  );
}
