import { Hono } from 'hono';
import { z } from 'zod';
import type { AccountManager } from '../accounts/manager';
import { mailboxPathSchema } from '../config/schema';
import { recentCorrespondents } from '../imap/correspondents';
import { markMailboxRead, markUnread } from '../imap/read-all';
import { UID_SET } from '../imap/uid-set';
import { accountFrom, accountParam } from './params';
import { validate } from './validate';

const readBody = z.strictObject({ mailbox: mailboxPathSchema });
/** Exactly the `undo` object "mark all read" answered with. */
const unreadBody = z.strictObject({
  mailbox: mailboxPathSchema,
  uidValidity: z.string().regex(/^\d{1,20}$/, 'not a UIDVALIDITY'),
  uids: z.string().max(900_000).refine((set) => set === '' || UID_SET.test(set), 'not a UID set ("1:5,9")'),
});
const correspondentsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Whole-mailbox actions and what the account's mail says about it (address suggestions). */
export function mailboxRoutes(manager: AccountManager) {
  const withAccount = accountFrom(manager);
  return new Hono()
    .post('/:account/mailboxes/read', validate('param', accountParam), validate('json', readBody), withAccount, async (c) => {
      const { mailbox } = c.req.valid('json');
      const { count, ...undo } = await c.var.account.mutate((client) => markMailboxRead(client, mailbox), { touched: [mailbox] });
      return c.json({ count, undo }, 200);
    })
    .post('/:account/mailboxes/unread', validate('param', accountParam), validate('json', unreadBody), withAccount, async (c) => {
      const marked = c.req.valid('json');
      return c.json(await c.var.account.mutate((client) => markUnread(client, marked), { touched: [marked.mailbox] }), 200);
    })
    .get('/:account/correspondents', validate('param', accountParam), validate('query', correspondentsQuery), withAccount, async (c) => {
      const { limit } = c.req.valid('query');
      const account = c.var.account;
      return c.json({ correspondents: await account.withClient((client) => recentCorrespondents(client, account.config.email, limit)) }, 200);
    });
}
