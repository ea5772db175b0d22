import type { Address } from '../imap/summary';
import type { MessageDetail } from '../imap/message';

export interface ReplyInput {
  original: MessageDetail;
  /** The account replying: its own address is never a recipient of reply-all. */
  self: { name: string; email: string };
  text: string;
  all: boolean;
}

/**
 * Everything an outgoing reply is made of, built only from these fields: nothing a
 * client sends reaches nodemailer as an object, so no header, attachment, file or URL
 * can be smuggled in.
 */
export interface ReplyMessage {
  from: Address;
  to: Address[];
  cc: Address[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  text: string;
}

/** Anything that would end a header line, and the characters that would break an address list. */
const HEADER_BREAK = /[\r\n\0]+/g;
const SAFE_ADDRESS = /^[^\s<>",;:\\()[\]\r\n\0]+@[^\s<>",;:\\()[\]\r\n\0]+$/;

export function buildReply({ original, self, text, all }: ReplyInput): ReplyMessage {
  const own = self.email.toLowerCase();
  const author = original.replyTo.length > 0 ? original.replyTo : [original.from];
  const seen = new Set<string>();
  const keep = (address: Address) => {
    const key = address.address.toLowerCase();
    if (!SAFE_ADDRESS.test(address.address) || seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const notSelf = (address: Address) => address.address.toLowerCase() !== own;

  let to = author.filter(keep).map(cleanAddress);
  let cc: Address[] = [];
  if (all) {
    to = [...to, ...original.to.filter(notSelf).filter(keep).map(cleanAddress)];
    cc = original.cc.filter(notSelf).filter(keep).map(cleanAddress);
  }
  // Replying to your own message replies to its recipients, like mail clients do.
  if (to.length > 0 && to.every((address) => !notSelf(address)) && original.to.some(notSelf)) {
    to = original.to.filter(notSelf).filter((address) => SAFE_ADDRESS.test(address.address)).map(cleanAddress);
  }

  const messageId = cleanMessageId(original.messageId);
  const references = [...original.references.map(cleanMessageId), messageId].filter(
    (id, index, list): id is string => id !== null && list.indexOf(id) === index,
  );
  return {
    from: { name: cleanHeader(self.name), address: self.email },
    to,
    cc,
    subject: replySubject(original.subject),
    inReplyTo: messageId,
    references: references.slice(-20),
    text: `${text.replace(/\r\n?/g, '\n').trimEnd()}\n\n${quote(original)}`,
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

function cleanHeader(value: string): string {
  return value.replace(HEADER_BREAK, ' ').trim();
}

function cleanAddress(address: Address): Address {
  return { name: cleanHeader(address.name), address: address.address };
}

function cleanMessageId(id: string | null): string | null {
  if (!id) return null;
  const match = /^<?([^<>\s]+)>?$/.exec(id.trim());
  return match ? `<${match[1]}>` : null;
}
