import type { Summary } from '@/bridge/api-types';
import { rowKey } from '@/utils/popup/model';
import { MessageRow, type RowAction } from './MessageRow';

interface Props {
  account: string;
  messages: readonly Summary[];
  /** The selected row's key, if it is in this list. */
  selected: string | null;
  locale: string;
  now: number;
  /** `false` leaves the rows' buttons out (see App). */
  actions: boolean;
  onAction(account: string, id: string, action: RowAction): void;
}

/** One account's rows. It handles every row's clicks, by the `data-action` clicked and the `data-row` around it. */
export function MessageList({ account, messages, selected, locale, now, actions, onAction }: Props) {
  const onClick = (event: MouseEvent) => {
    const target = (event.target as Element).closest<HTMLElement>('[data-action]');
    const row = target?.closest<HTMLElement>('[data-row]');
    const message = row && messages.find((m) => rowKey(account, m.id) === row.dataset.row);
    if (target && message) onAction(account, message.id, target.dataset.action as RowAction);
  };
  return (
    <ul class="rows" onClick={onClick}>
      {messages.map((m) => {
        const key = rowKey(account, m.id);
        return <MessageRow key={key} rowKey={key} message={m} selected={selected === key} locale={locale} now={now} actions={actions} />;
      })}
    </ul>
  );
}
