// Pure: rolling one-minute health samples up into 15-minute min/avg/max aggregates, and what ages out when.
// The store applies it; the admin screen's 48-hour series uses the same roll-up with its own bucket size.
import type { HealthSample } from './health-sample.ts';

export const MINUTE_MS = 60_000;
export const AGGREGATE_BUCKET_MS = 15 * MINUTE_MS;
/** One-minute samples are kept this long … */
export const SAMPLE_RETENTION_MS = 48 * 3_600_000;
/** … and the 15-minute aggregates this long. */
export const AGGREGATE_RETENTION_MS = 90 * 86_400_000;

export interface Range {
  min: number;
  avg: number;
  max: number;
}

export interface HealthAggregate {
  bucketStart: number;
  bucketMs: number;
  samples: number;
  cpuLoadPct: Range | null;
  memUsedBytes: Range | null;
  memTotalBytes: number | null;
  diskFreeBytes: Range | null;
  diskTotalBytes: number | null;
  cpuTempC: Range | null;
  uptimeMaxSeconds: number | null;
  /** Samples that tried the hub, and how many of them reached it. */
  hubChecks: number;
  hubReachable: number;
  /** Samples taken while the kiosk's heartbeat was fresh. */
  kioskConnected: number;
}

/** The bucket an instant falls in: UTC-aligned, so 15-minute buckets start on :00, :15, :30, :45 in every zone China uses. */
export function bucketStartOf(at: number, bucketMs: number = AGGREGATE_BUCKET_MS): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/** min/avg/max of the values present; null when none is (a sensor the machine lacks stays "no data", not 0). */
export function range(values: readonly (number | null)[]): Range | null {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return n === 0 ? null : { min, avg: sum / n, max };
}

function roundRange(r: Range | null, digits: number): Range | null {
  if (!r) return null;
  const f = 10 ** digits;
  return { min: Math.round(r.min * f) / f, avg: Math.round(r.avg * f) / f, max: Math.round(r.max * f) / f };
}

function lastPresent(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i]!;
  return null;
}

/** One aggregate of samples that all fall in the bucket starting at bucketStart; none → null. */
export function aggregate(bucketStart: number, bucketMs: number, samples: readonly HealthSample[]): HealthAggregate | null {
  if (samples.length === 0) return null;
  const memUsed = samples.map((s) => (s.memTotalBytes === null || s.memAvailableBytes === null ? null : s.memTotalBytes - s.memAvailableBytes));
  const checked = samples.filter((s) => s.hubReachable !== null);
  return {
    bucketStart,
    bucketMs,
    samples: samples.length,
    cpuLoadPct: roundRange(range(samples.map((s) => s.cpuLoadPct)), 1),
    memUsedBytes: roundRange(range(memUsed), 0),
    memTotalBytes: lastPresent(samples.map((s) => s.memTotalBytes)),
    diskFreeBytes: roundRange(range(samples.map((s) => s.diskFreeBytes)), 0),
    diskTotalBytes: lastPresent(samples.map((s) => s.diskTotalBytes)),
    cpuTempC: roundRange(range(samples.map((s) => s.cpuTempC)), 1),
    uptimeMaxSeconds: range(samples.map((s) => s.uptimeSeconds))?.max ?? null,
    hubChecks: checked.length,
    hubReachable: checked.filter((s) => s.hubReachable === true).length,
    kioskConnected: samples.filter((s) => s.kiosk.connected).length,
  };
}

/**
 * Groups samples into buckets and aggregates each, oldest first. Only buckets that have ended by `until`
 * are returned when it is given: a bucket still filling would be reported with part of its minutes.
 */
export function downsample(samples: readonly HealthSample[], bucketMs: number, until?: number): HealthAggregate[] {
  const groups = new Map<number, HealthSample[]>();
  for (const s of samples) {
    const start = bucketStartOf(s.at, bucketMs);
    if (until !== undefined && start + bucketMs > until) continue;
    let group = groups.get(start);
    if (!group) groups.set(start, (group = []));
    group.push(s);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((start) => aggregate(start, bucketMs, groups.get(start)!)!);
}

/** What to delete at `now`: samples before the first cut-off, aggregates before the second. */
export function retentionCutoffs(now: number): { samplesBefore: number; aggregatesBefore: number } {
  return { samplesBefore: now - SAMPLE_RETENTION_MS, aggregatesBefore: now - AGGREGATE_RETENTION_MS };
}
