// Latency arithmetic for the load benchmarks. Pure.
//
// Decision: a burst's p50 and p99 are taken over that burst's own requests, and the benchmark reports one
// figure per burst; the median over bursts is then the figure, and the spread shows how much one burst
// differs from the next. With 50 requests a burst, p99 is (by the R-7 definition) nearly the slowest one.
import { percentile } from './stats.pure.ts';

export interface LatencyPercentiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencyPercentiles(latenciesMs: readonly number[]): LatencyPercentiles {
  if (latenciesMs.length === 0) throw new Error('no latencies to summarise');
  return {
    n: latenciesMs.length,
    p50: percentile(latenciesMs, 50),
    p99: percentile(latenciesMs, 99),
    max: Math.max(...latenciesMs),
  };
}

/** Requests (or events) per second for `count` done in `elapsedMs`. */
export function perSecond(count: number, elapsedMs: number): number {
  if (elapsedMs <= 0) throw new Error('elapsed time must be positive');
  return count / (elapsedMs / 1000);
}

/** Consecutive slices of at most `size`: the batches a sender makes of a queue. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
