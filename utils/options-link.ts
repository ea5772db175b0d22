/**
 * The options page's address for one account, `options.html#account=ID`: the popup's
 * "Fix sign-in" opens it, and the page opens that account's editor, ready for a new
 * password or sign-in. Shared by both, so the two can't disagree on the format.
 */
const PREFIX = '#account=';

/** The path (for `runtime.getURL`) of the options page at `account`. */
export function optionsPathFor(account: string): `/options.html${string}` {
  return `/options.html${PREFIX}${encodeURIComponent(account)}`;
}

/** The account id in `#account=ID`, or null. */
export function accountFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(PREFIX.length)) || null;
  } catch {
    return null; // a malformed % escape typed by hand
  }
}
