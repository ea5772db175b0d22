import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import { encodeMessageId } from './message-id';
import { hasAttachments } from './structure';
import type { Address } from '../../shared/recipients';

export type { Address } from '../../shared/recipients';

export interface Summary {
  id: string;
  mailbox: string;
  /** The mailbox's own name (its path's last part, "Work" for "Lists/Work"), for rows from several mailboxes. */
  mailboxName: string;
  uid: number;
  subject: string;
  from: Address;
  date: string;
  snippet: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  /** RFC822.SIZE: the message's size in bytes on the server. */
  size: number;
}

/** The fetch items a Summary is built from (besides the snippet). */
export const SUMMARY_QUERY = { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true, size: true } as const;

export function toAddress(address: MessageAddressObject | undefined): Address {
  return { name: address?.name ?? '', address: address?.address ?? '' };
}

export function toAddresses(addresses: MessageAddressObject[] | undefined): Address[] {
  return (addresses ?? []).map(toAddress);
}

/** Header date when it parses, else the server's arrival time, as ISO 8601. */
export function messageDate(message: FetchMessageObject): string {
  for (const candidate of [message.envelope?.date, message.internalDate]) {
    if (!candidate) continue;
    const date = new Date(candidate);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return new Date(0).toISOString();
}

/**
 * What a person calls a mailbox: the last part of its path ("Lists/Work" → "Work"), with
 * the server's hierarchy delimiter; INBOX is "INBOX" however the server spells it.
 */
export function mailboxNameOf(path: string, delimiter: string | undefined): string {
  if (path.toUpperCase() === 'INBOX') return 'INBOX';
  if (!delimiter) return path;
  const parts = path.split(delimiter).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

export function toSummary(message: FetchMessageObject, mailbox: string, uidValidity: string, snippet: string, delimiter?: string): Summary {
  const flags = message.flags ?? new Set<string>();
  return {
    id: encodeMessageId({ mailbox, uidValidity, uid: message.uid }),
    mailbox,
    mailboxName: mailboxNameOf(mailbox, delimiter),
    uid: message.uid,
    subject: message.envelope?.subject ?? '',
    from: toAddress(message.envelope?.from?.[0] ?? message.envelope?.sender?.[0]),
    date: messageDate(message),
    snippet,
    seen: flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    answered: flags.has('\\Answered'),
    hasAttachments: message.bodyStructure ? hasAttachments(message.bodyStructure) : false,
    size: message.size ?? 0,
  };
}
