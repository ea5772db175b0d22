import type { OAuth2SignIn, OAuthProvider, Security } from '../config/schema';

export interface ServerPreset {
  host: string;
  port: number;
  security: Security;
}

/** What the bridge knows about a provider: where to sign in, what to ask for, where its mail is. */
export interface ProviderPreset {
  authorizeUrl: string;
  tokenUrl: string;
  /** RFC 8628 device authorization, where the provider allows it for mail scopes. */
  deviceUrl?: string;
  scopes: string[];
  /** Extra authorization request parameters the provider needs to hand out a refresh token. */
  authorizeParams: Record<string, string>;
  /**
   * The loopback name in the redirect URI, as the provider matches it against the
   * registered one: Google's desktop clients take `127.0.0.1` on any port; Microsoft
   * and Fastmail register `http://localhost/…` and ignore only the port.
   */
  redirectHost: '127.0.0.1' | 'localhost';
  imap?: ServerPreset;
  smtp?: ServerPreset;
}

/**
 * Endpoints and scopes as each provider documents them. No client id: Postbode ships
 * none it does not own, so every user registers their own (README, "Sign in").
 */
export const PROVIDER_PRESETS: Record<Exclude<OAuthProvider, 'custom'>, ProviderPreset> = {
  google: {
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    // Google's device flow does not allow the mail scope, so no deviceUrl.
    scopes: ['https://mail.google.com/'],
    // Without access_type=offline no refresh token; without prompt=consent none on a second sign-in.
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    redirectHost: '127.0.0.1',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
  },
  microsoft: {
    // `common`: personal (Outlook.com) and work or school (Microsoft 365) accounts alike.
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    deviceUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/devicecode',
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
    authorizeParams: {},
    redirectHost: 'localhost',
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
  },
  fastmail: {
    // As Thunderbird and K-9 Mail use them; Fastmail registers clients by hand (README).
    authorizeUrl: 'https://api.fastmail.com/oauth/authorize',
    tokenUrl: 'https://api.fastmail.com/oauth/refresh',
    scopes: ['https://www.fastmail.com/dev/protocol-imap', 'https://www.fastmail.com/dev/protocol-smtp'],
    authorizeParams: {},
    redirectHost: 'localhost',
    imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.fastmail.com', port: 465, security: 'tls' },
  },
};

/** A client as the bridge talks to its provider: the preset, with what the config overrides. */
export interface OAuthClient {
  provider: OAuthProvider;
  clientId: string;
  clientSecret?: string;
  authorizeUrl: string;
  tokenUrl: string;
  deviceUrl?: string;
  scopes: string[];
  authorizeParams: Record<string, string>;
  redirectHost: '127.0.0.1' | 'localhost';
}

/** The effective client of an `oauth2` block (the schema made sure `custom` has its URLs). */
export function resolveClient(oauth2: OAuth2SignIn): OAuthClient {
  const preset = oauth2.provider === 'custom' ? undefined : PROVIDER_PRESETS[oauth2.provider];
  const deviceUrl = oauth2.deviceUrl ?? preset?.deviceUrl;
  return {
    provider: oauth2.provider,
    clientId: oauth2.clientId,
    ...(oauth2.clientSecret !== undefined && { clientSecret: oauth2.clientSecret }),
    authorizeUrl: oauth2.authorizeUrl ?? preset?.authorizeUrl ?? '',
    tokenUrl: oauth2.tokenUrl ?? preset?.tokenUrl ?? '',
    ...(deviceUrl !== undefined && { deviceUrl }),
    scopes: oauth2.scopes ?? preset?.scopes ?? [],
    authorizeParams: preset?.authorizeParams ?? {},
    redirectHost: preset?.redirectHost ?? '127.0.0.1',
  };
}

/**
 * Whether two blocks sign in as the same client at the same provider, so one sign-in
 * (one refresh token) serves both: a refresh token belongs to the client it was issued to.
 */
export function sameClient(a: OAuth2SignIn, b: OAuth2SignIn): boolean {
  const x = resolveClient(a);
  const y = resolveClient(b);
  return x.provider === y.provider && x.clientId === y.clientId && x.tokenUrl === y.tokenUrl;
}
