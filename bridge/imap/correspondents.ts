import type { ImapFlow, MessageAddressObject } from 'imapflow';
import { cleanHeader, isSafeAddress, type Address } from '../../shared/recipients';
import { isApiError } from '../errors';
import { lockMailbox } from './locate';
import { resolveMailbox } from './mailboxes';

/** How many of the newest messages of \Sent and of INBOX are read for suggestions. */
export const CORRESPONDENT_WINDOW = 200;

interface Tally {
  address: Address;
  /** Messages of the account's that went to this address. */
  sent: number;
  /** Messages this address sent the account. */
  received: number;
  latest: number;
}

/**
 * People the account recently wrote to (the recipients of its newest \Sent mail) and
 * heard from (the senders of its newest INBOX mail), for address suggestions while
 * composing. Envelopes only, of a sequence range by numbers. Anyone the account wrote
 * to comes before anyone it only heard from (a busy newsletter must not push a colleague
 * out); within each, the more often first, then the more recent. Never the account
 * itself, never an address that could not go into a header as it is.
 */
export async function recentCorrespondents(client: ImapFlow, selfEmail: string, limit: number): Promise<Address[]> {
  const tallies = new Map<string, Tally>();
  const own = selfEmail.toLowerCase();
  const count = (list: MessageAddressObject[] | undefined, kind: 'sent' | 'received', when: number) => {
    for (const entry of list ?? []) {
      const address = entry.address ?? '';
      const key = address.toLowerCase();
      if (!isSafeAddress(address) || key === own) continue;
      const tally = tallies.get(key) ?? { address: { name: '', address }, sent: 0, received: 0, latest: 0 };
      tally[kind]++;
      if (when >= tally.latest) {
        tally.latest = when;
        if (entry.name) tally.address = { name: cleanHeader(entry.name), address };
      } else if (!tally.address.name && entry.name) tally.address = { name: cleanHeader(entry.name), address };
      tallies.set(key, tally);
    }
  };

  let sent: string | null = null;
  try {
    sent = await resolveMailbox(client, '\\Sent');
  } catch (err) {
    if (!isApiError(err) || err.code !== 'not_found') throw err;
  }
  if (sent) {
    for (const envelope of await newestEnvelopes(client, sent)) {
      count([...(envelope.to ?? []), ...(envelope.cc ?? []), ...(envelope.bcc ?? [])], 'sent', envelope.when);
    }
  }
  for (const envelope of await newestEnvelopes(client, 'INBOX')) count(envelope.replyTo?.length ? envelope.replyTo : envelope.from, 'received', envelope.when);

  return [...tallies.values()]
    .sort((a, b) => b.sent - a.sent || b.received - a.received || b.latest - a.latest)
    .slice(0, limit)
    .map((tally) => tally.address);
}

interface Envelope {
  from?: MessageAddressObject[];
  replyTo?: MessageAddressObject[];
  to?: MessageAddressObject[];
  cc?: MessageAddressObject[];
  bcc?: MessageAddressObject[];
  when: number;
}

async function newestEnvelopes(client: ImapFlow, path: string): Promise<Envelope[]> {
  const lock = await lockMailbox(client, path);
  try {
    const exists = client.mailbox ? client.mailbox.exists : 0;
    if (exists === 0) return [];
    const first = Math.max(1, exists - CORRESPONDENT_WINDOW + 1);
    const rows = await client.fetchAll(`${first}:${exists}`, { uid: true, envelope: true });
    return rows
      .filter((row) => row.envelope && row.seq >= first && row.seq <= exists)
      .map((row) => {
        const envelope = row.envelope!;
        const when = envelope.date ? new Date(envelope.date).getTime() : 0;
        return {
          ...(envelope.from && { from: envelope.from }),
          ...(envelope.replyTo && { replyTo: envelope.replyTo }),
          ...(envelope.to && { to: envelope.to }),
          ...(envelope.cc && { cc: envelope.cc }),
          ...(envelope.bcc && { bcc: envelope.bcc }),
          when: Number.isNaN(when) ? 0 : when,
        };
      });
  } finally {
    lock.release();
  }
}
