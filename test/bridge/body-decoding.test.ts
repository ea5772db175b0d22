// Bodies fetched in part (snippets) or whole: transfer encodings, charsets, HTML to text.
import { describe, expect, it } from 'vitest';
import { decodeCharset, decodeQuotedPrintable, decodeTransfer, htmlToText, toSnippet } from '../../bridge/imap/text';

describe('decoding partial bodies', () => {
  it('decodes quoted-printable, dropping an escape cut off at the end', () => {
    expect(decodeQuotedPrintable('Caf=C3=A9 soft=\r\nbreak=').toString('utf8')).toBe('Café softbreak');
    expect(decodeCharset(decodeQuotedPrintable('ends mid-character =C3'), 'utf-8')).toBe('ends mid-character ');
  });

  it('decodes base64 cut at any length', () => {
    const encoded = Buffer.from('Hello world, hello').toString('base64');
    expect(decodeTransfer(Buffer.from(encoded.slice(0, 10)), 'base64').toString()).toBe('Hello ');
    expect(decodeTransfer(Buffer.from(`${encoded.slice(0, 8)}\r\n${encoded.slice(8, 13)}`), 'base64').toString()).toBe('Hello wor');
  });

  it('decodes legacy charsets and falls back to UTF-8 for unknown ones', () => {
    expect(decodeCharset(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'ISO-8859-1')).toBe('café');
    expect(decodeCharset(Buffer.from('plain'), 'x-made-up')).toBe('plain');
    expect(decodeCharset(Buffer.from('abc\xe2\x82', 'latin1'), 'utf-8')).toBe('abc');
  });

  it('turns HTML into preview text without styles, scripts, comments or tags', () => {
    expect(toSnippet(htmlToText('<head><title>T</title><style>a{}</style></head><!-- x --><p>A&amp;B&#233;&#x41;</p><script>x()</script>'))).toBe('A&BéA');
  });

  it('collapses whitespace and cuts at 200 characters', () => {
    expect(toSnippet('  a\n\n b\tc  ')).toBe('a b c');
    const long = toSnippet('x'.repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
