import { t } from '@/utils/i18n';
import type { Security } from '@/bridge/config/schema';

export interface ServerInput {
  host: string;
  /** As typed; the form turns it into a number on submit. */
  port: string;
  security: Security;
}

interface Props {
  kind: 'imap' | 'smtp';
  value: ServerInput;
  onChange: (next: ServerInput) => void;
  required?: boolean;
}

/** Host, port and security of one mail server (IMAP or SMTP). */
export function ServerFields({ kind, value, onChange, required = false }: Props) {
  const id = (field: string) => `add-${kind}-${field}`;
  const label = {
    imap: [t('options_imap_host_label'), t('options_imap_port_label'), t('options_imap_security_label')],
    smtp: [t('options_smtp_host_label'), t('options_smtp_port_label'), t('options_smtp_security_label')],
  }[kind];
  return (
    <>
      <label for={id('host')}>{label[0]}</label>
      <input
        id={id('host')}
        type="text"
        required={required}
        autoComplete="off"
        spellcheck={false}
        value={value.host}
        onInput={(e) => onChange({ ...value, host: e.currentTarget.value })}
      />
      <label for={id('port')}>{label[1]}</label>
      <input
        id={id('port')}
        type="number"
        min={1}
        max={65535}
        required={required || value.host.trim() !== ''}
        value={value.port}
        onInput={(e) => onChange({ ...value, port: e.currentTarget.value })}
      />
      <label for={id('security')}>{label[2]}</label>
      <select id={id('security')} value={value.security} onChange={(e) => onChange({ ...value, security: e.currentTarget.value as Security })}>
        <option value="tls">{t('options_security_tls')}</option>
        <option value="starttls">{t('options_security_starttls')}</option>
        <option value="none">{t('options_security_none')}</option>
      </select>
    </>
  );
}
