import type { Summary } from '@/bridge/api-types';
import { Icon } from '@/components/common/Icon';
import { t } from '@/utils/i18n';
import { folderLabel } from '@/utils/popup/model';
import { fullDate, relativeTime } from '@/utils/time';

interface Props {
  message: Summary;
  locale: string;
  now: number;
  /** The sender's address and the full date as tooltips; the list leaves them out until a row is pointed at. */
  tooltips: boolean;
  /** Either a handler, or the `data-action` its list handles clicks by. */
  onOpen?(): void;
  action?: string;
}

/** What a row of the list or of search results says of its message, as the button that opens it. */
export function RowOpen({ message, locale, now, tooltips, onOpen, action }: Props) {
  const folder = folderLabel(message);
  return (
    <button type="button" class="row__open" data-action={action} onClick={onOpen}>
      <span class="row__from" title={tooltips ? message.from?.address : undefined}>
        {!message.seen && <span class="row__dot" aria-label={t('popup_unread')} role="img" />}
        {message.from?.name || message.from?.address || t('popup_unknown_sender')}
      </span>
      {folder && <span class="row__folder">{folder}</span>}
      <time class="row__time" dateTime={message.date} title={tooltips ? fullDate(message.date, locale) : undefined}>
        {relativeTime(message.date, now, locale, t('popup_time_now'))}
      </time>
      <span class="row__subject">
        {message.flagged && (
          <span class="row__mark row__mark--star" role="img" aria-label={t('popup_starred')}>
            <Icon name="star" size={13} filled />
          </span>
        )}
        {message.hasAttachments && (
          <span class="row__mark" role="img" aria-label={t('popup_has_attachments')}>
            <Icon name="paperclip" size={13} />
          </span>
        )}
        {message.subject || t('popup_no_subject')}
      </span>
      {message.snippet && <span class="row__snippet">{message.snippet}</span>}
    </button>
  );
}
