/**
 * Plain-text mail with its links made clickable. Produces segments, not HTML,
 * so the text is never parsed as markup.
 */

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"'\u00a0]+/gi;
// Punctuation that ends a sentence rather than the URL.
const TRAILING = /[.,;:!?)\]}'"»]+$/;

export function linkify(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    let raw = match[0];
    const trail = TRAILING.exec(raw);
    // Keep a closing parenthesis that has its opening one inside the URL.
    if (trail && !(trail[0].startsWith(')') && raw.includes('('))) raw = raw.slice(0, -trail[0].length);
    if (!raw) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    const href = /^www\./i.test(raw) ? `https://${raw}` : raw;
    out.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
