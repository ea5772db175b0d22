import { Hono } from 'hono';
import { z } from 'zod';
import type { AccountManager } from '../accounts/manager';
import type { Logger } from '../log';
import { sendNew } from '../mail/compose';
import { sendForward } from '../mail/forward';
import { isSafeAddress } from '../../shared/recipients';
import { accountFrom, accountParam, messageParam } from './params';
import { validate } from './validate';

export interface OutgoingDeps {
  manager: AccountManager;
  log: Logger;
}

/** Anything that would end a header line or hide in one. */
const CONTROL = /[\0-\x1f\x7f]/;

/**
 * A recipient: `"bob@example.com"` or `{"name":"Bob","address":"bob@example.com"}`.
 * Refused, not cleaned, when it could break a header: the same rule replies use
 * (shared/recipients.ts), and no line breaks in a name.
 */
const recipient = z
  .union([z.string().max(320).transform((address) => ({ name: '', address })), z.strictObject({ name: z.string().max(200).default(''), address: z.string().max(320) })])
  .refine((entry) => isSafeAddress(entry.address), 'not a plain address (local@domain)')
  .refine((entry) => !CONTROL.test(entry.name), 'no line breaks or control characters in a name')
  .transform((entry) => ({ name: entry.name.trim(), address: entry.address }));
const recipients = z.array(recipient).max(100);

const text = z.string().max(200_000);
const subject = z.string().max(998).refine((value) => !CONTROL.test(value), 'no line breaks or control characters').default('');

/** base64 (RFC 4648), whitespace allowed as in MIME bodies; decoded size is checked by the use case. */
const base64 = z.string().regex(/^[A-Za-z0-9+/\s]*={0,2}\s*$/, 'not base64');

const attachment = z.strictObject({
  filename: z.string().trim().min(1).max(255).refine((value) => !CONTROL.test(value), 'no control characters'),
  contentType: z
    .string()
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i, 'not a MIME type (type/subtype)')
    .default('application/octet-stream'),
  contentBase64: base64,
});

const atLeastOne = (body: { to: unknown[]; cc: unknown[]; bcc: unknown[] }) => body.to.length + body.cc.length + body.bcc.length > 0;

export const newMessageBody = z
  .strictObject({
    to: recipients.default([]),
    cc: recipients.default([]),
    bcc: recipients.default([]),
    subject,
    text: text.default(''),
    attachments: z.array(attachment).max(50).default([]),
  })
  .refine(atLeastOne, { message: 'give at least one recipient in `to`, `cc` or `bcc`', path: ['to'] });

export const forwardBody = z
  .strictObject({ to: recipients.default([]), cc: recipients.default([]), bcc: recipients.default([]), text: text.default('') })
  .refine(atLeastOne, { message: 'give at least one recipient in `to`, `cc` or `bcc`', path: ['to'] });

/** Sending: a new message and a forward, over the same SMTP path as replies (mail/outgoing.ts). */
export function outgoingRoutes({ manager, log }: OutgoingDeps) {
  const withAccount = accountFrom(manager);
  return new Hono()
    .post('/:account/messages', validate('param', accountParam), validate('json', newMessageBody), withAccount, async (c) =>
      c.json(await sendNew(c.var.account, c.req.valid('json'), log), 200),
    )
    .post('/:account/messages/:id/forward', validate('param', messageParam), validate('json', forwardBody), withAccount, async (c) => {
      const { id: ref } = c.req.valid('param');
      return c.json(await sendForward(c.var.account, ref, c.req.valid('json'), log), 200);
    });
}
