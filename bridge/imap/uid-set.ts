/**
 * UID sets as IMAP writes them ("1:5,9,12:14"), always with numbers: never `*`, which
 * some servers get wrong (see listing.ts). Long sets are cut into pieces, because a
 * server caps a command line (Dovecot: 64 KB by default) and a set of scattered UIDs
 * from a big mailbox is longer than that.
 */

/** The ascending UIDs as a compact set; "" for none. */
export function toUidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const pieces: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    pieces.push(i === j ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return pieces.join(',');
}

/** A UID set as an API client may send it: numbers and ranges, comma-separated, no `*`. */
export const UID_SET = /^(\d{1,10}(:\d{1,10})?)(,\d{1,10}(:\d{1,10})?)*$/;

/** How many UIDs a set names (ranges counted in full). */
export function uidSetSize(set: string): number {
  if (!set) return 0;
  let total = 0;
  for (const piece of set.split(',')) {
    const [start, end = start] = piece.split(':').map(Number) as [number, number?];
    total += Math.abs(end - start) + 1;
  }
  return total;
}

/** The set cut at commas into pieces of at most `maxChars` characters each. */
export function chunkUidSet(set: string, maxChars = 8000): string[] {
  if (!set) return [];
  const chunks: string[] = [];
  let current = '';
  for (const piece of set.split(',')) {
    if (current && current.length + 1 + piece.length > maxChars) {
      chunks.push(current);
      current = piece;
    } else current = current ? `${current},${piece}` : piece;
  }
  if (current) chunks.push(current);
  return chunks;
}
