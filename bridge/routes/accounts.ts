import { Hono } from 'hono';
import { z } from 'zod';
import type { AccountManager } from '../accounts/manager';
import { accountIdSchema, accountSchema, type AccountConfig, describeIssues, isTokenCommand, type OAuth2Config, oauth2Schema } from '../config/schema';
import { sameClient } from '../oauth/presets';
import { ApiError } from '../errors';
import { listMailboxes } from '../imap/mailboxes';
import { accountFrom, accountParam } from './params';
import { validate } from './validate';

/** A new account: like the config file's, but `id` and `name` may be left to the bridge. */
const newAccount = accountSchema.extend({
  id: accountIdSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
});

const serverPatch = z.strictObject({
  host: z.string().optional(),
  port: z.number().optional(),
  security: z.enum(['tls', 'starttls', 'none']).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  passwordCommand: z.string().optional(),
  /** A whole `oauth2` block (checked with the account); replaces a password or command. */
  oauth2: z.record(z.string(), z.unknown()).optional(),
  ca: z.string().nullable().optional(),
  rejectUnauthorized: z.boolean().optional(),
});

const accountPatch = z.strictObject({
  name: z.string().optional(),
  senderName: z.string().nullable().optional(),
  email: z.string().optional(),
  watch: z.array(z.string()).optional(),
  webmailUrl: z.string().nullable().optional(),
  imap: serverPatch.optional(),
  smtp: serverPatch.nullable().optional(),
});

export function accountRoutes(manager: AccountManager) {
  const withAccount = accountFrom(manager);
  return new Hono()
    .get('/', (c) => c.json(manager.list(), 200))
    .post('/', validate('json', newAccount), async (c) => {
      const input = c.req.valid('json');
      const id = input.id ?? uniqueId(input.email, manager.list().map((account) => account.id));
      const view = await manager.add({ ...input, id, name: input.name ?? input.email });
      return c.json(view, 201);
    })
    .get('/:account/mailboxes', validate('param', accountParam), withAccount, async (c) =>
      c.json(await c.var.account.withClient(listMailboxes), 200),
    )
    .patch('/:account', validate('param', accountParam), validate('json', accountPatch), withAccount, async (c) => {
      const patch = c.req.valid('json');
      const view = await manager.update(c.var.account.id, (current) => applyPatch(current, patch), { verify: patch.imap !== undefined });
      return c.json(view, 200);
    })
    .delete('/:account', validate('param', accountParam), async (c) => {
      await manager.remove(c.req.valid('param').account);
      return c.body(null, 204);
    });
}

type AccountPatch = z.output<typeof accountPatch>;

const CREDENTIALS = ['password', 'passwordCommand', 'oauth2'] as const;

/** Merges a patch into an account and validates the result as a whole, like the config file. */
function applyPatch(current: AccountConfig, patch: AccountPatch): AccountConfig {
  const mergeServer = (server: AccountConfig['imap'] | undefined, change: z.output<typeof serverPatch>) => {
    const merged: Record<string, unknown> = { ...server, ...change };
    // One credential at a time: a new one replaces whichever was set.
    const given = CREDENTIALS.find((key) => change[key] !== undefined);
    for (const key of CREDENTIALS) if (given && key !== given) delete merged[key];
    if (change.oauth2 !== undefined) merged.oauth2 = keepRefreshToken(server?.oauth2, change.oauth2);
    if (change.ca === null) delete merged.ca;
    return merged;
  };
  const candidate: Record<string, unknown> = { ...current };
  for (const key of ['name', 'email', 'watch'] as const) if (patch[key] !== undefined) candidate[key] = patch[key];
  for (const key of ['webmailUrl', 'senderName'] as const) {
    if (patch[key] === null) delete candidate[key];
    else if (patch[key] !== undefined) candidate[key] = patch[key];
  }
  if (patch.imap) candidate.imap = mergeServer(current.imap, patch.imap);
  if (patch.smtp === null) delete candidate.smtp;
  else if (patch.smtp) candidate.smtp = mergeServer(current.smtp, patch.smtp);
  const result = accountSchema.safeParse(candidate);
  if (!result.success) throw new ApiError('bad_request', describeIssues(result.error));
  return result.data;
}

/**
 * The API never shows a refresh token, so an edited `oauth2` block (a new client secret,
 * other scopes) can't send it back: it is kept while the block still names the same
 * client at the same provider, which issued it. Another client needs a new sign-in.
 */
function keepRefreshToken(current: OAuth2Config | undefined, next: Record<string, unknown>): Record<string, unknown> {
  if (!current || isTokenCommand(current) || current.refreshToken === undefined || next.refreshToken !== undefined) return next;
  const parsed = oauth2Schema.safeParse(next);
  if (!parsed.success || isTokenCommand(parsed.data) || !sameClient(parsed.data, current)) return next;
  return { ...next, refreshToken: current.refreshToken };
}

/** `me@example.com` → `me-example-com`, with a number added if that id is taken. */
function uniqueId(email: string, taken: string[]): string {
  const base = email.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'account';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}
