import type { ComponentChildren } from 'preact';
import { Icon } from '@/components/common/Icon';
import { t } from '@/utils/i18n';
import type { AccountView, ListShow } from '@/utils/popup/model';
import { AccountError } from './AccountError';

interface Props {
  account: AccountView;
  /** With several accounts each gets a heading with its count; with one, a quiet toolbar. */
  grouped: boolean;
  onMarkAllRead(): void;
  onShow(show: ListShow): void;
  onLoadMore(): void;
  /** The rows (`MessageList`), shown when the account has messages. */
  children: ComponentChildren;
}

/** One account's part of the list: heading, count, Unread / All mail, webmail link, "Mark all as read", rows, "Load more". */
export function AccountSection({ account, grouped, onMarkAllRead, onShow, onLoadMore, children }: Props) {
  // The whole mailbox is marked on the server, not only the rows loaded.
  const unseen = account.unread > 0 || account.messages.some((m) => !m.seen);
  const show = account.show ?? 'unread';
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
        {account.state === 'ok' && (
          <span class="switch" role="group" aria-label={t('popup_view_label')}>
            <button type="button" class="switch__option" aria-pressed={show === 'unread'} onClick={() => onShow('unread')}>
              {t('popup_view_unread')}
            </button>
            <button type="button" class="switch__option" aria-pressed={show === 'all'} onClick={() => onShow('all')}>
              {t('popup_view_all')}
            </button>
          </span>
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
        children
      ) : (
        account.state === 'ok' &&
        (grouped || show === 'all') && <p class="account__empty">{show === 'all' ? t('popup_all_empty') : t('popup_empty')}</p>
      )}
      {account.more && (
        <p class="account__more">
          <button type="button" class="button" disabled={account.paging} aria-busy={account.paging} onClick={onLoadMore}>
            {account.paging ? t('popup_loading') : t('popup_load_more')}
          </button>
        </p>
      )}
    </section>
  );
}
