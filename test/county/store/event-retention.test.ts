// The hub prunes heartbeats and health samples older than 90 days and keeps everything else; what the
// dashboard shows is the same before and after, and a station resending a pruned event changes nothing.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openHubDatabase, type HubDb } from '../../../county/store/database.ts';
import { hubContext, type HubContext } from '../../../county/hub-context.ts';
import { pruneRoutineEvents, ROUTINE_EVENT_KEEP_DAYS } from '../../../county/event-retention.ts';
import { stationDetail } from '../../../county/views/dashboard-views.ts';
import type { UplinkEvent } from '../../../protocol/wire.pure.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { startTestHub } from '../support/hub-fixture.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 0, 0); // 1 June 2026, 08:00 in the county
const DAYS = 120;
const NOW = T0 + DAYS * DAY;
const CUTOFF = NOW - ROUTINE_EVENT_KEEP_DAYS * DAY;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** 120 days of a station that runs 08:00–20:00: hourly heartbeats, a health aggregate and a log line a day. */
async function countyWithHistory(): Promise<{ dir: string; db: HubDb; ctx: HubContext; stationId: string }> {
  const dir = tempDir('yj-retention-');
  dirs.push(dir);
  const db = openHubDatabase(dir);
  const ctx = hubContext(db, { now: () => NOW });
  const stationId = (await ctx.stations.create({ name: '前进村党员活动室', grade: 'standard' }, T0 - DAY)).id;
  for (let day = 0; day < DAYS; day++) {
    const start = T0 + day * DAY;
    const events: UplinkEvent[] = [];
    for (let h = 0; h <= 12; h++) {
      events.push({ id: `hb-${day}-${h}`, type: 'heartbeat', at: start + h * HOUR, body: { spanStart: start, intervalMs: HOUR, clockSkewMs: 1_000 } });
    }
    events.push({ id: `health-${day}`, type: 'health', at: start + 6 * HOUR, body: { kind: 'aggregate', bucketStart: start + 6 * HOUR, diskFreeBytes: { min: day, avg: day, max: day }, diskTotalBytes: 1000 } });
    events.push({ id: `log-${day}`, type: 'station_log', at: start + HOUR, body: { type: 'admin', actor: 'admin', message: `第 ${day} 天` } });
    const outcome = await ctx.reports.storeBatch(stationId, events, start + 13 * HOUR);
    expect(outcome.inserted).toHaveLength(events.length);
  }
  return { dir, db, ctx, stationId };
}

const count = (db: HubDb, where: string, ...params: unknown[]) => (db.prepare(`SELECT count(*) AS n FROM events WHERE ${where}`).get(...params) as { n: number }).n;
const projections = (db: HubDb) => ({
  spans: db.prepare('SELECT * FROM uptime_spans ORDER BY station_id, span_start').all(),
  status: db.prepare('SELECT * FROM station_status').all(),
});

describe('pruning routine events at the hub', () => {
  it('deletes heartbeats and health samples received before the cut-off, keeps the rest, and the dashboard does not change', async () => {
    const { db, ctx, stationId } = await countyWithHistory();
    const oldRoutine = count(db, `type IN ('heartbeat', 'health') AND at < ?`, CUTOFF);
    const newRoutine = count(db, `type IN ('heartbeat', 'health') AND at >= ?`, CUTOFF);
    const logs = count(db, `type = 'station_log'`);
    expect(oldRoutine).toBe(30 * 14);
    const before = projections(db);
    const page = await stationDetail(ctx, stationId, '2026-06');

    const result = await pruneRoutineEvents(ctx);
    expect(result.deleted).toBe(oldRoutine);
    expect(count(db, `type IN ('heartbeat', 'health') AND at < ?`, CUTOFF)).toBe(0);
    expect(count(db, `type IN ('heartbeat', 'health')`)).toBe(newRoutine);
    expect(count(db, `type = 'station_log'`)).toBe(logs);
    expect(projections(db)).toEqual(before);
    expect(await stationDetail(ctx, stationId, '2026-06')).toEqual(page);
    expect(await ctx.reports.logTail(stationId, 500)).toHaveLength(logs);
  });

  it('works in bounded steps, and a second run finds nothing left', async () => {
    const { ctx } = await countyWithHistory();
    // 30 old days: 390 heartbeats in steps of 100 (four, the last one short) and 30 health samples (one).
    const first = await pruneRoutineEvents(ctx, { stepEvents: 100 });
    expect(first).toEqual({ deleted: 30 * 14, steps: 5 });
    expect(await pruneRoutineEvents(ctx, { stepEvents: 100 })).toEqual({ deleted: 0, steps: 2 });
  });

  it('judges age by when the event happened, not when it arrived: a station back after months sends old heartbeats late', async () => {
    const { db, ctx, stationId } = await countyWithHistory();
    const late: UplinkEvent[] = [{ id: 'hb-late', type: 'heartbeat', at: T0 + 10 * DAY, body: { spanStart: T0 + 10 * DAY, intervalMs: HOUR, clockSkewMs: 0 } }];
    await ctx.reports.storeBatch(stationId, late, NOW);
    await pruneRoutineEvents(ctx);
    expect(count(db, `id = 'hb-late'`)).toBe(0);
    expect(count(db, `type = 'heartbeat' AND at >= ?`, CUTOFF)).toBe(90 * 13);
  });

  it('takes a pruned event sent again without changing uptime or status (the projections keep the newer and the wider)', async () => {
    const { db, ctx, stationId } = await countyWithHistory();
    await pruneRoutineEvents(ctx);
    const before = projections(db);
    const start = T0 + 3 * DAY;
    const resent: UplinkEvent[] = [
      { id: 'hb-3-5', type: 'heartbeat', at: start + 5 * HOUR, body: { spanStart: start, intervalMs: HOUR, clockSkewMs: 1_000 } },
      { id: 'health-3', type: 'health', at: start + 6 * HOUR, body: { kind: 'aggregate', bucketStart: start + 6 * HOUR, diskFreeBytes: { min: 3, avg: 3, max: 3 }, diskTotalBytes: 1000 } },
    ];
    const outcome = await ctx.reports.storeBatch(stationId, resent, NOW);
    // Pruned, so stored again as new: only the projections must not move.
    expect(outcome.inserted).toEqual(['hb-3-5', 'health-3']);
    expect(projections(db)).toEqual(before);
  });

  it('runs when the hub starts, and says so in its log', async () => {
    const { dir, db } = await countyWithHistory();
    const old = count(db, `type IN ('heartbeat', 'health') AND at < ?`, CUTOFF);
    db.close();
    const hub = await startTestHub({ dataDir: dir, now: () => NOW });
    try {
      await hub.retention.current();
      expect(count(hub.ctx.database.sqlite!, `type IN ('heartbeat', 'health') AND at < ?`, CUTOFF)).toBe(0);
      expect(hub.logs.some((l) => l.msg.includes(`pruned ${old} heartbeat and health events older than 90 days`))).toBe(true);
    } finally {
      await hub.stop();
    }
  });
});
