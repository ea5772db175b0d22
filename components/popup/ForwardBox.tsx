import { useEffect, useState } from 'preact/hooks';
import type { Address } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { parseAddresses } from '@/utils/popup/addresses';
import { sendFormKeys } from '@/utils/popup/keys';
import { correspondents } from '@/utils/popup/people';
import { AddressField } from './AddressField';
import './forms.css';

type SendState = 'editing' | 'sending' | 'failed';

interface Props {
  api: MailApi;
  account: string;
  messageId: string;
  onClose(): void;
  onSent(): void;
}

/** Forward in place: to whom, an optional note; the bridge sends the message and its attachments along. */
export function ForwardBox({ api, account, messageId, onClose, onSent }: Props) {
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [state, setState] = useState<SendState>('editing');
  const [error, setError] = useState('');
  const [people, setPeople] = useState<Address[]>([]);

  useEffect(() => {
    let live = true;
    void correspondents(api, account).then((found) => live && setPeople(found));
    return () => {
      live = false;
    };
  }, [api, account]);

  async function send() {
    if (state === 'sending') return;
    const parsed = parseAddresses(to);
    if (parsed.invalid.length) return fail(t('popup_compose_bad_address', parsed.invalid.join(', ')));
    if (!parsed.addresses.length) return fail(t('popup_compose_no_recipient'));
    setState('sending');
    setError('');
    try {
      await api.forward(account, messageId, { to: parsed.addresses, cc: [], bcc: [], text });
      onSent();
    } catch (err) {
      fail(t('popup_forward_failed', errorText(err)));
    }
  }

  function fail(message: string) {
    setState('failed');
    setError(message);
  }

  return (
    <form
      class="forward"
      aria-label={t('popup_forward_title')}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onKeyDown={sendFormKeys(() => void send(), onClose)}
    >
      <AddressField id="forward-to" label={t('popup_compose_to')} value={to} people={people} onChange={setTo} autoFocus />
      <textarea
        class="field forward__text"
        aria-label={t('popup_forward_note')}
        placeholder={t('popup_forward_note')}
        value={text}
        disabled={state === 'sending'}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <p class="forward__note">{t('popup_forward_attachments')}</p>
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <div class="reply__bar">
        <button type="button" class="button button--quiet" onClick={onClose} disabled={state === 'sending'}>
          {t('popup_reply_cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={state === 'sending'} aria-busy={state === 'sending'}>
          {state === 'sending' ? t('popup_compose_sending') : t('popup_action_forward')}
        </button>
      </div>
    </form>
  );
}
