import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import { encodeMessageId } from './message-id';
import { hasAttachments } from './structure';
import type { Address } from '../../shared/recipients';

export type { Address } from '../../shared/recipients';

export interface Summary {
  id: string;
  mailbox: string;
  uid: number;
  subject: string;
  from: Address;
  date: string;
  snippet: string;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
}

/** The fetch items a Summary is built from (besides the snippet). */
export const SUMMARY_QUERY = { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true } as const;

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

export function toSummary(message: FetchMessageObject, mailbox: string, uidValidity: string, snippet: string): Summary {
  const flags = message.flags ?? new Set<string>();
  return {
    id: encodeMessageId({ mailbox, uidValidity, uid: message.uid }),
    mailbox,
    uid: message.uid,
    subject: message.envelope?.subject ?? '',
    from: toAddress(message.envelope?.from?.[0] ?? message.envelope?.sender?.[0]),
    date: messageDate(message),
    snippet,
    seen: flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    answered: flags.has('\\Answered'),
    hasAttachments: message.bodyStructure ? hasAttachments(message.bodyStructure) : false,
  };
}
