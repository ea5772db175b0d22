// What each bench module hands back, as written to bench/results/<module>.json.
import { summarize, round, type Better, type Stat } from './stats';
import type { MachineInfo } from './machine';

export type Unit = 'ms' | 'µs' | 'MB' | 'KB' | 'B' | 'req/s' | 'count' | '×';

export interface Baseline {
  label: string;
  stat: Stat;
  samples?: number[];
}

export interface Figure {
  /** Stable key, e.g. `notify.badge.unseen1`. */
  id: string;
  label: string;
  unit: Unit;
  better: Better;
  stat: Stat;
  samples: number[];
  baseline?: Baseline;
  /** stat.median / baseline.stat.median */
  ratio?: number;
  target?: { text: string; met: boolean };
  note?: string;
}

export interface ModuleResult {
  module: string;
  title: string;
  startedAt: string;
  durationS: number;
  /** 1-minute load average when the module started and ended: > cores means the numbers are noisy. */
  load: { start: number; end: number; max: number };
  quick: boolean;
  machine: MachineInfo;
  figures: Figure[];
  /** Sentences for BENCHMARKS.md: method, sample counts, caveats. */
  notes: string[];
  /** Anything else worth keeping (raw timings, config), free-form. */
  extra?: Record<string, unknown>;
}

/** A figure from raw samples; values are rounded for the JSON, stats computed on the raw ones. */
export function figure(
  id: string,
  label: string,
  unit: Unit,
  samples: number[],
  opts: { better?: Better; baseline?: { label: string; samples: number[] } | Baseline; target?: (stat: Stat, baseline?: Stat) => { text: string; met: boolean }; note?: string; digits?: number; keepSamples?: boolean } = {},
): Figure {
  const better = opts.better ?? 'lower';
  const digits = opts.digits ?? 2;
  const stat = roundStat(summarize(samples, better), digits);
  let baseline: Baseline | undefined;
  if (opts.baseline) {
    baseline =
      'stat' in opts.baseline
        ? opts.baseline
        : {
            label: opts.baseline.label,
            stat: roundStat(summarize(opts.baseline.samples, better), digits),
            ...(opts.keepSamples !== false && { samples: opts.baseline.samples.map((v) => round(v, digits)) }),
          };
  }
  const ratio = baseline && baseline.stat.median !== 0 ? round(stat.median / baseline.stat.median, 3) : undefined;
  return {
    id,
    label,
    unit,
    better,
    stat,
    samples: opts.keepSamples === false ? [] : samples.map((v) => round(v, digits)),
    ...(baseline && { baseline }),
    ...(ratio !== undefined && { ratio }),
    ...(opts.target && { target: opts.target(stat, baseline?.stat) }),
    ...(opts.note && { note: opts.note }),
  };
}

function roundStat(stat: Stat, digits: number): Stat {
  return {
    n: stat.n,
    median: round(stat.median, digits),
    p95: round(stat.p95, digits),
    min: round(stat.min, digits),
    max: round(stat.max, digits),
    mean: round(stat.mean, digits),
  };
}
