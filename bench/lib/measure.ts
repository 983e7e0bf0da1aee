/**
 * Timing and memory helpers. Each run starts after a full GC so that one run's garbage is not
 * collected on the next run's clock; the runner cannot pass --expose-gc (the npm script is fixed),
 * so the flag is set at run time and the function is taken from a fresh context, where V8 installs it.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gcFunction: unknown = runInNewContext('gc');

/** A full, synchronous garbage collection (a no-op if the runtime refused to expose it). */
export function collectGarbage(): void {
  if (typeof gcFunction === 'function') (gcFunction as () => void)();
}

/** Wall time of `fn`, ms. */
export async function time(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Runs `trial` warmup + runs times and returns the measured runs' ms. A trial times its own
 * critical section (so it can set up and tear down outside it) and returns that time.
 */
export async function sample(
  trial: () => Promise<number>,
  options: { runs: number; warmup: number },
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < options.warmup + options.runs; i++) {
    collectGarbage();
    const ms = await trial();
    if (i >= options.warmup) samples.push(ms);
  }
  return samples;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The nearest-rank percentile `p` (0-100): with few runs, p90 is the slowest but one or the slowest. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function min(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.min(...values);
}

export const MiB = 1024 * 1024;

export function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** Highest resident set size of the process so far, bytes. */
export function peakRss(): number {
  // maxRSS is in kilobytes (getrusage).
  return process.resourceUsage().maxRSS * 1024;
}
