// Plain-text mail with its links made clickable.
import { describe, expect, it } from 'vitest';
import { linkify } from '@/utils/popup/linkify';

describe('linkify', () => {
  it('turns http(s), mailto and www. into links and leaves sentence punctuation out', () => {
    expect(linkify('See https://a.test/x?y=1. Or (www.b.test/c) and mailto:me@c.test!')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://a.test/x?y=1', href: 'https://a.test/x?y=1' },
      { kind: 'text', text: '. Or (' },
      { kind: 'link', text: 'www.b.test/c', href: 'https://www.b.test/c' },
      { kind: 'text', text: ') and ' },
      { kind: 'link', text: 'mailto:me@c.test', href: 'mailto:me@c.test' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(linkify('https://en.wikipedia.org/wiki/Mail_(disambiguation)')[0]).toMatchObject({
      href: 'https://en.wikipedia.org/wiki/Mail_(disambiguation)',
    });
  });

  it('never makes a javascript: or data: link', () => {
    expect(linkify('javascript:alert(1) data:text/html,x').every((s) => s.kind === 'text')).toBe(true);
  });
});
