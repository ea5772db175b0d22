import { isIP } from 'node:net';
import { z } from 'zod';

export const DEFAULT_PORT = 7143;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** `security: "none"` sends the password in clear text: only allowed to this machine. */
export function isLoopbackHost(host: string): boolean {
  if (LOOPBACK_NAMES.has(host.toLowerCase())) return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

const serverSchema = z
  .strictObject({
    host: z.string().trim().min(1).max(255),
    port: z.int().min(1).max(65535),
    security: z.enum(['tls', 'starttls', 'none']).default('tls'),
    user: z.string().min(1).max(320),
    password: z.string().min(1).max(1024).optional(),
    passwordCommand: z.string().min(1).max(4096).optional(),
    /** Path to a PEM file with the CA (or self-signed certificate) to trust for this server. */
    ca: z.string().min(1).optional(),
    /** Escape hatch for broken certificates; logged as a warning on every connect. */
    rejectUnauthorized: z.boolean().default(true),
  })
  .superRefine((server, ctx) => {
    if (!server.password === !server.passwordCommand) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'set exactly one of `password` or `passwordCommand`' });
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
