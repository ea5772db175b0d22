import type { Security } from '@/bridge/config/schema';
import { t } from '@/utils/i18n';
import type { ServerInput } from '@/utils/options/account-form';
import type { FormErrors } from '@/utils/options/field-errors';
import { Field } from './Field';

interface Props {
  kind: 'imap' | 'smtp';
  /** Prefix of the inputs' ids, one per form on the page. */
  idPrefix: string;
  value: ServerInput;
  onChange: (next: ServerInput) => void;
  required?: boolean;
  /** What the user name is when left empty (the address). */
  userPlaceholder?: string;
  errors?: FormErrors['fields'];
  /** Told which field the user typed in, so autoconfig leaves it alone. */
  onTouched?: (field: keyof ServerInput) => void;
}

const LABELS = {
  imap: {
    host: 'options_imap_host_label',
    port: 'options_imap_port_label',
    security: 'options_imap_security_label',
    user: 'options_imap_user_label',
    ca: 'options_imap_ca_label',
  },
  smtp: {
    host: 'options_smtp_host_label',
    port: 'options_smtp_port_label',
    security: 'options_smtp_security_label',
    user: 'options_smtp_user_label',
    ca: 'options_smtp_ca_label',
  },
} as const;

/** Host, port, security, user name and CA file of one mail server (IMAP or SMTP). */
export function ServerFields({ kind, idPrefix, value, onChange, required = false, userPlaceholder, errors = {}, onTouched }: Props) {
  const id = (field: string) => `${idPrefix}-${kind}-${field}`;
  const labels = LABELS[kind];
  const set = (field: keyof ServerInput, next: string) => {
    onTouched?.(field);
    onChange({ ...value, [field]: next });
  };
  const used = required || value.host.trim() !== '';
  return (
    <>
      <Field id={id('host')} label={t(labels.host)} error={errors[`${kind}.host`]}>
        {(field) => (
          <input {...field} type="text" required={required} autoComplete="off" spellcheck={false} value={value.host} onInput={(e) => set('host', e.currentTarget.value)} />
        )}
      </Field>
      <Field id={id('port')} label={t(labels.port)} error={errors[`${kind}.port`]}>
        {(field) => (
          <input {...field} type="number" min={1} max={65535} required={used} value={value.port} onInput={(e) => set('port', e.currentTarget.value)} />
        )}
      </Field>
      <Field id={id('security')} label={t(labels.security)} error={errors[`${kind}.security`]}>
        {(field) => (
          <select {...field} value={value.security} onChange={(e) => set('security', e.currentTarget.value as Security)}>
            <option value="tls">{t('options_security_tls')}</option>
            <option value="starttls">{t('options_security_starttls')}</option>
            <option value="none">{t('options_security_none')}</option>
          </select>
        )}
      </Field>
      <Field id={id('user')} label={t(labels.user)} error={errors[`${kind}.user`]}>
        {(field) => (
          <input
            {...field}
            type="text"
            autoComplete="off"
            spellcheck={false}
            value={value.user}
            placeholder={userPlaceholder}
            onInput={(e) => set('user', e.currentTarget.value)}
          />
        )}
      </Field>
      <Field id={id('ca')} label={t(labels.ca)} error={errors[`${kind}.ca`]} help={t('options_ca_help')}>
        {(field) => (
          <input {...field} type="text" class="mono" autoComplete="off" spellcheck={false} value={value.ca} onInput={(e) => set('ca', e.currentTarget.value)} />
        )}
      </Field>
    </>
  );
}
