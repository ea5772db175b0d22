import type { OAuthProvider, Security } from '../config/schema';

/** How an account at a provider signs in, as the options page should offer it first. */
export type AuthAdvice = 'oauth2' | 'app-password' | 'password';

export interface ServerSettings {
  host: string;
  port: number;
  security: Security;
  user: string;
}

/** What autoconfig answers. */
export interface MailSettings {
  /** Where it came from: the built-in table, the domain's autoconfig file (two places), its MX, or SRV records. */
  source: 'builtin' | 'autoconfig' | 'well-known' | 'mx' | 'srv';
  displayName?: string;
  imap: ServerSettings;
  smtp?: ServerSettings;
  auth: AuthAdvice;
  /** The preset to sign in with when `auth` is `oauth2` (or as the alternative to an app password). */
  oauthProvider?: Exclude<OAuthProvider, 'custom'>;
  webmailUrl?: string;
  /** Where the provider explains app passwords or enabling IMAP. */
  helpUrl?: string;
}

/** Which part of the address a server takes as the user name. */
type UserName = 'address' | 'local-part';

interface KnownProvider {
  displayName: string;
  imap: Omit<ServerSettings, 'user'> & { user?: UserName };
  smtp: Omit<ServerSettings, 'user'> & { user?: UserName };
  auth: AuthAdvice;
  oauthProvider?: Exclude<OAuthProvider, 'custom'>;
  webmailUrl?: string;
  helpUrl?: string;
}

const GMAIL: KnownProvider = {
  displayName: 'Gmail',
  imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
  auth: 'oauth2',
  oauthProvider: 'google',
  webmailUrl: 'https://mail.google.com/',
  helpUrl: 'https://support.google.com/mail/answer/7126229',
};

const OUTLOOK: KnownProvider = {
  displayName: 'Outlook.com',
  imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' },
  // Microsoft turned basic authentication off: OAuth2 only.
  auth: 'oauth2',
  oauthProvider: 'microsoft',
  webmailUrl: 'https://outlook.live.com/mail/',
  helpUrl: 'https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040',
};

const MICROSOFT_365: KnownProvider = {
  displayName: 'Microsoft 365',
  imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
  auth: 'oauth2',
  oauthProvider: 'microsoft',
  webmailUrl: 'https://outlook.office.com/mail/',
};

const FASTMAIL: KnownProvider = {
  displayName: 'Fastmail',
  imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.fastmail.com', port: 465, security: 'tls' },
  // Fastmail registers OAuth clients by hand; an app password works for everyone.
  auth: 'app-password',
  oauthProvider: 'fastmail',
  webmailUrl: 'https://app.fastmail.com/',
  helpUrl: 'https://www.fastmail.help/hc/en-us/articles/360058752854-App-passwords',
};

const ICLOUD: KnownProvider = {
  displayName: 'iCloud Mail',
  // Apple: the IMAP user is the name part of the address, SMTP wants the whole address.
  imap: { host: 'imap.mail.me.com', port: 993, security: 'tls', user: 'local-part' },
  smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
  auth: 'app-password',
  webmailUrl: 'https://www.icloud.com/mail',
  helpUrl: 'https://support.apple.com/en-us/102654',
};

const YAHOO: KnownProvider = {
  displayName: 'Yahoo Mail',
  imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' },
  auth: 'app-password',
  webmailUrl: 'https://mail.yahoo.com/',
  helpUrl: 'https://help.yahoo.com/kb/SLN15241.html',
};

const GMX: KnownProvider = {
  displayName: 'GMX',
  imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
  smtp: { host: 'mail.gmx.net', port: 465, security: 'tls' },
  // IMAP must be switched on in GMX's settings first.
  auth: 'password',
  webmailUrl: 'https://www.gmx.net/',
};

const GMX_COM: KnownProvider = { ...GMX, imap: { ...GMX.imap, host: 'imap.gmx.com' }, smtp: { ...GMX.smtp, host: 'mail.gmx.com' }, webmailUrl: 'https://www.gmx.com/' };

const WEB_DE: KnownProvider = {
  displayName: 'WEB.DE',
  imap: { host: 'imap.web.de', port: 993, security: 'tls' },
  smtp: { host: 'smtp.web.de', port: 587, security: 'starttls' },
  // IMAP must be switched on in WEB.DE's settings first.
  auth: 'password',
  webmailUrl: 'https://web.de/',
};

