import { useEffect, useRef } from 'preact/hooks';
import { IconButton } from '@/components/common/IconButton';
import { t, type MessageKey } from '@/utils/i18n';
import { KEY_BINDINGS, type KeyCommand } from '@/utils/popup/keys';

const DESCRIPTION: Record<KeyCommand, MessageKey> = {
  next: 'popup_key_next',
  prev: 'popup_key_prev',
  open: 'popup_key_open',
  back: 'popup_key_back',
  reply: 'popup_key_reply',
  'reply-all': 'popup_key_reply_all',
  archive: 'popup_key_archive',
  delete: 'popup_key_delete',
  unread: 'popup_key_unread',
  read: 'popup_key_read',
  star: 'popup_key_star',
  spam: 'popup_key_spam',
  move: 'popup_key_move',
  forward: 'popup_key_forward',
  compose: 'popup_key_compose',
  search: 'popup_key_search',
  help: 'popup_key_help',
};

/** The list of keys, from the same table the handler uses. */
export function KeyHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="overlay">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="key-help-title" tabIndex={-1} ref={ref}>
        <header class="dialog__bar">
          <h2 id="key-help-title">{t('popup_keys_title')}</h2>
          <IconButton icon="close" label={t('popup_close')} onClick={onClose} />
        </header>
        <dl class="keys">
          {KEY_BINDINGS.map((b) => (
            <div class="keys__row" key={b.key}>
              <dt>
                <kbd>{b.label}</kbd>
              </dt>
              <dd>{t(DESCRIPTION[b.command])}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
