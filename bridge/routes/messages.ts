import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AccountManager } from '../accounts/manager';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { expungeMessage, moveMessage, openAttachment, setFlags } from '../imap/actions';
import { listMessages } from '../imap/listing';
import { parseMessageId } from '../imap/locate';
import { getMessage } from '../imap/message';
import { fetchRemoteImage, occursInMessage } from '../remote/images';
import { sendReply } from '../smtp/send-reply';
import { validate } from './validate';

export interface MessageDeps {
  manager: AccountManager;
  log: Logger;
  allowPrivateRemoteImages: () => boolean;
}

const mailboxName = z.string().min(1).max(1000).refine((path) => !/[\0\r\n]/.test(path), 'no control characters');
const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');

const listQuery = z.strictObject({
  mailbox: mailboxName.default('INBOX'),
  unseen: flag.default(false),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().max(200).optional(),
});
const messageParam = z.strictObject({ account: z.string().max(64), id: z.string().max(2000) });
const attachmentParam = messageParam.extend({ attachment: z.string().regex(/^\d+(\.\d+)*$/, 'not an attachment id') });
const flagsBody = z
  .strictObject({ seen: z.boolean().optional(), flagged: z.boolean().optional() })
  .refine((body) => body.seen !== undefined || body.flagged !== undefined, 'give `seen` or `flagged`');
const moveBody = z.strictObject({ to: mailboxName });
const deleteQuery = z.strictObject({ permanent: flag.default(false) });
const remoteQuery = z.strictObject({ url: z.string().min(1).max(4096) });
const replyBody = z.strictObject({ text: z.string().max(200_000), all: z.boolean().default(false) });

export function messageRoutes({ manager, log, allowPrivateRemoteImages }: MessageDeps) {
  return new Hono()
    .get('/:account/messages', validate('param', z.strictObject({ account: z.string().max(64) })), validate('query', listQuery), async (c) => {
      const account = manager.get(c.req.valid('param').account);
      const query = c.req.valid('query');
      return c.json(await account.withClient((client) => listMessages(client, query)), 200);
    })
    .get('/:account/messages/:id', validate('param', messageParam), async (c) => {
      const { account, id } = c.req.valid('param');
      const ref = parseMessageId(id);
      return c.json(await manager.get(account).withClient((client) => getMessage(client, ref)), 200);
    })
    .get('/:account/messages/:id/attachments/:attachment', validate('param', attachmentParam), async (c) => {
      const { account, id, attachment } = c.req.valid('param');
      const ref = parseMessageId(id);
      const opened = await manager.get(account).withClient((client) => openAttachment(client, ref, attachment));
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
    .patch('/:account/messages/:id', validate('param', messageParam), validate('json', flagsBody), async (c) => {
      const { account: accountId, id } = c.req.valid('param');
      const ref = parseMessageId(id);
      const account = manager.get(accountId);
      await account.withClient((client) => setFlags(client, ref, c.req.valid('json')));
      account.recountAfterChange([ref.mailbox]);
      return c.json({ id }, 200);
    })
    .post('/:account/messages/:id/move', validate('param', messageParam), validate('json', moveBody), async (c) => {
      const { account: accountId, id } = c.req.valid('param');
      const ref = parseMessageId(id);
      const account = manager.get(accountId);
      const moved = await account.withClient((client) => moveMessage(client, ref, c.req.valid('json').to));
      account.recountAfterChange([ref.mailbox, moved.mailbox]);
      return c.json({ id: moved.id }, 200);
    })
    .delete('/:account/messages/:id', validate('param', messageParam), validate('query', deleteQuery), async (c) => {
      const { account: accountId, id } = c.req.valid('param');
      const ref = parseMessageId(id);
      const account = manager.get(accountId);
      if (c.req.valid('query').permanent) {
        await account.withClient((client) => expungeMessage(client, ref));
        account.recountAfterChange([ref.mailbox]);
        return c.json({ id: null }, 200);
      }
      const moved = await account.withClient((client) => moveMessage(client, ref, '\\Trash'));
      account.recountAfterChange([ref.mailbox, moved.mailbox]);
      return c.json({ id: moved.id }, 200);
    })
    .get('/:account/messages/:id/remote', validate('param', messageParam), validate('query', remoteQuery), async (c) => {
      const { account, id } = c.req.valid('param');
      const { url } = c.req.valid('query');
      const ref = parseMessageId(id);
      const message = await manager.get(account).withClient((client) => getMessage(client, ref));
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
    .post('/:account/messages/:id/reply', validate('param', messageParam), validate('json', replyBody), async (c) => {
      const { account: accountId, id } = c.req.valid('param');
      const ref = parseMessageId(id);
      const account = manager.get(accountId);
      const result = await sendReply(account, ref, c.req.valid('json'), log);
      account.recountAfterChange();
      return c.json(result, 200);
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
