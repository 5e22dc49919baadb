// Owner of health_samples and health_aggregates: writes a sample, rolls finished 15-minute buckets up
// (queuing each aggregate for the county in the same transaction), prunes what aged out, and reads back.
import type { Db } from '../store/database.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import type { HealthSample, KioskScreen } from './health-sample.ts';
import { AGGREGATE_BUCKET_MS, bucketStartOf, downsample, retentionCutoffs, type HealthAggregate, type Range } from './downsampling.pure.ts';

interface SampleRow {
  at: number;
  cpu_load_pct: number | null;
  mem_total_bytes: number | null;
  mem_available_bytes: number | null;
  disk_free_bytes: number | null;
  disk_total_bytes: number | null;
  cpu_temp_c: number | null;
  uptime_s: number | null;
  hub_reachable: number | null;
  hub_latency_ms: number | null;
  kiosk_connected: number;
  kiosk_screen: string | null;
  kiosk_width: number | null;
  kiosk_height: number | null;
  kiosk_visible: number | null;
  problems: string | null;
}

interface AggregateRow {
  bucket_start: number;
  bucket_ms: number;
  samples: number;
  cpu_min: number | null;
  cpu_avg: number | null;
  cpu_max: number | null;
  mem_used_min: number | null;
  mem_used_avg: number | null;
  mem_used_max: number | null;
  mem_total_bytes: number | null;
  disk_free_min: number | null;
  disk_free_avg: number | null;
  disk_free_max: number | null;
  disk_total_bytes: number | null;
  temp_min: number | null;
  temp_avg: number | null;
  temp_max: number | null;
  uptime_max_s: number | null;
  hub_checks: number;
  hub_reachable: number;
  kiosk_connected: number;
}

/** The body of a 'health' outbox event: one finished bucket, for the county's "latest health". */
export interface HealthReport extends HealthAggregate {
  kind: 'aggregate';
}

const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);
const bit = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

function toSample(r: SampleRow): HealthSample {
  return {
    at: r.at,
    cpuLoadPct: r.cpu_load_pct,
    memTotalBytes: r.mem_total_bytes,
    memAvailableBytes: r.mem_available_bytes,
    diskFreeBytes: r.disk_free_bytes,
    diskTotalBytes: r.disk_total_bytes,
    cpuTempC: r.cpu_temp_c,
    uptimeSeconds: r.uptime_s,
    hubReachable: bool(r.hub_reachable),
    hubLatencyMs: r.hub_latency_ms,
    problems: r.problems === null ? [] : (JSON.parse(r.problems) as string[]),
    kiosk: {
      connected: r.kiosk_connected === 1,
      screen: r.kiosk_screen as KioskScreen | null,
      width: r.kiosk_width,
      height: r.kiosk_height,
      visible: bool(r.kiosk_visible),
    },
  };
}

function range(min: number | null, avg: number | null, max: number | null): Range | null {
  return min === null || avg === null || max === null ? null : { min, avg, max };
}

function toAggregate(r: AggregateRow): HealthAggregate {
  return {
    bucketStart: r.bucket_start,
    bucketMs: r.bucket_ms,
    samples: r.samples,
    cpuLoadPct: range(r.cpu_min, r.cpu_avg, r.cpu_max),
    memUsedBytes: range(r.mem_used_min, r.mem_used_avg, r.mem_used_max),
    memTotalBytes: r.mem_total_bytes,
    diskFreeBytes: range(r.disk_free_min, r.disk_free_avg, r.disk_free_max),
    diskTotalBytes: r.disk_total_bytes,
    cpuTempC: range(r.temp_min, r.temp_avg, r.temp_max),
    uptimeMaxSeconds: r.uptime_max_s,
    hubChecks: r.hub_checks,
    hubReachable: r.hub_reachable,
    kioskConnected: r.kiosk_connected,
  };
}

export interface RollUpResult {
  aggregated: HealthAggregate[];
  prunedSamples: number;
  prunedAggregates: number;
}

export class HealthStore {
  constructor(private readonly db: Db) {}

