import { useState } from 'preact/hooks';
import type { Summary } from '@/bridge/api-types';
import { IconButton } from '@/components/common/IconButton';
import { t } from '@/utils/i18n';
import { RowOpen } from './RowOpen';

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
  onToggleStar(): void;
  onSpam(): void;
  onMove(): void;
}

/** One message in the list: click to read, or act on it in one click. */
export function MessageRow({ message, rowKey, selected, locale, now, ...on }: Props) {
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
      <RowOpen message={message} locale={locale} now={now} dateTitle={engaged} onOpen={on.onOpen} />
      <span class="row__actions">
        <IconButton
          icon="star"
          label={message.flagged ? t('popup_action_unstar') : t('popup_action_star')}
          drawn={iconsDrawn}
          onClick={on.onToggleStar}
        />
        {message.seen ? (
          <IconButton icon="unread" label={t('popup_action_mark_unread')} drawn={iconsDrawn} onClick={on.onMarkUnread} />
        ) : (
          <IconButton icon="check" label={t('popup_action_mark_read')} drawn={iconsDrawn} onClick={on.onMarkRead} />
        )}
        <IconButton icon="archive" label={t('popup_action_archive')} drawn={iconsDrawn} onClick={on.onArchive} />
        <IconButton icon="folder" label={t('popup_action_move')} drawn={iconsDrawn} onClick={on.onMove} />
        <IconButton icon="spam" label={t('popup_action_spam')} drawn={iconsDrawn} onClick={on.onSpam} />
        <IconButton icon="trash" label={t('popup_action_delete')} drawn={iconsDrawn} onClick={on.onDelete} />
      </span>
    </li>
  );
}
