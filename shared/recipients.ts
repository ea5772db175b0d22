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
 * mail clients do; a message with no one else on it is answered to yourself.
 */
export function replyRecipients(original: ReplyOriginal, selfEmail: string, all: boolean): ReplyRecipients {
  const own = selfEmail.toLowerCase();
  const isSelf = (address: Address) => address.address.toLowerCase() === own;
  const others = (list: readonly Address[]) => list.filter((address) => !isSelf(address));
  const author = safe(original.replyTo.length > 0 ? original.replyTo : [original.from]);
  const to = safe(original.to);
  // Decided on the author alone, before To is merged in: reply-all to your own message
  // must not put you back among its recipients.
  const ownMessage = author.length > 0 && author.every(isSelf) && others(to).length > 0;

  const seen = new Set<string>();
  const once = (list: readonly Address[]) =>
    list.filter((address) => {
      const key = address.address.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const first = once(ownMessage ? others(to) : author);
  if (!all) return { to: first, cc: [] };
  return { to: [...first, ...once(others(to))], cc: once(others(safe(original.cc))) };
}

/** The addresses that may go into a header, with their names on one line. */
function safe(list: readonly Address[]): Address[] {
  return list.filter((address) => isSafeAddress(address.address)).map((address) => ({ name: cleanHeader(address.name), address: address.address }));
}