  /** A second sample at the same millisecond replaces the first: one row per instant. */
  insertSample(s: HealthSample): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO health_samples
           (at, cpu_load_pct, mem_total_bytes, mem_available_bytes, disk_free_bytes, disk_total_bytes, cpu_temp_c, uptime_s,
            hub_reachable, hub_latency_ms, kiosk_connected, kiosk_screen, kiosk_width, kiosk_height, kiosk_visible, problems)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.at,
        s.cpuLoadPct,
        s.memTotalBytes,
        s.memAvailableBytes,
        s.diskFreeBytes,
        s.diskTotalBytes,
        s.cpuTempC,
        s.uptimeSeconds === null ? null : Math.round(s.uptimeSeconds),
        bit(s.hubReachable),
        s.hubLatencyMs === null ? null : Math.round(s.hubLatencyMs),
        s.kiosk.connected ? 1 : 0,
        s.kiosk.screen,
        s.kiosk.width,
        s.kiosk.height,
        bit(s.kiosk.visible),
        s.problems.length === 0 ? null : JSON.stringify(s.problems),
      );
  }

  latest(): HealthSample | null {
    const row = this.db.prepare('SELECT * FROM health_samples ORDER BY at DESC LIMIT 1').get() as SampleRow | undefined;
    return row ? toSample(row) : null;
  }

  /** The newest sample that tried the hub. */
  lastHubCheck(): HealthSample | null {
    const row = this.db.prepare('SELECT * FROM health_samples WHERE hub_reachable IS NOT NULL ORDER BY at DESC LIMIT 1').get() as SampleRow | undefined;
    return row ? toSample(row) : null;
  }

  /**
   * Stores a minute's sample and rolls up what that finishes, in one transaction, committed without waiting
   * for the disk. A sample is nothing the agent acknowledged to anyone (unlike a check-in), and on the
   * agent's single thread an fsync every minute is time a check-in could be waiting. WAL with
   * synchronous=NORMAL cannot corrupt the database; a power cut can only lose the newest such commits (the
   * aggregate together with its outbox event), and the next FULL commit — any check-in — makes them durable.
   */
  record(sample: HealthSample): RollUpResult {
    const previous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.db.transaction(() => {
        this.insertSample(sample);
        return this.rollUp(sample.at);
      })();
    } finally {
      this.db.pragma(`synchronous = ${previous}`);
    }
  }

  /** Samples in [from, to), oldest first. */
  samplesBetween(from: number, to: number): HealthSample[] {
    const rows = this.db.prepare('SELECT * FROM health_samples WHERE at >= ? AND at < ? ORDER BY at').all(from, to) as SampleRow[];
    return rows.map(toSample);
  }

  /** Aggregates whose bucket starts in [from, to), oldest first. */
  aggregatesBetween(from: number, to: number): HealthAggregate[] {
    const rows = this.db
      .prepare('SELECT * FROM health_aggregates WHERE bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start')
      .all(from, to) as AggregateRow[];
    return rows.map(toAggregate);
  }

  /**
   * Since when every hub check has failed: the first failed sample after the last successful one, or null
   * when the last check succeeded or none failed. Read from the samples, so a restart keeps the streak.
   */
  hubFailingSince(): number | null {
    const row = this.db
      .prepare(
        `SELECT min(at) AS since FROM health_samples
         WHERE hub_reachable = 0 AND at > coalesce((SELECT max(at) FROM health_samples WHERE hub_reachable = 1), -1)`,
      )
      .get() as { since: number | null };
    return row.since;
  }

  /**
   * Aggregates every bucket that ended by `now` and has samples but no aggregate yet, queues each as a
   * 'health' outbox event, and prunes what aged out — all in one transaction, so an aggregate is never
   * stored without its event or reported twice. Samples that arrive for a bucket already rolled up (the
   * clock was set back) stay as samples and are not reported again.
   */
  rollUp(now: number): RollUpResult {
    return this.db.transaction(() => {
      const current = bucketStartOf(now, AGGREGATE_BUCKET_MS);
      const last = this.db.prepare('SELECT max(bucket_start) AS b FROM health_aggregates').get() as { b: number | null };
      // Only samples after the newest aggregate can make a new one: the read stays small however long the table.
      const from = last.b === null ? 0 : last.b + AGGREGATE_BUCKET_MS;
      const fresh = from < current ? downsample(this.samplesBetween(from, current), AGGREGATE_BUCKET_MS, current) : [];
      const insert = this.db.prepare(
        `INSERT OR IGNORE INTO health_aggregates
           (bucket_start, bucket_ms, samples, cpu_min, cpu_avg, cpu_max, mem_used_min, mem_used_avg, mem_used_max, mem_total_bytes,
            disk_free_min, disk_free_avg, disk_free_max, disk_total_bytes, temp_min, temp_avg, temp_max, uptime_max_s,
            hub_checks, hub_reachable, kiosk_connected, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const aggregated: HealthAggregate[] = [];
      for (const a of fresh) {
        const changes = insert.run(
          a.bucketStart,
          a.bucketMs,
          a.samples,
          a.cpuLoadPct?.min ?? null,
          a.cpuLoadPct?.avg ?? null,
          a.cpuLoadPct?.max ?? null,
          a.memUsedBytes?.min ?? null,
          a.memUsedBytes?.avg ?? null,
          a.memUsedBytes?.max ?? null,
          a.memTotalBytes,
          a.diskFreeBytes?.min ?? null,
          a.diskFreeBytes?.avg ?? null,
          a.diskFreeBytes?.max ?? null,
          a.diskTotalBytes,
          a.cpuTempC?.min ?? null,
          a.cpuTempC?.avg ?? null,
          a.cpuTempC?.max ?? null,
          a.uptimeMaxSeconds,
          a.hubChecks,
          a.hubReachable,
          a.kioskConnected,
          now,
        ).changes;
        if (changes === 0) continue;
        const report: HealthReport = { kind: 'aggregate', ...a };
        enqueueOutbox(this.db, 'health', a.bucketStart + a.bucketMs, report);
        aggregated.push(a);
      }
      const cut = retentionCutoffs(now);
      const prunedSamples = this.db.prepare('DELETE FROM health_samples WHERE at < ?').run(cut.samplesBefore).changes;
      const prunedAggregates = this.db.prepare('DELETE FROM health_aggregates WHERE bucket_start < ?').run(cut.aggregatesBefore).changes;
      return { aggregated, prunedSamples, prunedAggregates };
    })();
  }
}
