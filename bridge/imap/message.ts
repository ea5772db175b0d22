import type { ImapFlow } from 'imapflow';
import PostalMime from 'postal-mime';
import type { MessageRef } from './message-id';
import { withMessage } from './locate';
import { type AttachmentInfo, listAttachments } from './structure';
import { type Address, SUMMARY_QUERY, type Summary, toAddresses, toSummary } from './summary';
import { htmlToText, toSnippet } from './text';

/** Bodies above this are parsed from their first bytes only, so one huge mail can't exhaust memory. */
export const MAX_PARSE_BYTES = 16 * 1024 * 1024;

export interface MessageDetail extends Summary {
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** True when the message was larger than the bridge parses and the body is cut short. */
  truncated: boolean;
}

/** The whole message for the reader; BODY.PEEK only, so reading never marks it seen. */
export async function getMessage(client: ImapFlow, ref: MessageRef): Promise<MessageDetail> {
  return (await readMessage(client, ref)).detail;
}

/** An attachment's decoded bytes, as parsed from the message (for a forward). */
export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  content: Buffer;
}

/** The message and its attachments' bytes, from one fetch (a forward sends both on). */
export async function getMessageWithAttachments(client: ImapFlow, ref: MessageRef): Promise<{ detail: MessageDetail; attachments: ParsedAttachment[] }> {
  const { detail, parsed } = await readMessage(client, ref);
  const attachments = (parsed?.attachments ?? []).map((attachment) => ({
    filename: attachment.filename ?? null,
    contentType: attachment.mimeType || 'application/octet-stream',
    content: toBuffer(attachment.content),
  }));
  return { detail, attachments };
}

function toBuffer(content: ArrayBuffer | Uint8Array | string): Buffer {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return content instanceof Uint8Array ? Buffer.from(content.buffer, content.byteOffset, content.byteLength) : Buffer.from(content);
}

async function readMessage(client: ImapFlow, ref: MessageRef) {
  return withMessage(client, ref, { ...SUMMARY_QUERY, size: true, source: { maxLength: MAX_PARSE_BYTES } }, async (message) => {
    const source = message.source ?? Buffer.alloc(0);
    const parsed = await parse(source);
    const html = parsed?.html?.trim() ? parsed.html : null;
    let text = parsed?.text?.trim() ? parsed.text : null;
    // Unparseable, or parsed with nothing found to show (e.g. a multipart without a
    // boundary): the raw body beats an empty reader. Only-attachments mail keeps no text.
    if (!text && !html && !parsed?.attachments.length) text = rawBody(source);
    const snippet = toSnippet(text ?? (html ? htmlToText(html) : ''));
    const envelope = message.envelope;
    const detail: MessageDetail = {
      ...toSummary(message, ref.mailbox, ref.uidValidity, snippet, client.mailbox ? client.mailbox.delimiter : undefined),
      to: toAddresses(envelope?.to),
      cc: toAddresses(envelope?.cc),
      replyTo: toAddresses(envelope?.replyTo),
      messageId: envelope?.messageId ?? null,
      inReplyTo: envelope?.inReplyTo ?? null,
      references: (parsed?.references ?? '').match(/<[^<>\s]+>/g) ?? [],
      text,
      html,
      attachments: message.bodyStructure ? listAttachments(message.bodyStructure) : [],
      truncated: (message.size ?? 0) > MAX_PARSE_BYTES,
    };
    return { detail, parsed };
  });
}

/** When MIME parsing fails, the raw text after the header block is better than nothing. */
function rawBody(source: Buffer): string | null {
  const text = source.subarray(0, 256 * 1024).toString('utf8');
  const start = text.search(/\r?\n\r?\n/);
  const body = start >= 0 ? text.slice(start).trim() : '';
  return body || null;
}

/** A message postal-mime can't make sense of still opens (see rawBody): null when it throws. */
async function parse(source: Buffer) {
  try {
    return await PostalMime.parse(source, { maxNestingDepth: 64 });
  } catch {
    return null;
  }
}
