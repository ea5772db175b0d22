/**
 * Server settings of well-known mail providers, to prefill "Add account".
 * From each provider's own help pages; everything stays editable in the form.
 */
import type { Security } from '@/bridge/config/schema';

export interface ServerPreset {
  host: string;
  port: number;
  security: Security;
}

export interface Provider {
  id: string;
  /** A brand name: not translated. */
  label: string;
  imap: ServerPreset;
  smtp: ServerPreset;
  webmailUrl: string;
  /** Address domains that belong to this provider, to pick it from the email. */
  domains: string[];
  /** What the user must do first: most big providers refuse the normal password over IMAP. */
  hint: 'app-password' | 'enable-imap' | null;
}

export const PROVIDERS: readonly Provider[] = [
  {
    id: 'gmail',
    label: 'Gmail',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    webmailUrl: 'https://mail.google.com/',
    domains: ['gmail.com', 'googlemail.com'],
    hint: 'app-password',
  },
  {
    id: 'outlook',
    label: 'Outlook / Office 365',
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    webmailUrl: 'https://outlook.office.com/mail/',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com'],
    hint: 'app-password',
  },
  {
    id: 'fastmail',
    label: 'Fastmail',
    imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.fastmail.com', port: 465, security: 'tls' },
    webmailUrl: 'https://app.fastmail.com/',
    domains: ['fastmail.com', 'fastmail.fm'],
    hint: 'app-password',
  },
  {
    id: 'icloud',
    label: 'iCloud',
    imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
    webmailUrl: 'https://www.icloud.com/mail/',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    hint: 'app-password',
  },
  {
    id: 'yahoo',
    label: 'Yahoo',
    imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' },
    webmailUrl: 'https://mail.yahoo.com/',
    domains: ['yahoo.com', 'ymail.com', 'rocketmail.com'],
    hint: 'app-password',
  },
  {
    id: 'gmx',
    label: 'GMX',
    imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
    smtp: { host: 'mail.gmx.net', port: 465, security: 'tls' },
    webmailUrl: 'https://www.gmx.net/',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    hint: 'enable-imap',
  },
  {
    id: 'mailbox-org',
    label: 'mailbox.org',
    imap: { host: 'imap.mailbox.org', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mailbox.org', port: 465, security: 'tls' },
    webmailUrl: 'https://office.mailbox.org/',
    domains: ['mailbox.org'],
    hint: null,
  },
];

export function findProvider(id: string): Provider | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/** The provider an address belongs to, by its domain (`Me@GMail.com` → Gmail). */
export function providerForEmail(email: string): Provider | undefined {
  const domain = email.trim().toLowerCase().split('@')[1];
  return domain ? PROVIDERS.find((p) => p.domains.includes(domain)) : undefined;
}

