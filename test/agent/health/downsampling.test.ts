// The pure roll-up of one-minute samples into 15-minute min/avg/max aggregates, and the retention cut-offs.
import { describe, expect, it } from 'vitest';
import {
  AGGREGATE_BUCKET_MS,
  aggregate,
  bucketStartOf,
  downsample,
  range,
  retentionCutoffs,
} from '../../../agent/health/downsampling.pure.ts';
import { sampleAt } from './samples.ts';

const MIN = 60_000;
const GiB = 1024 ** 3;
/** 2026-11-20 08:00 UTC, a bucket boundary. */
const T0 = Date.UTC(2026, 10, 20, 8, 0);

describe('buckets', () => {
  it('aligns 15-minute buckets to :00, :15, :30 and :45 UTC', () => {
    expect(bucketStartOf(T0)).toBe(T0);
    expect(bucketStartOf(T0 + 14 * MIN + 59_999)).toBe(T0);
    expect(bucketStartOf(T0 + 15 * MIN)).toBe(T0 + 15 * MIN);
    expect(bucketStartOf(T0 - 1)).toBe(T0 - 15 * MIN);
  });
});

describe('range', () => {
  it('ignores missing readings and answers null when there are none', () => {
    expect(range([3, null, 1, 2])).toEqual({ min: 1, avg: 2, max: 3 });
    expect(range([null, null])).toBeNull();
    expect(range([])).toBeNull();
    expect(range([Number.NaN, 4])).toEqual({ min: 4, avg: 4, max: 4 });
  });
});

describe('aggregate', () => {
  it('computes min/avg/max of each figure, memory as bytes in use, and counts of hub checks and kiosk presence', () => {
    const samples = [
      sampleAt(T0, { cpuLoadPct: 10, memAvailableBytes: 3 * GiB, diskFreeBytes: 50 * GiB, cpuTempC: 60, hubReachable: true, uptimeSeconds: 100 }),
      sampleAt(T0 + MIN, { cpuLoadPct: 30, memAvailableBytes: 2 * GiB, diskFreeBytes: 49 * GiB, cpuTempC: 70, hubReachable: false, uptimeSeconds: 160 }),
      sampleAt(T0 + 2 * MIN, {
        cpuLoadPct: 20,
        memAvailableBytes: 1 * GiB,
        diskFreeBytes: 48 * GiB,
        cpuTempC: null,
        hubReachable: null,
        uptimeSeconds: 220,
        kiosk: { connected: false, screen: null, width: null, height: null, visible: null },
      }),
    ];
    const a = aggregate(T0, AGGREGATE_BUCKET_MS, samples)!;
    expect(a.samples).toBe(3);
    expect(a.cpuLoadPct).toEqual({ min: 10, avg: 20, max: 30 });
    expect(a.memUsedBytes).toEqual({ min: 1 * GiB, avg: 2 * GiB, max: 3 * GiB });
    expect(a.memTotalBytes).toBe(4 * GiB);
    expect(a.diskFreeBytes).toEqual({ min: 48 * GiB, avg: 49 * GiB, max: 50 * GiB });
    expect(a.cpuTempC).toEqual({ min: 60, avg: 65, max: 70 });
    expect(a.uptimeMaxSeconds).toBe(220);
    expect(a.hubChecks).toBe(2);
    expect(a.hubReachable).toBe(1);
    expect(a.kioskConnected).toBe(2);
  });

  it('keeps "no sensor" as null rather than averaging it to 0', () => {
    const a = aggregate(T0, AGGREGATE_BUCKET_MS, [sampleAt(T0), sampleAt(T0 + MIN)])!;
    expect(a.cpuTempC).toBeNull();
    expect(aggregate(T0, AGGREGATE_BUCKET_MS, [])).toBeNull();
  });
});

describe('downsample', () => {
  // Two hours of one-minute samples with a 40-minute gap (the terminal was off) from 08:50 to 09:30.
  const minutes = Array.from({ length: 120 }, (_, i) => i).filter((i) => i < 50 || i >= 90);
  const samples = minutes.map((i) => sampleAt(T0 + i * MIN, { cpuLoadPct: i }));

  it('makes one aggregate per bucket that has samples, oldest first, and none for the gap', () => {
    const out = downsample(samples, AGGREGATE_BUCKET_MS);
    expect(out.map((a) => (a.bucketStart - T0) / MIN)).toEqual([0, 15, 30, 45, 90, 105]);
    expect(out.map((a) => a.samples)).toEqual([15, 15, 15, 5, 15, 15]);
    expect(out[0]!.cpuLoadPct).toEqual({ min: 0, avg: 7, max: 14 });
    expect(out[3]!.cpuLoadPct).toEqual({ min: 45, avg: 47, max: 49 });
  });

  it('leaves out a bucket that has not ended by `until`', () => {
    const until = T0 + 115 * MIN;
    const out = downsample(samples, AGGREGATE_BUCKET_MS, until);
    expect(out.map((a) => (a.bucketStart - T0) / MIN)).toEqual([0, 15, 30, 45, 90]);
    // A bucket ending exactly at `until` is complete.
    expect(downsample(samples, AGGREGATE_BUCKET_MS, T0 + 105 * MIN).map((a) => (a.bucketStart - T0) / MIN)).toEqual([0, 15, 30, 45, 90]);
  });

  it('does not depend on the order samples arrive in', () => {
    const shuffled = [...samples].reverse();
    expect(downsample(shuffled, AGGREGATE_BUCKET_MS)).toEqual(downsample(samples, AGGREGATE_BUCKET_MS));
  });
});

describe('retention', () => {
  it('keeps samples 48 hours and aggregates 90 days', () => {
    const now = T0;
    const cut = retentionCutoffs(now);
    expect(now - cut.samplesBefore).toBe(48 * 3_600_000);
    expect(now - cut.aggregatesBefore).toBe(90 * 86_400_000);
  });
});
