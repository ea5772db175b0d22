/**
 * Whom to suggest in address fields: the bridge's recent correspondents of the
 * account (people written to first), then the senders in the list. Asked once per
 * account and popup: compose and forward share it.
 */
import type { Address } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';

const asked = new Map<string, Promise<Address[]>>();

export function correspondents(api: MailApi, account: string): Promise<Address[]> {
  let found = asked.get(account);
  if (!found) {
    // No suggestions is no reason to stop writing: a failure answers none (and is asked again next time).
    found = api.correspondents(account).catch(() => {
      asked.delete(account);
      return [];
    });
    asked.set(account, found);
  }
  return found;
}

/** The correspondents, then the other senders seen, each address once. */
export function mergePeople(first: readonly Address[], more: readonly Address[]): Address[] {
  const seen = new Set<string>();
  return [...first, ...more].filter((p) => {
    const key = p.address.toLowerCase();
    if (!p.address || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
