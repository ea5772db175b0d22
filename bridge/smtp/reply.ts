import { cleanHeader, replyRecipients } from '../../shared/recipients';
import type { MessageDetail } from '../imap/message';
import type { OutgoingMessage } from './compose';

export interface ReplyInput {
  original: MessageDetail;
  /** The account replying: its own address is never a recipient of reply-all; `name` may be empty (no display name). */
  self: { name: string; email: string };
  text: string;
  all: boolean;
}

/** A reply to `original`: its recipients, `Re:` subject, threading headers and the quoted original. */
export function buildReply({ original, self, text, all }: ReplyInput): OutgoingMessage {
  const { to, cc } = replyRecipients(original, self.email, all);
  const messageId = cleanMessageId(original.messageId);
  const references = [...original.references.map(cleanMessageId), messageId].filter(
    (id, index, list): id is string => id !== null && list.indexOf(id) === index,
  );
  return {
    from: { name: cleanHeader(self.name), address: self.email },
    to,
    cc,
    bcc: [],
    subject: replySubject(original.subject),
    inReplyTo: messageId,
    references: references.slice(-20),
    text: `${text.replace(/\r\n?/g, '\n').trimEnd()}\n\n${quote(original)}`,
    attachments: [],
  };
}

/** `Re: ` exactly once, whatever the original's prefix looked like. */
export function replySubject(subject: string): string {
  const base = cleanHeader(subject).replace(/^\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:\s*/i, '');
  return `Re: ${base}`.trimEnd();
}

function quote(original: MessageDetail): string {
  const who = original.from.name ? `${cleanHeader(original.from.name)} <${original.from.address}>` : original.from.address;
  const when = new Date(original.date).toUTCString();
  const body = (original.text ?? '').replace(/\r\n?/g, '\n').trimEnd();
  const quoted = body ? body.split('\n').map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`)).join('\n') : '>';
  return `On ${when}, ${who} wrote:\n${quoted}\n`;
}

function cleanMessageId(id: string | null): string | null {
  if (!id) return null;
  const match = /^<?([^<>\s]+)>?$/.exec(id.trim());
  return match ? `<${match[1]}>` : null;
}
