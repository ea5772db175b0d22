/**
 * Who a reply goes to. One pure function, run by the bridge when it sends and by the
 * popup when it shows "To:" above the reply box, so the two can never disagree.
 * No imports: both the bridge (Node) and the extension (browser) bundle it.
 */

/** A mail address as the bridge reports it; `name` may be empty. */
export interface Address {
  name: string;
  address: string;
}

/** The parts of the original message that decide a reply's recipients. */
export interface ReplyOriginal {
  from: Address;
  replyTo: readonly Address[];
  to: readonly Address[];
  cc: readonly Address[];
}

export interface ReplyRecipients {
  to: Address[];
  cc: Address[];
}

/** Anything that would end a header line. */
const HEADER_BREAK = /[\r\n\0]+/g;
/** One plain `local@domain`: nothing that could break out of an address list or a header. */
const SAFE_ADDRESS = /^[^\s<>",;:\\()[\]\r\n\0]+@[^\s<>",;:\\()[\]\r\n\0]+$/;

/** A header value on one line: a hostile display name can't start a new header. */
export function cleanHeader(value: string): string {
  return value.replace(HEADER_BREAK, ' ').trim();
}

/** Whether an address is safe to put in an outgoing header as it is. */
export function isSafeAddress(address: string): boolean {
  return SAFE_ADDRESS.test(address);
}

/**
 * Reply: to Reply-To, else From. Reply-all adds the original To and Cc, never your own
 * address. Unsafe addresses are dropped, duplicates (in any case) kept once, display
 * names put on one line. Replying to your own message replies to its recipients, as
 * mail clients do.
 */
export function replyRecipients(original: ReplyOriginal, selfEmail: string, all: boolean): ReplyRecipients {
  const own = selfEmail.toLowerCase();
  const notSelf = (address: Address) => address.address.toLowerCase() !== own;
  const seen = new Set<string>();
  const unique = (list: readonly Address[]) => {
    const kept: Address[] = [];
    for (const address of list) {
      const key = address.address.toLowerCase();
      if (!isSafeAddress(address.address) || seen.has(key)) continue;
      seen.add(key);
      kept.push({ name: cleanHeader(address.name), address: address.address });
    }
    return kept;
  };

  const author = original.replyTo.length > 0 ? original.replyTo : [original.from];
  let to = unique(author);
  let cc: Address[] = [];
  if (all) {
    to = [...to, ...unique(original.to.filter(notSelf))];
    cc = unique(original.cc.filter(notSelf));
  }
  if (to.length > 0 && to.every((address) => !notSelf(address)) && original.to.some(notSelf)) {
    seen.clear();
    to = unique(original.to.filter(notSelf));
    cc = unique(cc);
  }
  return { to, cc };
}
