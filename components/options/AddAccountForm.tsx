import { useState } from 'preact/hooks';
import { createBridgeApi } from '@/utils/bridge/api';
import { errorMessage } from '@/utils/bridge/errors';
import { t } from '@/utils/i18n';
import { findProvider, providerForEmail, PROVIDERS, type Provider } from '@/utils/options/providers';
import type { Pairing } from '@/utils/storage/pairing';
import { Notice, type NoticeValue } from './Notice';
import { ServerFields, type ServerInput } from './ServerFields';

const EMPTY_SERVER: ServerInput = { host: '', port: '', security: 'tls' };

interface Props {
  pairing: Pairing;
  onAdded: () => void;
}

/**
 * "Add account": prefilled for well-known providers (picked from the list or
 * from the address), sent to the bridge, which tests the login before saving.
 */
export function AddAccountForm({ pairing, onAdded }: Props) {
  const [providerId, setProviderId] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [imap, setImap] = useState<ServerInput>(EMPTY_SERVER);
  const [smtp, setSmtp] = useState<ServerInput>(EMPTY_SERVER);
  const [webmailUrl, setWebmailUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<NoticeValue>(null);
  const provider = findProvider(providerId);

  function usePreset(next: Provider | undefined) {
    setProviderId(next?.id ?? '');
    if (!next) return;
    setImap({ host: next.imap.host, port: String(next.imap.port), security: next.imap.security });
    setSmtp({ host: next.smtp.host, port: String(next.smtp.port), security: next.smtp.security });
    setWebmailUrl(next.webmailUrl);
  }

  function onEmail(value: string) {
    setEmail(value);
    // Recognise the provider from the address, unless the user chose or typed servers already.
    const guess = providerForEmail(value);
    if (guess && !providerId && !imap.host) usePreset(guess);
  }

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setNotice({ tone: 'busy', text: t('options_adding') });
    const login = user.trim() || email.trim();
    const server = (s: ServerInput) => ({ host: s.host.trim(), port: Number(s.port), security: s.security, user: login, password });
    try {
      const added = await createBridgeApi(pairing).addAccount({
        email: email.trim(),
        ...(name.trim() && { name: name.trim() }),
        imap: server(imap),
        ...(smtp.host.trim() && { smtp: server(smtp) }),
        ...(webmailUrl.trim() && { webmailUrl: webmailUrl.trim() }),
      });
      setNotice({ tone: 'ok', text: t('options_added', added.name) });
      setProviderId('');
      setName('');
      setEmail('');
      setUser('');
      setPassword('');
      setImap(EMPTY_SERVER);
      setSmtp(EMPTY_SERVER);
      setWebmailUrl('');
      onAdded();
    } catch (error) {
      setNotice({ tone: 'error', text: t('options_add_failed', errorMessage(error)) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="add-account" aria-labelledby="add-heading" onSubmit={submit}>
      <h3 id="add-heading">{t('options_add_heading')}</h3>
      <div class="grid">
        <label for="add-provider">{t('options_provider_label')}</label>
        <select id="add-provider" value={providerId} onChange={(e) => usePreset(findProvider(e.currentTarget.value))}>
          <option value="">{t('options_provider_other')}</option>
          {PROVIDERS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        {provider?.hint && (
          <p class="help span">
            {provider.hint === 'app-password'
              ? t('options_hint_app_password', provider.label)
              : t('options_hint_enable_imap', provider.label)}
          </p>
        )}
        <label for="add-email">{t('options_email_label')}</label>
        <input id="add-email" type="email" required autoComplete="off" value={email} onInput={(e) => onEmail(e.currentTarget.value)} />
        <label for="add-name">{t('options_name_label')}</label>
        <input id="add-name" type="text" autoComplete="off" value={name} placeholder={email} onInput={(e) => setName(e.currentTarget.value)} />
        <label for="add-user">{t('options_user_label')}</label>
        <input id="add-user" type="text" autoComplete="off" spellcheck={false} value={user} placeholder={email} onInput={(e) => setUser(e.currentTarget.value)} />
        <label for="add-password">{t('options_password_label')}</label>
        <input
          id="add-password"
          type="password"
          required
          autoComplete="new-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <ServerFields kind="imap" value={imap} onChange={setImap} required />
        <ServerFields kind="smtp" value={smtp} onChange={setSmtp} />
        <label for="add-webmail">{t('options_webmail_label')}</label>
        <input id="add-webmail" type="url" autoComplete="off" value={webmailUrl} onInput={(e) => setWebmailUrl(e.currentTarget.value)} />
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('options_add_button')}
        </button>
      </div>
      <Notice value={notice} />
    </form>
  );
}
