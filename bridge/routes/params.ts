import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { Account } from '../accounts/account';
import type { AccountManager } from '../accounts/manager';
import { parseMessageId } from '../imap/locate';

/**
 * Only bounded here, not held to the config's id rules: any id that names no account,
 * well-formed or not, is the middleware's 404 "No such account".
 */
const accountId = z.string().max(64);

/**
 * A message id decoded in the validator, so handlers get a MessageRef. An id the bridge
 * never made is a 404 (thrown from the transform, which zod does not catch), not a 400:
 * to a client it is an unknown message, like a deleted one.
 */
const messageId = z.string().max(2000).transform(parseMessageId);

export const accountParam = z.strictObject({ account: accountId });
export const messageParam = accountParam.extend({ id: messageId });
export const attachmentParam = messageParam.extend({ attachment: z.string().regex(/^\d+(\.\d+)*$/, 'not an attachment id') });

/**
 * Resolves `:account` once and hands handlers the running Account as `c.var.account`.
 * Goes after a route's validators, so a malformed request is a 400 whichever account it names.
 */
export function accountFrom(manager: AccountManager) {
  return createMiddleware<{ Variables: { account: Account } }>(async (c, next) => {
    c.set('account', manager.get(c.req.param('account') ?? ''));
    await next();
  });
}
