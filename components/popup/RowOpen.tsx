import type { Summary } from '@/bridge/api-types';
import { Icon } from '@/components/common/Icon';
import { t } from '@/utils/i18n';
import { folderLabel } from '@/utils/popup/model';
import { fullDate, relativeTime } from '@/utils/time';

/**
 * The words every row says the same, looked up once per list rather than per row: a
 * `browser.i18n` call costs more than the rest of a row's text (Firefox, bench/FINDINGS.md).
 */
export interface RowLabels {
  unread: string;
  now: string;
  unknownSender: string;
  noSubject: string;
  starred: string;
  hasAttachments: string;
}

export function rowLabels(): RowLabels {
  return {
    unread: t('popup_unread'),
    now: t('popup_time_now'),
    unknownSender: t('popup_unknown_sender'),
    noSubject: t('popup_no_subject'),
    starred: t('popup_starred'),
    hasAttachments: t('popup_has_attachments'),
  };
}

interface Props {
  message: Summary;
  labels: RowLabels;
  locale: string;
  now: number;
  /** The sender's address and the full date as tooltips; the list leaves them out until a row is pointed at. */
  tooltips: boolean;
  /** Either a handler, or the `data-action` its list handles clicks by. */
  onOpen?(): void;
  action?: string;
}

/** What a row of the list or of search results says of its message, as the button that opens it. */
export function RowOpen({ message, labels, locale, now, tooltips, onOpen, action }: Props) {
  const folder = folderLabel(message);
  return (
    <button type="button" class="row__open" data-action={action} onClick={onOpen}>
      <span class="row__from" title={tooltips ? message.from?.address : undefined}>
        {!message.seen && <span class="row__dot" aria-label={labels.unread} role="img" />}
        {message.from?.name || message.from?.address || labels.unknownSender}
      </span>
      {folder && <span class="row__folder">{folder}</span>}
      <time class="row__time" dateTime={message.date} title={tooltips ? fullDate(message.date, locale) : undefined}>
        {relativeTime(message.date, now, locale, labels.now)}
      </time>
      <span class="row__subject">
        {message.flagged && (
          <span class="row__mark row__mark--star" role="img" aria-label={labels.starred}>
            <Icon name="star" size={13} filled />
          </span>
        )}
        {message.hasAttachments && (
          <span class="row__mark" role="img" aria-label={labels.hasAttachments}>
            <Icon name="paperclip" size={13} />
          </span>
        )}
        {message.subject || labels.noSubject}
      </span>
      {message.snippet && <span class="row__snippet">{message.snippet}</span>}
    </button>
  );
}
