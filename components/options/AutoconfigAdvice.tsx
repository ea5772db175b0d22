import type { MailSettings } from '@/bridge/api-types';
import { t } from '@/utils/i18n';

/** Where the add form's lookup of the address stands. */
export type Lookup =
  | { state: 'idle' }
  | { state: 'looking'; email: string }
  | { state: 'found'; settings: MailSettings }
  | { state: 'unknown' }
  | { state: 'failed'; message: string };

const OAUTH_NAMES = { google: 'Google', microsoft: 'Microsoft', fastmail: 'Fastmail' } as const;

/** What autoconfig found for the address, and how this provider wants you to sign in. */
export function AutoconfigAdvice({ lookup }: { lookup: Lookup }) {
  return (
    <div class="span autoconfig" aria-live="polite">
      {lookup.state === 'looking' && <p class="help">{t('options_autoconfig_looking', lookup.email)}</p>}
      {lookup.state === 'unknown' && <p class="help">{t('options_autoconfig_unknown')}</p>}
      {lookup.state === 'failed' && <p class="help">{t('options_autoconfig_failed', lookup.message)}</p>}
      {lookup.state === 'found' && <Found settings={lookup.settings} />}
    </div>
  );
}

function Found({ settings }: { settings: MailSettings }) {
  const provider = settings.displayName ?? settings.imap.host;
  const advice =
    settings.auth === 'oauth2'
      ? t('options_autoconfig_oauth', provider, OAUTH_NAMES[settings.oauthProvider ?? 'google'])
      : settings.auth === 'app-password'
        ? t('options_autoconfig_app_password', provider)
        : t('options_autoconfig_password', provider);
  return (
    <p class="advice">
      <strong>{t('options_autoconfig_found', provider)}</strong> {advice}{' '}
      {settings.helpUrl && (
        <a href={settings.helpUrl} target="_blank" rel="noreferrer">
          {settings.auth === 'app-password' ? t('options_autoconfig_app_password_link') : t('options_autoconfig_help_link')}
        </a>
      )}
    </p>
  );
}
