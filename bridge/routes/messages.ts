import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AccountManager } from '../accounts/manager';
import { mailboxPathSchema } from '../config/schema';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { expungeMessage, moveMessage, openAttachment, setFlags } from '../imap/actions';
import { listMessages } from '../imap/listing';
import { getMessage } from '../imap/message';
import { fetchRemoteImage, occursInMessage } from '../remote/images';
import { listAcross } from '../mail/across';
import { sendReply } from '../mail/reply';
import { accountFrom, accountParam, attachmentParam, messageParam } from './params';
import { validate } from './validate';

export interface MessageDeps {
  manager: AccountManager;
  log: Logger;
  allowPrivateRemoteImages: () => boolean;
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

/**
 * One mailbox (INBOX when none is named), or with `watched=1` the watched mailboxes
 * merged newest first; `q` searches on the server, across the watched mailboxes when
 * no mailbox is named.
 */
const listQuery = z
  .strictObject({
    mailbox: mailboxPathSchema.optional(),
    watched: flag.default(false),
    q: z.string().trim().min(1).max(200).refine((value) => !/[\0-\x1f\x7f]/.test(value), 'no control characters').optional(),
    unseen: flag.default(false),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    before: z.string().max(4000).optional(),
  })
  .refine((query) => !(query.watched && query.mailbox !== undefined), { message: 'give `mailbox` or `watched=1`, not both', path: ['watched'] });
const flagsBody = z
  .strictObject({ seen: z.boolean().optional(), flagged: z.boolean().optional() })
  .refine((body) => body.seen !== undefined || body.flagged !== undefined, 'give `seen` or `flagged`');
const moveBody = z.strictObject({ to: mailboxPathSchema });
const deleteQuery = z.strictObject({ permanent: flag.default(false) });
const remoteQuery = z.strictObject({ url: z.string().min(1).max(4096) });
const replyBody = z.strictObject({ text: z.string().max(200_000), all: z.boolean().default(false) });

export function messageRoutes({ manager, log, allowPrivateRemoteImages }: MessageDeps) {
  const withAccount = accountFrom(manager);
  return new Hono()
    .get('/:account/messages', validate('param', accountParam), validate('query', listQuery), withAccount, async (c) => {
      const { mailbox, watched, ...query } = c.req.valid('query');
      const account = c.var.account;
      if (mailbox === undefined && (watched || query.q !== undefined)) return c.json(await listAcross(account, account.config.watch, query), 200);
      return c.json(await account.withClient((client) => listMessages(client, { ...query, mailbox: mailbox ?? 'INBOX' })), 200);
    })
    .get('/:account/messages/:id', validate('param', messageParam), withAccount, async (c) => {
      const { id: ref } = c.req.valid('param');
      return c.json(await c.var.account.withClient((client) => getMessage(client, ref)), 200);
    })
    .get('/:account/messages/:id/attachments/:attachment', validate('param', attachmentParam), withAccount, async (c) => {
      const { id: ref, attachment } = c.req.valid('param');
      const opened = await c.var.account.withClient((client) => openAttachment(client, ref, attachment));
      try {
        return new Response(Readable.toWeb(opened.content) as ReadableStream, {
          headers: {
            'content-type': headerContentType(opened.contentType),
            'content-disposition': contentDisposition(opened.filename),
            'x-content-type-options': 'nosniff',
            'content-security-policy': "default-src 'none'; sandbox",
          },
        });
      } catch (err) {
        // Closing the stream removes its temp file: never leave it behind.
        opened.content.destroy();
        throw err;
      }
    })
    .patch('/:account/messages/:id', validate('param', messageParam), validate('json', flagsBody), withAccount, async (c) => {
      const { id: ref } = c.req.valid('param');
      const changes = c.req.valid('json');
      await c.var.account.mutate((client) => setFlags(client, ref, changes), { touched: [ref.mailbox] });
      return c.json({ id: c.req.param('id') }, 200);
    })
    .post('/:account/messages/:id/move', validate('param', messageParam), validate('json', moveBody), withAccount, async (c) => {
      const { id: ref } = c.req.valid('param');
      const { to } = c.req.valid('json');
      const moved = await c.var.account.mutate((client) => moveMessage(client, ref, to), {
        touched: (result) => [ref.mailbox, result.mailbox],
      });
      return c.json({ id: moved.id }, 200);
    })
    .delete('/:account/messages/:id', validate('param', messageParam), validate('query', deleteQuery), withAccount, async (c) => {
      const { id: ref } = c.req.valid('param');
      if (c.req.valid('query').permanent) {
        await c.var.account.mutate((client) => expungeMessage(client, ref), { touched: [ref.mailbox] });
        return c.json({ id: null }, 200);
      }
      const moved = await c.var.account.mutate((client) => moveMessage(client, ref, '\\Trash'), {
        touched: (result) => [ref.mailbox, result.mailbox],
      });
      return c.json({ id: moved.id }, 200);
    })
    .get('/:account/messages/:id/remote', validate('param', messageParam), validate('query', remoteQuery), withAccount, async (c) => {
      const { id: ref } = c.req.valid('param');
      const { url } = c.req.valid('query');
      const message = await c.var.account.withClient((client) => getMessage(client, ref));
      if (!occursInMessage(url, message.html)) throw new ApiError('forbidden', 'That URL does not occur in this message');
      const image = await fetchRemoteImage(url, { allowPrivate: allowPrivateRemoteImages() });
      return new Response(new Uint8Array(image.body), {
        headers: {
          'content-type': image.contentType,
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, max-age=3600',
        },
      });
    })
    .post('/:account/messages/:id/reply', validate('param', messageParam), validate('json', replyBody), withAccount, async (c) => {
      const { id: ref } = c.req.valid('param');
      return c.json(await sendReply(c.var.account, ref, c.req.valid('json'), log), 200);
    });
}

/**
 * The part's MIME type if it is a plain `type/subtype`, else octet-stream: a hostile
 * type (8-bit bytes, spaces, a bare "/") must not make the response header invalid.
 */
function headerContentType(type: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(type) ? type : 'application/octet-stream';
}

/** RFC 6266 with an ASCII fallback, so no filename can inject a header. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // A decoded name can hold a lone surrogate (e.g. cut UTF-16), which encodeURIComponent throws on.
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename.toWellFormed())}`;
}
