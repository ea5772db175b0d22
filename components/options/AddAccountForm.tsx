import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MailSettings } from '@/bridge/api-types';
import { createBridgeApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { isBridgeError } from '@/utils/bridge/errors';
import { t } from '@/utils/i18n';
import { EMPTY_AUTH, EMPTY_SERVER, newAccount, serverFromSettings, type AccountInput, type ServerInput } from '@/utils/options/account-form';
import { formErrors, type FormErrors } from '@/utils/options/field-errors';
import { openSignIn } from '@/utils/options/sign-in';
import type { Pairing } from '@/utils/storage/pairing';
import { AuthFields } from './AuthFields';
import { AutoconfigAdvice, type Lookup } from './AutoconfigAdvice';
import { Field } from './Field';
import { Notice, type NoticeValue } from './Notice';
import { ServerFields } from './ServerFields';

const EMPTY: AccountInput = {
  name: '',
  senderName: '',
  email: '',
  auth: EMPTY_AUTH,
  imap: EMPTY_SERVER,
  smtp: EMPTY_SERVER,
  webmailUrl: '',
  watch: ['INBOX'],
  smtpSameSignIn: true,
};

/** How long typing must pause before the address is looked up (leaving the field looks at once). */
const LOOKUP_DELAY_MS = 700;

/** What the user typed in: autoconfig fills everything else, and never these. */
type Touched = Set<string>;

interface Props {
  pairing: Pairing;
  onAdded: () => void;
}

/**
 * "Add account": the address first; the bridge's autoconfig fills the servers and says
 * how the provider wants you to sign in. Every field stays editable. The bridge tests a
 * password login before saving; an OAuth account is saved first, then signed in.
 */
export function AddAccountForm({ pairing, onAdded }: Props) {
  const api = useMemo(() => createBridgeApi(pairing), [pairing]);
  const [input, setInput] = useState<AccountInput>(EMPTY);
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<NoticeValue>(null);
  // The rest of the form shows once the address was looked up, or when asked for.
  const [expanded, setExpanded] = useState(false);
  const touched = useRef<Touched>(new Set());
  const looked = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const touch = (field: string) => touched.current.add(field);
  const change = (next: Partial<AccountInput>) => setInput((current) => ({ ...current, ...next }));

  /** Fills what the user hasn't typed in from what autoconfig found. */
  function apply(found: MailSettings) {
    const server = (kind: 'imap' | 'smtp', current: ServerInput, settings: MailSettings['imap'] | undefined): ServerInput => {
      if (!settings) return current;
      const suggested = serverFromSettings(settings);
      const merged = { ...current };
      for (const key of ['host', 'port', 'security', 'user'] as const) if (!touched.current.has(`${kind}.${key}`)) (merged[key] as string) = suggested[key];
      return merged;
    };
    setInput((current) => ({
      ...current,
      imap: server('imap', current.imap, found.imap),
      smtp: server('smtp', current.smtp, found.smtp),
      ...(!touched.current.has('webmailUrl') && { webmailUrl: found.webmailUrl ?? '' }),
      ...(!touched.current.has('auth') && {
        auth: {
          ...current.auth,
          kind: found.auth === 'oauth2' ? 'oauth2' : 'password',
          ...(found.oauthProvider && { provider: found.oauthProvider }),
        },
      }),
    }));
  }

  async function lookUp(email: string) {
    clearTimeout(timer.current);
    const address = email.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) || address === looked.current) return;
    looked.current = address;
    setLookup({ state: 'looking', email: address });
    try {
      const found = await api.autoconfig(address);
      if (looked.current !== address) return; // the address changed meanwhile
      setLookup({ state: 'found', settings: found });
      apply(found);
      setExpanded(true);
    } catch (error) {
      if (looked.current !== address) return;
      setLookup(isBridgeError(error) && error.code === 'not_found' ? { state: 'unknown' } : { state: 'failed', message: errorText(error) });
      setExpanded(true);
    }
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  function onEmail(value: string) {
    change({ email: value });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void lookUp(value), LOOKUP_DELAY_MS);
  }

  async function submit(event: Event) {
    event.preventDefault();
    // "Next": the address first, then the rest, filled as far as autoconfig knows.
    if (!expanded) {
      setExpanded(true);
      await lookUp(input.email);
      return;
    }
    setBusy(true);
    setErrors({ fields: {} });
    setNotice({ tone: 'busy', text: t('options_adding') });
    try {
      const added = await api.addAccount(newAccount(input));
      touched.current = new Set();
      looked.current = '';
      setInput(EMPTY);
      setLookup({ state: 'idle' });
      setExpanded(false);
      if (added.imap.auth === 'oauth2' && !added.imap.signedIn) {
        await openSignIn(api, added.id);
        setNotice({ tone: 'ok', text: t('options_added_sign_in', added.name) });
      } else {
        setNotice({ tone: 'ok', text: t('options_added', added.name) });
      }
      onAdded();
    } catch (error) {
      const sorted = formErrors(error);
      setErrors(sorted);
      setNotice({ tone: 'error', text: t('options_add_failed', sorted.general ?? errorText(error)) });
    } finally {
      setBusy(false);
    }
  }

  const e = errors.fields;
  return (
    <form class="add-account" aria-labelledby="add-heading" onSubmit={submit} noValidate={!expanded}>
      <h3 id="add-heading">{t('options_add_heading')}</h3>
      <p class="help">{t('options_add_help')}</p>
      <div class="grid">
        <Field id="add-email" label={t('options_email_label')} error={e.email}>
          {(field) => (
            <input
              {...field}
              type="email"
              required
              autoComplete="off"
              value={input.email}
              onInput={(ev) => onEmail(ev.currentTarget.value)}
              onBlur={(ev) => void lookUp(ev.currentTarget.value)}
            />
          )}
        </Field>
        <AutoconfigAdvice lookup={lookup} />
      </div>
      <div class="grid" hidden={!expanded}>
        <Field id="add-sender" label={t('options_sender_name_label')} error={e.senderName} help={t('options_sender_name_help')}>
          {(field) => <input {...field} type="text" autoComplete="name" value={input.senderName} onInput={(ev) => change({ senderName: ev.currentTarget.value })} />}
        </Field>
        <Field id="add-name" label={t('options_label_label')} error={e.name} help={t('options_label_help')}>
          {(field) => (
            <input {...field} type="text" autoComplete="off" value={input.name} placeholder={input.email} onInput={(ev) => change({ name: ev.currentTarget.value })} />
          )}
        </Field>
        <AuthFields
          idPrefix="add"
          value={input.auth}
          onChange={(auth) => {
            touch('auth');
            change({ auth });
          }}
          error={e.auth}
        />
        <h4 class="span">{t('options_incoming_heading')}</h4>
        <ServerFields
          kind="imap"
          idPrefix="add"
          value={input.imap}
          onChange={(imap) => change({ imap })}
          onTouched={(field) => touch(`imap.${field}`)}
          required
          userPlaceholder={input.email}
          errors={e}
        />
        <h4 class="span">{t('options_outgoing_heading')}</h4>
        <ServerFields
          kind="smtp"
          idPrefix="add"
          value={input.smtp}
          onChange={(smtp) => change({ smtp })}
          onTouched={(field) => touch(`smtp.${field}`)}
          userPlaceholder={input.email}
          errors={e}
        />
        <Field id="add-webmail" label={t('options_webmail_label')} error={e.webmailUrl}>
          {(field) => (
            <input
              {...field}
              type="url"
              autoComplete="off"
              value={input.webmailUrl}
              onInput={(ev) => {
                touch('webmailUrl');
                change({ webmailUrl: ev.currentTarget.value });
              }}
            />
          )}
        </Field>
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {expanded ? t('options_add_button') : t('options_add_next')}
        </button>
      </div>
      <Notice value={notice} />
    </form>
  );
}
