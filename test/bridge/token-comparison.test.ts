// The pairing token check: constant time, any length, and it follows a changed token.
import { describe, expect, it } from 'vitest';
import { tokenMatcher } from '../../bridge/security';

describe('token comparison', () => {
  it('matches only the same token, whatever the lengths', () => {
    const matches = tokenMatcher(() => 'a'.repeat(43));
    expect(matches('a'.repeat(43))).toBe(true);
    expect(matches('b'.repeat(43))).toBe(false);
    expect(matches('a')).toBe(false);
    expect(matches('')).toBe(false);
  });

  it('follows a changed token: the old one stops matching at once', () => {
    let current = 'a'.repeat(43);
    const matches = tokenMatcher(() => current);
    expect(matches('a'.repeat(43))).toBe(true);
    current = 'c'.repeat(43);
    expect(matches('a'.repeat(43))).toBe(false);
    expect(matches('c'.repeat(43))).toBe(true);
  });
});
