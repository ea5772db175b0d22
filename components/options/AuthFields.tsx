import type { Ref } from 'preact';
import type { AuthKind } from '@/bridge/api-types';
import type { OAuthProvider } from '@/bridge/config/schema';
import { t } from '@/utils/i18n';
import type { AuthInput } from '@/utils/options/account-form';
import { Field } from './Field';

interface Props {
  idPrefix: string;
  value: AuthInput;
  onChange: (next: AuthInput) => void;
  /** The kind the account has saved: its secret stays when the field is left empty. */
  saved?: AuthKind | undefined;
  /** The server refused the saved secret: a new one is asked for, not kept. */
  refused?: boolean;
  error?: string | undefined;
  /** The secret's input (password or command), to focus it for "Fix sign-in". */
  secretRef?: Ref<HTMLInputElement>;
}

const PROVIDERS: Array<Exclude<OAuthProvider, 'custom'>> = ['google', 'microsoft', 'fastmail'];
const PROVIDER_NAMES: Record<OAuthProvider, string> = { google: 'Google', microsoft: 'Microsoft', fastmail: 'Fastmail', custom: 'Custom' };

/** How the account signs in: a password, a command that prints one, or the provider's own sign-in (OAuth). */
export function AuthFields({ idPrefix, value, onChange, saved, refused = false, error, secretRef }: Props) {
  const id = (field: string) => `${idPrefix}-auth-${field}`;
  const set = (change: Partial<AuthInput>) => onChange({ ...value, ...change });
  const kinds: AuthKind[] = saved === 'tokenCommand' ? ['password', 'passwordCommand', 'oauth2', 'tokenCommand'] : ['password', 'passwordCommand', 'oauth2'];
  const keeps = saved === value.kind;
  const providers: OAuthProvider[] = value.provider === 'custom' ? [...PROVIDERS, 'custom'] : PROVIDERS;
  return (
    <>
      <fieldset class="span auth-kind">
        <legend>{t('options_auth_legend')}</legend>
        {kinds.map((kind) => (
          <label key={kind} class="check">
            <input type="radio" name={id('kind')} value={kind} checked={value.kind === kind} onChange={() => set({ kind })} />
            {t(`options_auth_${kind}`)}
          </label>
        ))}
      </fieldset>
      {value.kind === 'password' && (
        <Field
          id={id('password')}
          label={t('options_password_label')}
          error={error}
          help={keeps ? (refused ? t('options_secret_refused') : t('options_secret_keep')) : undefined}
        >
          {(field) => (
            <input
              {...field}
              ref={secretRef}
              type="password"
              required={!keeps}
              autoComplete="new-password"
              value={value.password}
              onInput={(e) => set({ password: e.currentTarget.value })}
            />
          )}
        </Field>
      )}
      {value.kind === 'passwordCommand' && (
        <Field
          id={id('command')}
          label={t('options_password_command_label')}
          error={error}
          help={keeps ? t('options_command_keep') : t('options_password_command_help')}
        >
          {(field) => (
            <input
              {...field}
              ref={secretRef}
              type="text"
              class="mono"
              required={!keeps}
              autoComplete="off"
              spellcheck={false}
              value={value.passwordCommand}
              onInput={(e) => set({ passwordCommand: e.currentTarget.value })}
            />
          )}
        </Field>
      )}
      {value.kind === 'tokenCommand' && (
        <Field id={id('token-command')} label={t('options_token_command_label')} error={error} help={t('options_command_keep')}>
          {(field) => (
            <input
              {...field}
              ref={secretRef}
              type="text"
              class="mono"
              autoComplete="off"
              spellcheck={false}
              value={value.tokenCommand}
              onInput={(e) => set({ tokenCommand: e.currentTarget.value })}
            />
          )}
        </Field>
      )}
      {value.kind === 'oauth2' && (
        <>
          <Field id={id('provider')} label={t('options_oauth_provider_label')}>
            {(field) => (
              <select {...field} value={value.provider} onChange={(e) => set({ provider: e.currentTarget.value as OAuthProvider })}>
                {providers.map((provider) => (
                  <option key={provider} value={provider}>
                    {PROVIDER_NAMES[provider]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={id('client-id')} label={t('options_oauth_client_id_label')} error={error} help={t('options_oauth_client_id_help')}>
            {(field) => (
              <input
                {...field}
                type="text"
                class="mono"
                required
                autoComplete="off"
                spellcheck={false}
                value={value.clientId}
                onInput={(e) => set({ clientId: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field id={id('client-secret')} label={t('options_oauth_client_secret_label')} help={t('options_oauth_client_secret_help')}>
            {(field) => (
              <input
                {...field}
                type="password"
                autoComplete="off"
                value={value.clientSecret}
                onInput={(e) => set({ clientSecret: e.currentTarget.value })}
              />
            )}
          </Field>
        </>
      )}
    </>
  );
}
