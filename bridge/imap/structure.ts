import type { MessageStructureObject } from 'imapflow';

export interface TextPart {
  /** IMAP section for BODY.PEEK[…]; a single-part message's body is part 1. */
  part: string;
  subtype: 'plain' | 'html';
  encoding: string;
  charset: string;
}

export interface AttachmentInfo {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
}

function* walk(node: MessageStructureObject): Generator<MessageStructureObject> {
  yield node;
  for (const child of node.childNodes ?? []) yield* walk(child);
}

function isAttachmentDisposition(node: MessageStructureObject): boolean {
  return node.disposition?.toLowerCase() === 'attachment';
}

/** The first text/plain body part, else the first text/html, that is not an attachment. */
export function findTextPart(root: MessageStructureObject): TextPart | null {
  const candidates = [...walk(root)].filter(
    (node) => !node.childNodes?.length && !isAttachmentDisposition(node) && /^text\/(plain|html)$/i.test(node.type),
  );
  const chosen = candidates.find((node) => /plain$/i.test(node.type)) ?? candidates[0];
  if (!chosen) return null;
  return {
    part: chosen.part ?? '1',
    subtype: /plain$/i.test(chosen.type) ? 'plain' : 'html',
    encoding: (chosen.encoding ?? '7bit').toLowerCase(),
    charset: chosen.parameters?.charset ?? 'utf-8',
  };
}

/**
 * Attachments from BODYSTRUCTURE, keyed by IMAP part number so the bytes can be
 * streamed later with one BODY.PEEK of that part. Inline images with a Content-ID
 * are included (the reader shows `cid:` images from them).
 */
export function listAttachments(root: MessageStructureObject): AttachmentInfo[] {
  const bodyText = new Set<MessageStructureObject>();
  for (const node of walk(root)) {
    if (!node.childNodes?.length && /^text\/(plain|html)$/i.test(node.type) && !isAttachmentDisposition(node) && !node.dispositionParameters?.filename && !node.parameters?.name) {
      bodyText.add(node);
    }
  }
  const attachments: AttachmentInfo[] = [];
  for (const node of walk(root)) {
    if (node.childNodes?.length && !/^message\/rfc822$/i.test(node.type)) continue;
    if (node === root && !node.part && !isAttachmentDisposition(node)) continue;
    if (bodyText.has(node) || /^multipart\//i.test(node.type)) continue;
    const contentId = node.id ? node.id.replace(/^<|>$/g, '') : null;
    attachments.push({
      id: node.part ?? '1',
      filename: node.dispositionParameters?.filename ?? node.parameters?.name ?? defaultName(node),
      contentType: node.type.toLowerCase(),
      size: node.size ?? 0,
      contentId,
      inline: node.disposition?.toLowerCase() === 'inline' || (!node.disposition && contentId !== null),
    });
  }
  return attachments;
}

export function hasAttachments(root: MessageStructureObject): boolean {
  return listAttachments(root).some((attachment) => !attachment.inline);
}

function defaultName(node: MessageStructureObject): string {
  if (/^message\/rfc822$/i.test(node.type)) return 'message.eml';
  return `part-${node.part ?? '1'}`;
}
