import { Component } from 'preact';
import type { Summary } from '@/bridge/api-types';
import { IconButton } from '@/components/common/IconButton';
import type { IconName } from '@/components/common/Icon';
import { t } from '@/utils/i18n';
import { RowOpen } from './RowOpen';

/** What a click on a row asks for: the row's `data-action`, handled by its list (`MessageList`). */
export type RowAction = 'open' | 'star' | 'read' | 'unread' | 'archive' | 'move' | 'spam' | 'delete';

interface Props {
  message: Summary;
  /** `data-row` value, how keyboard navigation and the list find the row. */
  rowKey: string;
  selected: boolean;
  locale: string;
  now: number;
  /** `false` leaves the row's buttons out: the first frame has no need of them (`MessageList`). */
  actions: boolean;
}

/**
 * One message in the list: click to read, or act on it in one click. The clicks
 * are the list's to handle, so a row carries no handlers of its own, and it renders
 * again only when what it shows changed: 50 rows are drawn on every popup open,
 * and the popup renders again for every change of its own state.
 */
export class MessageRow extends Component<Props, { engaged: boolean }> {
  // What only a row pointed at, focused or selected shows (the actions are
  // invisible until then, style.css; a tooltip needs the pointer) is made from
  // then on, not for all 50 rows before the list first appears.
  override state = { engaged: false };
  private readonly engage = () => this.setState({ engaged: true });

  override shouldComponentUpdate(next: Props, state: { engaged: boolean }): boolean {
    const current = this.props;
    return (
      state.engaged !== this.state.engaged ||
      next.rowKey !== current.rowKey ||
      next.selected !== current.selected ||
      next.locale !== current.locale ||
      next.now !== current.now ||
      next.actions !== current.actions ||
      !sameSummary(next.message, current.message)
    );
  }

  override render({ message, rowKey, selected, locale, now, actions }: Props, { engaged }: { engaged: boolean }) {
    const drawn = engaged || selected;
    // IconButton called, not mounted: six components per row would be 300 on the first frame.
    const action = (name: RowAction, icon: IconName, label: string) => IconButton({ icon, label, drawn, ...{ 'data-action': name } });
    return (
      <li
        class={`row${message.seen ? ' row--seen' : ''}${selected ? ' row--selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-row={rowKey}
        onPointerEnter={engaged ? undefined : this.engage}
        onFocusIn={engaged ? undefined : this.engage}
      >
        {RowOpen({ message, locale, now, tooltips: engaged, action: 'open' })}
        {actions && (
          <span class="row__actions">
            {action('star', 'star', message.flagged ? t('popup_action_unstar') : t('popup_action_star'))}
            {message.seen
              ? action('unread', 'unread', t('popup_action_mark_unread'))
              : action('read', 'check', t('popup_action_mark_read'))}
            {action('archive', 'archive', t('popup_action_archive'))}
            {action('move', 'folder', t('popup_action_move'))}
            {action('spam', 'spam', t('popup_action_spam'))}
            {action('delete', 'trash', t('popup_action_delete'))}
          </span>
        )}
      </li>
    );
  }
}

/** The same message as far as a row shows it: a refresh brings new objects for unchanged mail. */
function sameSummary(a: Summary, b: Summary): boolean {
  if (a === b) return true;
  for (const key of Object.keys(a) as (keyof Summary)[]) {
    if (key !== 'from' && a[key] !== b[key]) return false;
  }
  // A list cached by an older version may lack `from` (RowOpen copes too).
  return a.from?.name === b.from?.name && a.from?.address === b.from?.address;
}
