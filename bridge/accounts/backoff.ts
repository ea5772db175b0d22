/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `baseMs`, capped
 * at `maxMs`, with ±25 % jitter so many accounts on one server don't reconnect in step.
 */
export function backoffDelay(attempt: number, { baseMs = 1000, maxMs = 60_000, random = Math.random } = {}): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  const jitter = 1 + (random() * 2 - 1) * 0.25;
  return Math.round(Math.min(maxMs, exponential * jitter));
}
