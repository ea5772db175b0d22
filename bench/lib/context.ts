// What bench/run.ts hands each measurement module, and what a module is.
import type { Figure } from './report';

export interface BenchContext {
  /** Fewer samples, shorter polls: for checking the bench code, not for numbers. */
  quick: boolean;
  /** The built extension for that browser (built once per run, into its own folder). */
  extensionDir(browser?: 'chrome' | 'firefox'): Promise<string>;
  log(message: string): void;
}

export interface ModuleOutput {
  figures: Figure[];
  notes: string[];
  extra?: Record<string, unknown>;
}

export interface BenchModule {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ModuleOutput>;
}

/** `n` unless quick, then `q`. */
export function count(ctx: BenchContext, n: number, q: number): number {
  return ctx.quick ? q : n;
}

/** Runs `body`, then every cleanup registered with `defer` (last first), even on failure. */
export async function withCleanup<T>(body: (defer: (fn: () => Promise<unknown> | unknown) => void) => Promise<T>): Promise<T> {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  try {
    return await body((fn) => cleanups.push(fn));
  } finally {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.warn('bench cleanup failed:', err);
      }
    }
  }
}
