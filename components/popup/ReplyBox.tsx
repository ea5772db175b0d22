import { useEffect, useRef, useState } from 'preact/hooks';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import type { ReplyMode } from '@/utils/popup/model';
import { sendFormKeys } from '@/utils/popup/keys';
import { draftKey, loadDraft, saveDraft } from '@/utils/storage/popup';

type SendState = 'editing' | 'sending' | 'failed';

interface Props {
  api: MailApi;
  account: string;
  messageId: string;
  mode: ReplyMode;
  /** Who it will go to, for the line above the textbox. */
  recipients: string;
  onClose(): void;
  onSent(): void;
}

/**
 * Reply in place. Every keystroke is saved as a draft in storage, so closing the
 * popup (or a failed send) never loses the text; a sent reply forgets it.
 */
export function ReplyBox({ api, account, messageId, mode, recipients, onClose, onSent }: Props) {
  const key = draftKey(account, messageId);
  const [text, setText] = useState('');
  const [state, setState] = useState<SendState>('editing');
  const [error, setError] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const typed = useRef(false);

  useEffect(() => {
    void loadDraft(key).then((draft) => {
      if (draft && !typed.current) setText(draft.text);
    });
    area.current?.focus();
  }, [key]);

  function onInput(value: string) {
    typed.current = true;
    setText(value);
    void saveDraft(key, { text: value, all: mode === 'all', savedAt: Date.now() });
  }

  async function send() {
    if (!text.trim() || state === 'sending') return;
    setState('sending');
    setError('');
    try {
      await api.reply(account, messageId, text, mode === 'all');
      await saveDraft(key, null);
      onSent();
    } catch (err) {
      setState('failed');
      setError(t('popup_reply_failed', errorText(err)));
    }
  }

  return (
    <form
      class="reply"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <p class="reply__to">
        {mode === 'all' ? t('popup_reply_all_to', recipients) : t('popup_reply_to', recipients)}
      </p>
      <textarea
        ref={area}
        class="reply__text"
        aria-label={t('popup_reply_label')}
        value={text}
        disabled={state === 'sending'}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={sendFormKeys(() => void send(), onClose)}
        rows={5}
      />
      {state === 'failed' && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div class="reply__bar">
        <button type="button" class="button button--quiet" onClick={onClose} disabled={state === 'sending'}>
          {t('popup_reply_cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={state === 'sending' || !text.trim()} aria-busy={state === 'sending'}>
          {state === 'sending' ? t('popup_reply_sending') : t('popup_reply_send')}
        </button>
      </div>
    </form>
  );
}
