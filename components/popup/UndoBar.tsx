import { t } from '@/utils/i18n';
import type { UndoEntry } from '@/utils/popup/state';

const LABEL = {
  archive: 'popup_done_archived',
  delete: 'popup_done_deleted',
  read: 'popup_done_read',
  unread: 'popup_done_unread',
  spam: 'popup_done_spam',
  move: 'popup_done_moved',
  star: 'popup_done_starred',
  unstar: 'popup_done_unstarred',
} as const;

/** What just happened, with a way back. */
export function UndoBar({ entry, onUndo }: { entry: UndoEntry; onUndo(): void }) {
  const text =
    entry.kind === 'read' && entry.count > 1
      ? t('popup_done_read_many', String(entry.count))
      : t(LABEL[entry.kind], entry.detail ?? '');
  return (
    <div class="toast" role="status">
      <span>{text}</span>
      <button type="button" class="toast__action" onClick={onUndo}>
        {t('popup_undo')}
      </button>
    </div>
  );
}
