// Reconnect delays: the pure schedule the account's timers follow.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../bridge/accounts/backoff';

describe('reconnect backoff', () => {
  it('retries at once first, then doubles with jitter up to the cap', () => {
    const mid = () => 0.5;
    expect(backoffDelay(0, { random: mid })).toBe(125);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, { random: mid }))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(40, { random: mid })).toBe(60_000);
    expect(backoffDelay(3, { random: () => 0 })).toBe(3000);
    expect(backoffDelay(3, { random: () => 1 })).toBe(5000);
  });
});
