import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AccountView } from '@/bridge/api-types';
import type { BridgeApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { accountPatch, inputFromAccount, type AccountInput } from '@/utils/options/account-form';
import { formErrors, type FormErrors } from '@/utils/options/field-errors';
import { openSignIn } from '@/utils/options/sign-in';
import { AuthFields } from './AuthFields';
import { Field } from './Field';
import { Notice, type NoticeValue } from './Notice';
import { ServerFields } from './ServerFields';
import { SignInButtons } from './SignInButtons';
import { WatchedFolders } from './WatchedFolders';

interface Props {
  id: string;
  api: BridgeApi;
  /** Opened by "Fix sign-in": the sign-in gets the focus instead of the first field. */
  fix: boolean;
  onSaved: (view: AccountView) => void;
  onClose: () => void;
}

type Loaded = { state: 'loading' } | { state: 'ready'; saved: AccountView } | { state: 'error'; message: string };

const NO_ERRORS: FormErrors = { fields: {} };

/**
 * Every field of one account, edited in place and saved with one PATCH of what
 * changed. Secrets are never shown (the bridge doesn't send them): an empty password
 * keeps the saved one. On an error the form keeps what was typed and shows the
 * bridge's complaint beside the field it is about.
 */
export function AccountEditor({ id, api, fix, onSaved, onClose }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [input, setInput] = useState<AccountInput | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const secret = useRef<HTMLInputElement>(null);
  const signIn = useRef<HTMLButtonElement>(null);
  const prefix = `edit-${id}`;

  useEffect(() => {
    api.accounts().then(
      (accounts) => {
        const saved = accounts.find((a) => a.id === id);
        if (!saved) return setLoaded({ state: 'error', message: t('options_edit_gone') });
        setLoaded({ state: 'ready', saved });
        setInput(inputFromAccount(saved));
      },
      (error: unknown) => setLoaded({ state: 'error', message: errorText(error) }),
    );
  }, [api, id]);

  // Where the user's next keystroke belongs: the secret or the sign-in button for a fix, else the first field.
  const ready = loaded.state === 'ready';
  useEffect(() => {
    if (!ready) return;
    (fix ? (secret.current ?? signIn.current ?? first.current) : first.current)?.focus();
  }, [ready, fix]);

  const saved = loaded.state === 'ready' ? loaded.saved : undefined;
  const patch = useMemo(() => (saved && input ? accountPatch(saved, input) : {}), [saved, input]);

  if (loaded.state === 'loading') return <p class="help editor" aria-busy="true">{t('options_edit_loading')}</p>;
  if (loaded.state === 'error' || !input || !saved) {
    return <p class="notice error editor">{t('options_edit_load_failed', loaded.state === 'error' ? loaded.message : '')}</p>;
  }

  const change = (next: Partial<AccountInput>) => setInput({ ...input, ...next });
  const e = errors.fields;

  async function submit(event: Event) {
    event.preventDefault();
    if (!saved || !input) return;
    if (Object.keys(patch).length === 0) return setNotice({ tone: 'ok', text: t('options_edit_unchanged') });
    setBusy(true);
    setErrors(NO_ERRORS);
    setNotice({ tone: 'busy', text: t('options_edit_saving') });
    try {
      const view = await api.updateAccount(id, patch);
      setLoaded({ state: 'ready', saved: view });
      setInput(inputFromAccount(view));
      setNotice({ tone: 'ok', text: t('options_edit_saved') });
      // A sign-in that is new (or was never finished) goes straight to the provider.
      if (view.imap.auth === 'oauth2' && !view.imap.signedIn) await openSignIn(api, id);
      onSaved(view);
    } catch (error) {
      const sorted = formErrors(error);
      setErrors(sorted);
      setNotice({ tone: 'error', text: sorted.general ? t('options_edit_failed', sorted.general) : t('options_edit_fields_failed') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="editor" aria-label={t('options_edit_label', saved.name)} onSubmit={submit}>
      <div class="grid">
        <Field id={`${prefix}-sender`} label={t('options_sender_name_label')} error={e.senderName} help={t('options_sender_name_help')}>
          {(field) => (
            <input {...field} ref={first} type="text" autoComplete="name" value={input.senderName} onInput={(ev) => change({ senderName: ev.currentTarget.value })} />
          )}
        </Field>
        <Field id={`${prefix}-name`} label={t('options_label_label')} error={e.name} help={t('options_label_help')}>
          {(field) => <input {...field} type="text" required autoComplete="off" value={input.name} onInput={(ev) => change({ name: ev.currentTarget.value })} />}
        </Field>
        <Field id={`${prefix}-email`} label={t('options_email_label')} error={e.email}>
          {(field) => <input {...field} type="email" required autoComplete="off" value={input.email} onInput={(ev) => change({ email: ev.currentTarget.value })} />}
        </Field>
        <AuthFields
          idPrefix={prefix}
          value={input.auth}
          onChange={(auth) => change({ auth })}
          saved={saved.imap.auth}
          refused={!saved.imap.signedIn}
          error={e.auth}
          secretRef={secret}
        />
        {saved.imap.auth === 'oauth2' && input.auth.kind === 'oauth2' && saved.imap.oauth2 && (
          <SignInButtons api={api} account={id} oauth2={saved.imap.oauth2} signedIn={saved.imap.signedIn} buttonRef={signIn} />
        )}
        <h4 class="span">{t('options_incoming_heading')}</h4>
        <ServerFields kind="imap" idPrefix={prefix} value={input.imap} onChange={(imap) => change({ imap })} required userPlaceholder={input.email} errors={e} />
        <h4 class="span">{t('options_outgoing_heading')}</h4>
        {saved.smtp && (
          <label class="check span">
            <input type="checkbox" checked={input.smtpSameSignIn} onChange={(ev) => change({ smtpSameSignIn: ev.currentTarget.checked })} />
            {t('options_smtp_same_sign_in')}
          </label>
        )}
        <ServerFields kind="smtp" idPrefix={prefix} value={input.smtp} onChange={(smtp) => change({ smtp })} userPlaceholder={input.email} errors={e} />
        <Field id={`${prefix}-webmail`} label={t('options_webmail_label')} error={e.webmailUrl}>
          {(field) => <input {...field} type="url" autoComplete="off" value={input.webmailUrl} onInput={(ev) => change({ webmailUrl: ev.currentTarget.value })} />}
        </Field>
        <WatchedFolders idPrefix={prefix} api={api} account={id} value={input.watch} onChange={(watch) => change({ watch })} error={e.watch} />
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('options_edit_save')}
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          {t('options_edit_close')}
        </button>
      </div>
      <Notice value={notice} />
    </form>
  );
}