const POSTEO: KnownProvider = {
  displayName: 'Posteo',
  imap: { host: 'posteo.de', port: 993, security: 'tls' },
  smtp: { host: 'posteo.de', port: 465, security: 'tls' },
  auth: 'password',
  webmailUrl: 'https://posteo.de/',
};

const MAILBOX_ORG: KnownProvider = {
  displayName: 'mailbox.org',
  imap: { host: 'imap.mailbox.org', port: 993, security: 'tls' },
  smtp: { host: 'smtp.mailbox.org', port: 465, security: 'tls' },
  auth: 'password',
  webmailUrl: 'https://login.mailbox.org/',
};

/** Proton has no IMAP of its own: its Bridge app serves it on this machine, with its own password and certificate. */
const PROTON: KnownProvider = {
  displayName: 'Proton Mail (through Proton Mail Bridge)',
  imap: { host: '127.0.0.1', port: 1143, security: 'starttls' },
  smtp: { host: '127.0.0.1', port: 1025, security: 'starttls' },
  auth: 'password',
  webmailUrl: 'https://mail.proton.me/',
  helpUrl: 'https://proton.me/mail/bridge',
};

/** Well-known mail domains. Short on purpose: everything else is found through the domain itself. */
const BY_DOMAIN = new Map<string, KnownProvider>([
  ...pairs(['gmail.com', 'googlemail.com'], GMAIL),
  ...pairs(['outlook.com', 'hotmail.com', 'live.com', 'msn.com'], OUTLOOK),
  ...pairs(['icloud.com', 'me.com', 'mac.com'], ICLOUD),
  ...pairs(['yahoo.com', 'ymail.com', 'rocketmail.com'], YAHOO),
  ...pairs(['fastmail.com', 'fastmail.fm'], FASTMAIL),
  ...pairs(['gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch'], GMX),
  ...pairs(['gmx.com'], GMX_COM),
  ...pairs(['web.de'], WEB_DE),
  ...pairs(['posteo.de', 'posteo.net'], POSTEO),
  ...pairs(['mailbox.org'], MAILBOX_ORG),
  ...pairs(['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'], PROTON),
]);

/** Mail hosted at a big provider under the customer's own domain, known by the MX host's name. */
const BY_MX_SUFFIX: Array<[string, KnownProvider]> = [
  ['.google.com', { ...GMAIL, displayName: 'Google Workspace' }],
  ['.googlemail.com', { ...GMAIL, displayName: 'Google Workspace' }],
  ['.protection.outlook.com', MICROSOFT_365],
  ['.messagingengine.com', FASTMAIL],
];

function pairs(domains: string[], provider: KnownProvider): Array<[string, KnownProvider]> {
  return domains.map((domain) => [domain, provider]);
}

export function builtinFor(email: string, domain: string): MailSettings | undefined {
  const known = BY_DOMAIN.get(domain);
  return known && settings(known, email, 'builtin');
}

/** The provider behind an MX host name (lower case, without the final dot). */
export function mxProviderFor(email: string, mxHost: string): MailSettings | undefined {
  const known = BY_MX_SUFFIX.find(([suffix]) => `.${mxHost}`.endsWith(suffix))?.[1];
  return known && settings(known, email, 'mx');
}

/** Which OAuth2 preset serves a server host, for an autoconfig file that offers OAuth2. */
export function oauthProviderForHost(host: string): MailSettings['oauthProvider'] {
  const name = `.${host.toLowerCase()}`;
  if (name.endsWith('.gmail.com') || name.endsWith('.googlemail.com')) return 'google';
  if (name.endsWith('.office365.com') || name.endsWith('.outlook.com')) return 'microsoft';
  if (name.endsWith('.fastmail.com')) return 'fastmail';
  return undefined;
}

function settings(known: KnownProvider, email: string, source: MailSettings['source']): MailSettings {
  const server = ({ user = 'address', ...rest }: KnownProvider['imap']): ServerSettings => ({ ...rest, user: user === 'address' ? email : email.split('@')[0]! });
  return {
    source,
    displayName: known.displayName,
    imap: server(known.imap),
    smtp: server(known.smtp),
    auth: known.auth,
    ...(known.oauthProvider && { oauthProvider: known.oauthProvider }),
    ...(known.webmailUrl && { webmailUrl: known.webmailUrl }),
    ...(known.helpUrl && { helpUrl: known.helpUrl }),
  };
}
