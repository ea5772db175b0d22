import { cleanHeader, type Address } from '../../shared/recipients';
import type { MessageDetail } from '../imap/message';
import { htmlToText } from '../imap/text';
import type { OutgoingAttachment, OutgoingMessage } from './compose';

export interface ForwardInput {
  original: MessageDetail;
  /** The original's attachments, decoded: they go along. */
  attachments: OutgoingAttachment[];
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  text: string;
}

/**
 * A forward of `original`: `Fwd:` once, the note, then the original under a header block
 * (From, Date, Subject, To, Cc) as Gmail and Thunderbird write it inline, and the
 * original's attachments. Not threaded: a forward starts a conversation with others.
 */
export function buildForward({ original, attachments, from, to, cc, bcc, text }: ForwardInput): OutgoingMessage {
  const note = text.replace(/\r\n?/g, '\n').trimEnd();
  return {
    from,
    to,
    cc,
    bcc,
    subject: forwardSubject(original.subject),
    inReplyTo: null,
    references: [],
    text: `${note ? `${note}\n\n` : ''}${forwardedBlock(original)}`,
    attachments,
  };
}

/** `Fwd: ` exactly once: an original that was itself forwarded (Fwd:, Fw:, WG:, Doorst:) keeps one prefix. */
export function forwardSubject(subject: string): string {
  const base = cleanHeader(subject).replace(/^\s*(fwd?|wg|doorst|tr|vs|rv)\s*(\[\d+\])?\s*:\s*/i, '');
  return `Fwd: ${base}`.trimEnd();
}

function forwardedBlock(original: MessageDetail): string {
  const lines = ['---------- Forwarded message ---------', `From: ${person(original.from)}`, `Date: ${new Date(original.date).toUTCString()}`, `Subject: ${cleanHeader(original.subject)}`];
  if (original.to.length) lines.push(`To: ${original.to.map(person).join(', ')}`);
  if (original.cc.length) lines.push(`Cc: ${original.cc.map(person).join(', ')}`);
  return `${lines.join('\n')}\n\n${bodyText(original)}\n`;
}

function person(address: Address): string {
  return address.name ? `${cleanHeader(address.name)} <${address.address}>` : address.address;
}

/** The original's text; an HTML-only original as text, with its line and paragraph breaks kept. */
function bodyText(original: MessageDetail): string {
  if (original.text) return original.text.replace(/\r\n?/g, '\n').trimEnd();
  if (!original.html) return '';
  const broken = original.html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n');
  return htmlToText(broken)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
