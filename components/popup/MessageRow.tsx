import { useState } from 'preact/hooks';
import type { Summary } from '@/bridge/api-types';
import { IconButton } from '@/components/common/IconButton';
import { t } from '@/utils/i18n';
import { fullDate, relativeTime } from '@/utils/popup/time';

interface Props {
  message: Summary;
  /** `data-row` value, how keyboard navigation finds the row to focus. */
  rowKey: string;
  selected: boolean;
  locale: string;
  now: number;
  onOpen(): void;
  onMarkRead(): void;
  onMarkUnread(): void;
  onArchive(): void;
  onDelete(): void;
}

/** One message in the list: click to read, or act on it in one click. */
export function MessageRow({ message, rowKey, selected, locale, now, ...on }: Props) {
  const sender = message.from?.name || message.from?.address || t('popup_unknown_sender');
  const subject = message.subject || t('popup_no_subject');
  // What only a row pointed at, focused or selected shows (the actions are
  // invisible until then, style.css; a tooltip needs the pointer) is made from
  // then on, not for all 50 rows before the list first appears.
  const [engaged, setEngaged] = useState(false);
  const engage = () => setEngaged(true);
  const iconsDrawn = engaged || selected;
  return (
    <li
      class={`row${message.seen ? ' row--seen' : ''}${selected ? ' row--selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-row={rowKey}
      onPointerEnter={engaged ? undefined : engage}
      onFocusIn={engaged ? undefined : engage}
    >
      <button type="button" class="row__open" onClick={on.onOpen}>
        <span class="row__top">
          <span class="row__from" title={message.from?.address}>
            {!message.seen && <span class="row__dot" aria-label={t('popup_unread')} role="img" />}
            {sender}
          </span>
          <time class="row__time" dateTime={message.date} title={engaged ? fullDate(message.date, locale) : undefined}>
            {relativeTime(message.date, now, locale, t('popup_time_now'))}
          </time>
        </span>
        <span class="row__subject">{subject}</span>
        {message.snippet && <span class="row__snippet">{message.snippet}</span>}
      </button>
      <span class="row__actions">
        {message.seen ? (
          <IconButton icon="unread" label={t('popup_action_mark_unread')} drawn={iconsDrawn} onClick={on.onMarkUnread} />
        ) : (
          <IconButton icon="check" label={t('popup_action_mark_read')} drawn={iconsDrawn} onClick={on.onMarkRead} />
        )}
        <IconButton icon="archive" label={t('popup_action_archive')} drawn={iconsDrawn} onClick={on.onArchive} />
        <IconButton icon="trash" label={t('popup_action_delete')} drawn={iconsDrawn} onClick={on.onDelete} />
      </span>
    </li>
  );
}
