// The load benchmarks' latency and rate arithmetic: p50/p99 of a burst, events per second, batching.
import { describe, expect, it } from 'vitest';
import { chunk, latencyPercentiles, perSecond } from '../../bench/lib/latency.pure.ts';

describe('latency percentiles of a burst', () => {
  it('takes p50 and p99 by linear interpolation over the burst, whatever the order of answers', () => {
    // 50 answers of 1..50 ms, shuffled: p50 between the 25th and 26th, p99 just under the slowest.
    const answers = Array.from({ length: 50 }, (_, i) => ((i * 17) % 50) + 1);
    const p = latencyPercentiles(answers);
    expect(p.n).toBe(50);
    expect(p.p50).toBeCloseTo(25.5);
    expect(p.p99).toBeCloseTo(49.51);
    expect(p.max).toBe(50);
  });

  it('of a single answer is that answer, and of none is an error', () => {
    expect(latencyPercentiles([7])).toEqual({ n: 1, p50: 7, p99: 7, max: 7 });
    expect(() => latencyPercentiles([])).toThrow();
  });
});

describe('rates and batches', () => {
  it('counts per second', () => {
    expect(perSecond(3000, 1500)).toBe(2000);
    expect(() => perSecond(1, 0)).toThrow();
  });

  it('cuts a queue into batches of at most the size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 200)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow();
  });
});
