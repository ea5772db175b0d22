/**
 * Address fields as people type them: "Ann <ann@example.com>, bob@example.com".
 * Parsing for sending, the word being typed for suggestions, and the suggestions
 * themselves. Whether an address may go into a header is the bridge's rule
 * (shared/recipients.ts), checked here too so the user hears it before sending.
 */
import type { Address } from '@/bridge/api-types';
import { isSafeAddress } from '@/shared/recipients';

export interface ParsedAddresses {
  addresses: Address[];
  /** What isn't an address, as typed. */
  invalid: string[];
}

/** "Ann <ann@x>, bob@y;" → both addresses; anything else is reported, never guessed at. */
export function parseAddresses(text: string): ParsedAddresses {
  const addresses: Address[] = [];
  const invalid: string[] = [];
  for (const part of splitList(text)) {
    const entry = part.trim();
    if (!entry) continue;
    const angle = /^(.*?)\s*<([^<>]*)>$/.exec(entry);
    const name = angle ? angle[1]!.trim().replace(/^"(.*)"$/, '$1') : '';
    const address = (angle ? angle[2]! : entry).trim();
    if (isSafeAddress(address)) addresses.push({ name, address });
    else invalid.push(entry);
  }
  return { addresses, invalid };
}

/** Splits on commas and semicolons outside quotes ("Doe, Jane" <jane@x> is one). */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if ((ch === ',' || ch === ';') && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** How an address is written back into a field. */
export function formatAddress({ name, address }: Address): string {
  if (!name) return address;
  return /[,;"<>]/.test(name) ? `"${name.replace(/"/g, '')}" <${address}>` : `${name} <${address}>`;
}

/** The entry being typed: the text after the last separator, and where it starts. */
export function currentEntry(text: string): { start: number; word: string } {
  const start = Math.max(text.lastIndexOf(',') + 1, text.lastIndexOf(';') + 1);
  return { start, word: text.slice(start).trim() };
}

/** Replaces the entry being typed with the chosen address, ready for the next. */
export function acceptSuggestion(text: string, chosen: Address): string {
  const { start } = currentEntry(text);
  const before = text.slice(0, start).trimEnd();
  return `${before ? `${before} ` : ''}${formatAddress(chosen)}, `;
}

/**
 * Suggestions for the entry being typed: people whose name or address has a word
 * starting with it, in the order given (most relevant first), none already in the field.
 */
export function suggest(people: readonly Address[], text: string, max = 6): Address[] {
  const { word } = currentEntry(text);
  if (word.length < 1) return [];
  const q = word.toLowerCase();
  const present = new Set(parseAddresses(text.slice(0, currentEntry(text).start)).addresses.map((a) => a.address.toLowerCase()));
  const seen = new Set<string>();
  const out: Address[] = [];
  for (const person of people) {
    const key = person.address.toLowerCase();
    if (seen.has(key) || present.has(key)) continue;
    const words = `${person.name} ${person.address}`.toLowerCase().split(/[\s@.<>_-]+/);
    if (!key.startsWith(q) && !person.name.toLowerCase().startsWith(q) && !words.some((w) => w.startsWith(q))) continue;
    seen.add(key);
    out.push(person);
    if (out.length >= max) break;
  }
  return out;
}
