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
      size: decodedSize(node),
      contentId,
      inline: node.disposition?.toLowerCase() === 'inline' || (!node.disposition && contentId !== null),
    });
  }
  return attachments;
}

export function hasAttachments(root: MessageStructureObject): boolean {
  return listAttachments(root).some((attachment) => !attachment.inline);
}

/**
 * BODYSTRUCTURE gives a part's size as sent, i.e. still in its transfer encoding: a
 * base64 part is a third larger (with line breaks) than the file the user downloads,
 * so a 29-byte file was listed as 40. IMAP has no decoded size short of BINARY.SIZE,
 * which imapflow can't ask for, so base64 is undone arithmetically: line breaks out
 * (CRLF every 76 characters, the MIME maximum that mailers use), then 4 characters →
 * 3 bytes. The padding ('=') can't be seen from here, so this may be up to 2 bytes
 * over. Quoted-printable and the rest are taken as they are (near their decoded size).
 */
export function decodedSize(node: Pick<MessageStructureObject, 'size' | 'encoding'>): number {
  const size = node.size ?? 0;
  if (node.encoding?.toLowerCase() !== 'base64') return size;
  const characters = size - 2 * Math.floor(size / 78);
  return Math.floor((characters * 3) / 4);
}

function defaultName(node: MessageStructureObject): string {
  if (/^message\/rfc822$/i.test(node.type)) return 'message.eml';
  return `part-${node.part ?? '1'}`;
}
