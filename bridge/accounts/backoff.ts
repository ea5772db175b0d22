/**
 * Delay before reconnect attempt `attempt` (0-based). The first comes at once (within
 * 250 ms: a dropped connection is usually back immediately); then exponential from
 * `baseMs`, capped at `maxMs`, with ±25 % jitter so accounts on one server don't
 * reconnect in step.
 */
export function backoffDelay(attempt: number, { baseMs = 1000, maxMs = 60_000, random = Math.random } = {}): number {
  if (attempt === 0) return Math.round(random() * 250);
  attempt -= 1;
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  const jitter = 1 + (random() * 2 - 1) * 0.25;
  return Math.round(Math.min(maxMs, exponential * jitter));
}
