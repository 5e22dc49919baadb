// The health tables on a real SQLite file: finished buckets roll up once, each with its 'health' outbox event
// in the same transaction; old rows age out; the hub's failure streak survives a restart; time reads use the key.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';
import { HealthStore, type HealthReport } from '../../../agent/health/health-store.ts';
import { AGGREGATE_BUCKET_MS } from '../../../agent/health/downsampling.pure.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { sampleAt } from './samples.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 8, 0);

let dir: string;
let db: Db;
let store: HealthStore;

beforeEach(() => {
  dir = tempDir('yj-health-store-');
  db = openStationDatabase(dir);
  store = new HealthStore(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function healthEvents(): HealthReport[] {
  return pendingOutbox(db, 10_000)
    .filter((e) => e.type === 'health')
    .map((e) => e.body as HealthReport);
}

describe('HealthStore', () => {
  it('stores a sample and reads it back unchanged', () => {
    const s = sampleAt(T0, { cpuTempC: 61.5, hubReachable: false, problems: ['cpuTemperature: 超时 10000 ms / timed out'] });
    store.insertSample(s);
    expect(store.latest()).toEqual(s);
    expect(store.samplesBetween(T0, T0 + 1)).toEqual([s]);
    expect(store.samplesBetween(T0 + 1, T0 + HOUR)).toEqual([]);
  });

  it('rolls each finished 15-minute bucket up exactly once, queuing one health event per bucket', () => {
    for (let i = 0; i < 40; i++) store.insertSample(sampleAt(T0 + i * MIN, { cpuLoadPct: i }));
    // At 08:39 two buckets (08:00, 08:15) have ended; 08:30 is still filling.
    const first = store.rollUp(T0 + 39 * MIN + 30_000);
    expect(first.aggregated.map((a) => (a.bucketStart - T0) / MIN)).toEqual([0, 15]);
    expect(healthEvents().map((e) => [e.kind, (e.bucketStart - T0) / MIN, e.samples])).toEqual([
      ['aggregate', 0, 15],
      ['aggregate', 15, 15],
    ]);
    // The same minute again, and the next: nothing new to report.
    expect(store.rollUp(T0 + 39 * MIN + 30_000).aggregated).toEqual([]);
    expect(store.rollUp(T0 + 44 * MIN).aggregated).toEqual([]);
    // At 08:45 the third bucket has ended, with the 10 samples it got.
    const third = store.rollUp(T0 + 45 * MIN);
    expect(third.aggregated.map((a) => [(a.bucketStart - T0) / MIN, a.samples, a.cpuLoadPct])).toEqual([[30, 10, { min: 30, avg: 34.5, max: 39 }]]);
    expect(healthEvents()).toHaveLength(3);
    // The event's instant is the end of its bucket, and the stored aggregate matches what was reported.
    const stored = store.aggregatesBetween(T0, T0 + HOUR);
    expect(stored.map((a) => ({ kind: 'aggregate', ...a }))).toEqual(healthEvents());
    const events = pendingOutbox(db, 100).filter((e) => e.type === 'health');
    expect(events.map((e) => e.at - T0)).toEqual([15 * MIN, 30 * MIN, 45 * MIN]);
  });

  it('reports buckets left behind while the agent was off when it runs again, and makes none for the gap', () => {
    for (let i = 0; i < 20; i++) store.insertSample(sampleAt(T0 + i * MIN));
    for (let i = 0; i < 5; i++) store.insertSample(sampleAt(T0 + 6 * HOUR + i * MIN));
    const out = store.rollUp(T0 + 6 * HOUR + 16 * MIN);
    expect(out.aggregated.map((a) => [(a.bucketStart - T0) / MIN, a.samples])).toEqual([
      [0, 15],
      [15, 5],
      [360, 5],
    ]);
  });

  it('prunes samples after 48 hours and aggregates after 90 days, in the same roll-up', () => {
    const now = T0 + 100 * 86_400_000;
    store.insertSample(sampleAt(now - 48 * HOUR - 1));
    store.insertSample(sampleAt(now - 48 * HOUR));
    store.insertSample(sampleAt(now - 1 * MIN));
    // Two aggregates from old samples: one 91 days old, one 89.
    store.insertSample(sampleAt(now - 91 * 86_400_000));
    store.insertSample(sampleAt(now - 89 * 86_400_000));
    const out = store.rollUp(now);
    // Five buckets: -91 d, -89 d, the one ending at -48 h, the one starting there, and the one ending now.
    expect(out.aggregated).toHaveLength(5);
    expect(out.prunedAggregates).toBe(1);
    expect(out.prunedSamples).toBe(3);
    expect(store.samplesBetween(0, now + 1).map((s) => now - s.at)).toEqual([48 * HOUR, MIN]);
    expect(store.aggregatesBetween(0, now + 1).map((a) => Math.round((now - a.bucketStart) / 86_400_000))).toEqual([89, 2, 2, 0]);
    // Their events were queued before the pruning: the county still gets all five.
    expect(healthEvents()).toHaveLength(5);
  });

  it('records a minute without waiting for the disk, and leaves the connection durable for everything else', () => {
    const FULL = 2;
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    for (let i = 0; i < 16; i++) store.record(sampleAt(T0 + i * MIN));
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(store.samplesBetween(T0, T0 + HOUR)).toHaveLength(16);
    expect(healthEvents()).toHaveLength(1);
    // Restored even when the write fails.
    expect(() => store.record({ ...sampleAt(T0 + 20 * MIN), at: 'not a time' as unknown as number })).toThrow(/datatype mismatch/);
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
  });

  it('knows since when every hub check has failed, from the stored samples alone', () => {
    expect(store.hubFailingSince()).toBeNull();
    store.insertSample(sampleAt(T0, { hubReachable: true }));
    store.insertSample(sampleAt(T0 + MIN, { hubReachable: false }));
    store.insertSample(sampleAt(T0 + 2 * MIN, { hubReachable: null }));
    store.insertSample(sampleAt(T0 + 3 * MIN, { hubReachable: false }));
    expect(store.hubFailingSince()).toBe(T0 + MIN);
    // A restart opens the same file: the streak is still there.
    db.close();
    db = openStationDatabase(dir);
    store = new HealthStore(db);
    expect(store.hubFailingSince()).toBe(T0 + MIN);
    store.insertSample(sampleAt(T0 + 4 * MIN, { hubReachable: true }));
    expect(store.hubFailingSince()).toBeNull();
  });

  it('reads time ranges through the table\'s own key, not a scan', () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan('SELECT * FROM health_samples WHERE at >= 1 AND at < 2 ORDER BY at')).toMatch(/SEARCH health_samples USING INTEGER PRIMARY KEY/);
    expect(plan('DELETE FROM health_samples WHERE at < 1')).not.toMatch(/SCAN health_samples$/);
    expect(plan('SELECT * FROM health_aggregates WHERE bucket_start >= 1 AND bucket_start < 2')).toMatch(/USING INTEGER PRIMARY KEY/);
  });

  it('refuses an aggregate row without samples and an equipment row with a made-up condition', () => {
    expect(() =>
      db.prepare('INSERT INTO health_aggregates (bucket_start, bucket_ms, samples, hub_checks, hub_reachable, kiosk_connected, created_at) VALUES (0, ?, 0, 0, 0, 0, 0)').run(AGGREGATE_BUCKET_MS),
    ).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO equipment (name, quantity, condition, created_at, updated_at) VALUES ('电视机', 1, 'broken', 0, 0)`).run()).toThrow(/CHECK/);
  });
});
