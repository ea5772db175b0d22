import { useEffect, useRef, useState } from 'preact/hooks';
import type { Address } from '@/bridge/api-types';
import { IconButton } from '@/components/common/IconButton';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { parseAddresses } from '@/utils/popup/addresses';
import { sendFormKeys } from '@/utils/popup/keys';
import { correspondents, mergePeople } from '@/utils/popup/people';
import { fileSize } from '@/utils/popup/size';
import { composeDraft, type ComposeDraft, type DraftAttachment } from '@/utils/storage/popup';
import { AddressField } from './AddressField';
import './forms.css';

/** The bridge's cap on attachments together (bridge/smtp/compose.ts), said before sending. */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

interface Props {
  api: MailApi;
  accounts: readonly { id: string; name: string; email: string }[];
  /** Senders in the list, suggested after the account's correspondents. */
  seen: readonly Address[];
  locale: string;
  /** Back to the list; the draft stays. */
  onClose(): void;
  onSent(): void;
}

type SendState = 'loading' | 'editing' | 'sending' | 'failed';

/**
 * A new message: To/Cc/Bcc with suggestions, subject, text and files. Every change
 * is kept in storage (like reply drafts), so closing the popup loses nothing; a sent
 * or discarded message forgets it.
 */
export function ComposeView({ api, accounts, seen, locale, onClose, onSent }: Props) {
  const [draft, setDraft] = useState<ComposeDraft>(() => emptyDraft(accounts[0]?.id ?? ''));
  const [state, setState] = useState<SendState>('loading');
  const [error, setError] = useState('');
  const [showCc, setShowCc] = useState(false);
  const [people, setPeople] = useState<Address[]>([...seen]);
  const files = useRef<HTMLInputElement>(null);
  const save = useRef<ReturnType<typeof setTimeout>>();
  const latest = useRef(draft);
  latest.current = draft;

  useEffect(() => {
    void composeDraft.getValue().then((saved) => {
      // Its account may be unknown yet (the list still loading) or gone: the effect below sees to it.
      if (saved) {
        setDraft(saved);
        if (saved.cc || saved.bcc) setShowCc(true);
      }
      setState('editing');
    });
    // Leaving (or the popup closing) writes what a pending save would have.
    return () => {
      if (save.current) {
        clearTimeout(save.current);
        void keep(latest.current);
      }
    };
  }, []);

  // Opened before the accounts were known (a first open, nothing cached), or from a draft
  // of an account since removed: it is sent from the first account once they are known.
  useEffect(() => {
    if (state !== 'loading' && accounts.length && !accounts.some((a) => a.id === draft.account)) change({ account: accounts[0]!.id });
  }, [state, accounts, draft.account]);

  useEffect(() => {
    if (!draft.account) return;
    let live = true;
    void correspondents(api, draft.account).then((found) => live && setPeople(mergePeople(found, seen)));
    return () => {
      live = false;
    };
  }, [api, draft.account]);

  function change(fields: Partial<ComposeDraft>) {
    const next = { ...latest.current, ...fields, savedAt: Date.now() };
    latest.current = next;
    setDraft(next);
    // Typing saves a quarter second after the last key, not on every one: the draft can hold files.
    clearTimeout(save.current);
    save.current = setTimeout(() => {
      save.current = undefined;
      void keep(latest.current);
    }, 250);
  }

  async function attach(list: FileList | null) {
    if (!list?.length) return;
    setError('');
    const added: DraftAttachment[] = [];
    for (const file of [...list]) {
      try {
        added.push({ filename: file.name, contentType: file.type || 'application/octet-stream', size: file.size, contentBase64: await readBase64(file) });
      } catch (err) {
        setError(t('popup_compose_read_failed', file.name, errorText(err)));
      }
    }
    change({ attachments: [...latest.current.attachments, ...added] });
  }

  async function send() {
    if (state === 'sending') return;
    const to = parseAddresses(draft.to);
    const cc = parseAddresses(draft.cc);
    const bcc = parseAddresses(draft.bcc);
    const invalid = [...to.invalid, ...cc.invalid, ...bcc.invalid];
    if (invalid.length) return fail(t('popup_compose_bad_address', invalid.join(', ')));
    if (!to.addresses.length && !cc.addresses.length && !bcc.addresses.length) return fail(t('popup_compose_no_recipient'));
    if (totalSize(draft) > MAX_ATTACHMENT_BYTES) return fail(t('popup_compose_too_big', fileSize(MAX_ATTACHMENT_BYTES, locale)));
    setState('sending');
    setError('');
    try {
      await api.send(draft.account, {
        to: to.addresses,
        cc: cc.addresses,
        bcc: bcc.addresses,
        subject: draft.subject,
        text: draft.text,
        attachments: draft.attachments.map(({ filename, contentType, contentBase64 }) => ({ filename, contentType, contentBase64 })),
      });
      clearTimeout(save.current);
      save.current = undefined;
      await composeDraft.setValue(null);
      onSent();
    } catch (err) {
      setState('failed');
      setError(t('popup_compose_failed', errorText(err)));
    }
  }

  function fail(text: string) {
    setState('failed');
    setError(text);
  }

  async function discard() {
    clearTimeout(save.current);
    save.current = undefined;
    await composeDraft.setValue(null);
    onClose();
  }

  const busy = state === 'sending' || state === 'loading';
  return (
    <form
      class="view compose"
      aria-label={t('popup_compose')}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onKeyDown={sendFormKeys(() => void send(), onClose)}
    >
      <div class="view__bar">
        <IconButton icon="back" label={t('popup_compose_back')} onClick={onClose} />
        <h1 class="compose__title">{t('popup_compose')}</h1>
        <span class="spacer" />
        <IconButton icon="paperclip" label={t('popup_compose_attach')} onClick={() => files.current?.click()} />
        <button type="button" class="button button--quiet" onClick={() => void discard()} disabled={state === 'sending'}>
          {t('popup_compose_discard')}
        </button>
        <button type="submit" class="button button--primary" disabled={busy} aria-busy={state === 'sending'}>
          {state === 'sending' ? t('popup_compose_sending') : t('popup_compose_send')}
        </button>
      </div>
      <div class="view__scroll compose__body">
        {accounts.length > 1 && (
          <div class="compose__field">
            <label for="compose-from">{t('popup_compose_from')}</label>
            <select id="compose-from" class="field" value={draft.account} onChange={(e) => change({ account: e.currentTarget.value })}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name ? `${a.name} <${a.email}>` : a.email}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="compose__row">
          <AddressField id="compose-to" label={t('popup_compose_to')} value={draft.to} people={people} onChange={(to) => change({ to })} autoFocus />
          {!showCc && (
            <button type="button" class="link-button compose__cc" onClick={() => setShowCc(true)}>
              {t('popup_compose_show_cc')}
            </button>
          )}
        </div>
        {showCc && (
          <>
            <AddressField id="compose-cc" label={t('popup_compose_cc')} value={draft.cc} people={people} onChange={(cc) => change({ cc })} />
            <AddressField id="compose-bcc" label={t('popup_compose_bcc')} value={draft.bcc} people={people} onChange={(bcc) => change({ bcc })} />
          </>
        )}
        <div class="compose__field">
          <label for="compose-subject">{t('popup_compose_subject')}</label>
          <input id="compose-subject" class="field" type="text" value={draft.subject} onInput={(e) => change({ subject: e.currentTarget.value })} />
        </div>
        <textarea
          class="field compose__text"
          aria-label={t('popup_compose_text')}
          value={draft.text}
          onInput={(e) => change({ text: e.currentTarget.value })}
        />
        {draft.attachments.length > 0 && (
          <ul class="compose__files" aria-label={t('popup_compose_attachments')}>
            {draft.attachments.map((file, i) => (
              <li key={`${i}-${file.filename}`} class="compose__file">
                <span class="compose__file-name">{file.filename}</span>
                <span class="compose__file-size">{fileSize(file.size, locale)}</span>
                <IconButton
                  icon="close"
                  label={t('popup_compose_remove', file.filename)}
                  onClick={() => change({ attachments: draft.attachments.filter((_, j) => j !== i) })}
                />
              </li>
            ))}
          </ul>
        )}
        <input
          ref={files}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            void attach(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
        {error && (
          <p class="notice notice--error" role="alert">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}

function emptyDraft(account: string): ComposeDraft {
  return { account, to: '', cc: '', bcc: '', subject: '', text: '', attachments: [], savedAt: 0 };
}

function totalSize(draft: ComposeDraft): number {
  return draft.attachments.reduce((n, a) => n + a.size, 0);
}

/** Keeps the draft; an empty one is forgotten. A draft over the storage quota is kept without its files. */
async function keep(draft: ComposeDraft): Promise<void> {
  const empty = !draft.to && !draft.cc && !draft.bcc && !draft.subject.trim() && !draft.text.trim() && !draft.attachments.length;
  try {
    await composeDraft.setValue(empty ? null : draft);
  } catch {
    await composeDraft.setValue({ ...draft, attachments: [] }).catch(() => {});
  }
}

/** A file's bytes as base64, through FileReader (a data: URL without its prefix). */
function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });
}
