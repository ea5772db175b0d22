/** Decoding helpers for body parts fetched in pieces (snippets) from IMAP. */

/** Decodes quoted-printable; a `=` sequence cut off at the end of a partial fetch is dropped. */
export function decodeQuotedPrintable(input: string): Buffer {
  const text = input.replace(/=\r?\n/g, '').replace(/=[0-9A-Fa-f]?$/, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(char & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Undoes a Content-Transfer-Encoding on a possibly truncated piece of a part. */
export function decodeTransfer(raw: Buffer, encoding: string): Buffer {
  switch (encoding) {
    case 'base64': {
      const clean = raw.toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
      return Buffer.from(clean.slice(0, clean.length - (clean.length % 4)), 'base64');
    }
    case 'quoted-printable':
      return decodeQuotedPrintable(raw.toString('latin1'));
    default:
      return raw;
  }
}

/** Bytes in a declared charset to text; unknown charsets fall back to UTF-8, never throw. */
export function decodeCharset(bytes: Uint8Array, charset: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset.trim().toLowerCase() || 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes).replace(/\uFFFD+$/, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Rough HTML to text for a preview line; the result is shown as text, never as HTML. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head|title)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<[^>]*(>|$)/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
}

export const SNIPPET_LENGTH = 200;

/** One line: whitespace and control characters collapsed to single spaces, at most 200 characters. */
export function toSnippet(text: string): string {
  const collapsed = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  if (collapsed.length <= SNIPPET_LENGTH) return collapsed;
  return collapsed.slice(0, SNIPPET_LENGTH - 1).trimEnd() + '…';
}
