import { isIP } from 'node:net';
import { z } from 'zod';

export const DEFAULT_PORT = 7143;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** `security: "none"` sends the password in clear text: only allowed to this machine. */
export function isLoopbackHost(host: string): boolean {
  if (LOOPBACK_NAMES.has(host.toLowerCase())) return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Sign-in servers are reached over https; plain http only on this machine (a test or a local proxy). */
const endpointUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((url) => {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || isLoopbackHost(hostname);
  }, 'must be an https URL (http only for loopback hosts)');

export const OAUTH_PROVIDERS = ['google', 'microsoft', 'fastmail', 'custom'] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

/**
 * Checked as one object (a zod union would report only "invalid input" for a typo),
 * then narrowed to the two shapes the bridge uses: bring-your-own tokens, or a client
 * the bridge signs in with.
 */
export const oauth2Schema = z
  .strictObject({
    /** Prints an access token (e.g. `oama access me@example.com`); run like passwordCommand. */
    tokenCommand: z.string().min(1).max(4096).optional(),
    provider: z.enum(OAUTH_PROVIDERS).optional(),
    clientId: z.string().trim().min(1).max(1024).optional(),
    /** Google's "Desktop app" clients have one (not really secret); public clients don't. */
    clientSecret: z.string().min(1).max(1024).optional(),
    authorizeUrl: endpointUrl.optional(),
    tokenUrl: endpointUrl.optional(),
    /** RFC 8628 device authorization endpoint, for providers without a preset one. */
    deviceUrl: endpointUrl.optional(),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,500}$/, 'one scope, no spaces or quotes')).min(1).max(20).optional(),
    /** Written by the bridge after sign-in (and again when the provider rotates it). */
    refreshToken: z.string().min(1).max(16_384).optional(),
  })
  .superRefine((oauth2, ctx) => {
    if (oauth2.tokenCommand !== undefined) {
      const extra = Object.keys(oauth2).filter((key) => key !== 'tokenCommand');
      if (extra.length > 0) ctx.addIssue({ code: 'custom', path: [extra[0]!], message: 'not allowed beside `tokenCommand`' });
      return;
    }
    if (!oauth2.provider) ctx.addIssue({ code: 'custom', path: ['provider'], message: 'give `provider` and `clientId`, or `tokenCommand`' });
    if (!oauth2.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'give `provider` and `clientId`, or `tokenCommand`' });
    if (oauth2.provider === 'custom') {
      for (const field of ['authorizeUrl', 'tokenUrl', 'scopes'] as const) {
        if (!oauth2[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'required for provider `custom`' });
      }
    }
  })
  .transform((oauth2) => oauth2 as OAuth2SignIn | OAuth2Command);

/** Tokens from a command the user runs (oama, mutt_oauth2.py, …): the bridge never sees a refresh token. */
export interface OAuth2Command {
  tokenCommand: string;
}

/** A client the bridge signs in with (authorization code + PKCE, or device code) and refreshes. */
export interface OAuth2SignIn {
  tokenCommand?: undefined;
  provider: OAuthProvider;
  clientId: string;
  clientSecret?: string;
  authorizeUrl?: string;
  tokenUrl?: string;
  deviceUrl?: string;
  scopes?: string[];
  refreshToken?: string;
}

export type OAuth2Config = OAuth2SignIn | OAuth2Command;

export function isTokenCommand(oauth2: OAuth2Config): oauth2 is OAuth2Command {
  return oauth2.tokenCommand !== undefined;
}

const serverSchema = z
  .strictObject({
    host: z.string().trim().min(1).max(255),
    port: z.int().min(1).max(65535),
    security: z.enum(['tls', 'starttls', 'none']).default('tls'),
    user: z.string().min(1).max(320),
    password: z.string().min(1).max(1024).optional(),
    passwordCommand: z.string().min(1).max(4096).optional(),
    oauth2: oauth2Schema.optional(),
    /** Path to a PEM file with the CA (or self-signed certificate) to trust for this server. */
    ca: z.string().min(1).optional(),
    /** Escape hatch for broken certificates; logged as a warning on every connect. */
    rejectUnauthorized: z.boolean().default(true),
  })
  .superRefine((server, ctx) => {
    const given = [server.password, server.passwordCommand, server.oauth2].filter((value) => value !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'set exactly one of `password`, `passwordCommand` or `oauth2`' });
    }
    if (server.security === 'none' && !isLoopbackHost(server.host)) {
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message: '`none` (no encryption) is only allowed for loopback hosts; use `tls` or `starttls`',
      });
    }
  });

export const accountIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lowercase letters, digits, `-` or `_`');

/** A mailbox path: never a line break or NUL, which could end an IMAP command. */
export const mailboxPathSchema = z.string().min(1).max(1000).refine((path) => !/[\0\r\n]/.test(path), 'no control characters');

export const accountSchema = z.strictObject({
  id: accountIdSchema,
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  /** The display name on mail sent from this account ("Your name"); `name` is only the account's label. */
  senderName: z.string().trim().min(1).max(200).optional(),
  imap: serverSchema,
  smtp: serverSchema.optional(),
  watch: z.array(mailboxPathSchema).min(1).max(50).default(['INBOX']),
  webmailUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export const configSchema = z.strictObject({
  port: z.int().min(0).max(65535).default(DEFAULT_PORT),
  token: z.string().regex(/^[A-Za-z0-9_-]{43,}$/, 'must be at least 32 random bytes in base64url (43+ characters)'),
  accounts: z.array(accountSchema).default([]),
  /** Seconds between health checks of each IMAP connection (and STATUS of non-IDLE mailboxes). */
  healthCheckSeconds: z.int().min(5).max(3600).default(60),
  /** Let "Load images" reach private/loopback addresses. Only for tests and home-lab setups. */
  allowPrivateRemoteImages: z.boolean().default(false),
});

export type ServerConfig = z.output<typeof serverSchema>;
/** How a mail server connection is secured; the extension's forms offer the same three. */
export type Security = ServerConfig['security'];
export type AccountConfig = z.output<typeof accountSchema>;
export type Config = z.output<typeof configSchema>;

/** Turns zod issues into one readable line per problem, naming the field, never the value. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${field || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}
