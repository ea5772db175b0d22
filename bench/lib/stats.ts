// Summaries of samples. Every figure in BENCHMARKS.md is a median and a p95 of
// several runs; quantiles interpolate linearly between order statistics (the common
// "type 7" definition, as numpy and R use by default).

export interface Stat {
  n: number;
  median: number;
  /** The bad tail: the 95th percentile when lower is better, the 5th when higher is. */
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export type Better = 'lower' | 'higher';

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export function summarize(samples: readonly number[], better: Better = 'lower'): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, better === 'lower' ? 0.95 : 0.05),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

