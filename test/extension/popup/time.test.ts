// Times as the list shows them.
import { describe, expect, it } from 'vitest';
import { relativeTime } from '@/utils/popup/time';
import { NOW } from '../support/summary';

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
