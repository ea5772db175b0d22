// Small pure helpers of the popup.
import { describe, expect, it } from 'vitest';
import { linkify } from '@/utils/popup/linkify';
import { putBack, take, type AccountView } from '@/utils/popup/model';
import { relativeTime } from '@/utils/popup/time';
import { NOW, summary } from './popup-support';

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

describe('relativeTime', () => {
  const at = (ms: number) => new Date(NOW - ms).toISOString();
  it.each([
    [30_000, 'now'],
    [12 * 60_000, new Intl.RelativeTimeFormat('en', { style: 'narrow' }).format(-12, 'minute')],
    [3 * 86_400_000, new Intl.DateTimeFormat('en', { weekday: 'short' }).format(new Date(NOW - 3 * 86_400_000))],
  ])('%i ms ago reads %s', (ago, expected) => {
    expect(relativeTime(at(ago), NOW, 'en', 'now')).toBe(expected);
  });

  it('is empty for a date that does not parse', () => {
    expect(relativeTime('not a date', NOW, 'en', 'now')).toBe('');
  });
});

describe('take and putBack', () => {
  it('puts a message back at its place and keeps the count true', () => {
    const [a, b, c] = [summary('A'), summary('B'), summary('C')];
    const accounts: AccountView[] = [{ id: 'w', name: 'W', email: 'w@x', state: 'ok', unread: 3, messages: [a!, b!, c!] }];
    const { accounts: without, taken } = take(accounts, 'w', b!.id);
    expect(without[0]!.messages.map((m) => m.subject)).toEqual(['A', 'C']);
    expect(without[0]!.unread).toBe(2);
    const back = putBack(without, taken!);
    expect(back[0]!.messages.map((m) => m.subject)).toEqual(['A', 'B', 'C']);
    expect(back[0]!.unread).toBe(3);
  });
});
