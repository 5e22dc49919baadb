// The arithmetic behind the kiosk benchmarks' figures: when the schedule benchmark's programs fall due and how
// far off each firing was, how a memory series becomes start/end/growth/max and a slope, and the byte ranges
// the reference pages' media server answers. A slip here would misreport a figure without failing a run.
import { describe, expect, it } from 'vitest';
import { firingErrors, planInstants } from '../../bench/lib/firing-times.pure.ts';
import { trend } from '../../bench/lib/memory-trend.pure.ts';
import { parseRange } from '../../bench/lib/loopback-files.ts';

describe('schedule benchmark instants', () => {
  it('spreads distinct whole seconds over the span, starting at or after the first instant', () => {
    const instants = planInstants(1_000_000_400, 50, 120_000);
    expect(instants).toHaveLength(50);
    expect(instants[0]).toBe(1_000_001_000);
    expect(instants.at(-1)).toBe(1_000_121_000);
    expect(instants.every((at) => at % 1000 === 0)).toBe(true);
    expect(instants.every((at, i) => i === 0 || at > instants[i - 1]!)).toBe(true);
  });

  it('keeps instants distinct when there are more programs than seconds', () => {
    const instants = planInstants(0, 5, 2_000);
    expect(instants).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('plans a single program at the first whole second', () => {
    expect(planInstants(1_500, 1, 60_000)).toEqual([2_000]);
  });

  it('measures each firing against its own instant, counting early and missing ones', () => {
    const errors = firingErrors([1_000, 2_000, 3_000, 4_000], [1_012.5, 1_999, undefined, 4_000]);
    expect(errors.absMs).toEqual([12.5, 1, 0]);
    expect(errors.early).toBe(1);
    expect(errors.missing).toBe(1);
  });
});

describe('memory trend', () => {
  it('reports start, end, growth and max in time order, whatever order the samples came in', () => {
    const t = trend([
      { atMs: 2_000, value: 12 },
      { atMs: 0, value: 10 },
      { atMs: 1_000, value: 15 },
      { atMs: 3_000, value: 11 },
    ]);
    expect(t).toMatchObject({ start: 10, end: 11, growth: 1, max: 15 });
  });

  it('gives the least-squares slope per hour: a steady climb is seen even when the last sample dips', () => {
    const climbing = Array.from({ length: 7 }, (_, i) => ({ atMs: i * 600_000, value: 100 + i * 2 }));
    climbing.push({ atMs: 7 * 600_000, value: 100 });
    const t = trend(climbing);
    expect(t.growth).toBe(0);
    expect(t.slopePerHour).toBeCloseTo(5);
    expect(trend(Array.from({ length: 5 }, (_, i) => ({ atMs: i * 900_000, value: 50 + i }))).slopePerHour).toBeCloseTo(4);
  });

  it('has no slope for a flat series or a single sample, and refuses an empty one', () => {
    expect(trend([{ atMs: 0, value: 7 }, { atMs: 60_000, value: 7 }]).slopePerHour).toBe(0);
    expect(trend([{ atMs: 5, value: 3 }])).toEqual({ start: 3, end: 3, growth: 0, max: 3, slopePerHour: 0 });
    expect(() => trend([])).toThrow('no samples');
  });
});

describe('byte ranges of the reference media server', () => {
  it('reads open, closed and suffix ranges, clamped to the file', () => {
    expect(parseRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
  });

  it('refuses what cannot be served', () => {
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange('bytes=1000-', 1000)).toBeNull();
    expect(parseRange('bytes=200-100', 1000)).toBeNull();
    expect(parseRange('bytes=-0', 1000)).toBeNull();
    expect(parseRange('bytes=-', 1000)).toBeNull();
    expect(parseRange('bytes=0-10,20-30', 1000)).toBeNull();
    expect(parseRange('items=0-10', 1000)).toBeNull();
    expect(parseRange('bytes=0-', 0)).toBeNull();
  });
});
