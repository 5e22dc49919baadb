// A county's history loaded into a hub's database through the hub's own stores, for the dashboard's
// response-time benchmark: N stations registered and enrolled before the period, then each station's days
// (scripts/county-traffic.ts) stored batch by batch with ReportStore.storeBatch — the very code the ingest route
// runs after it has checked a report — so every table the dashboard reads is filled as ingest fills it.
//
// Decision — density: the tables the overview and ranking read (uptime_spans: one row per daily run,
// session_reports, month_summaries, station_status, station_alerts) come out as a real year makes them.
// The raw `events` log is thinner than a real one: one heartbeat per daily run instead of one every 5
// minutes (the run's last, which carries the run's spanStart, so uptime_spans is the same) and a health
// aggregate every 3 hours instead of every 15 minutes. A real year of 500 stations would be ~40 million
// event rows; the overview and ranking never read that table, so its size reaches them only through the
// page cache — and loading 40 million rows would take the benchmark most of an hour.
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { HUB_DATABASE_FILE, openHubDatabase } from '../../county/store/database.ts';
import { hubContext } from '../../county/hub-context.ts';
import { seededRandom } from '../../scripts/simulate-county.ts';
import { stationHistory, stationName, stationProfile } from '../../scripts/county-traffic.ts';
import { chunk } from './latency.pure.ts';

export const YEAR_HEALTH_EVERY_MS = 3 * 3600_000;
const BATCH = 500;

export interface LoadedCounty {
  stations: number;
  days: number;
  events: number;
  ms: number;
  rows: Record<string, number>;
}

export async function loadCountyHistory(dataDir: string, options: { stations: number; days: number; now: number; zone?: string; seed?: number }): Promise<LoadedCounty> {
  const started = performance.now();
  const zone = options.zone ?? 'Asia/Shanghai';
  const db = openHubDatabase(dataDir);
  let events = 0;
  try {
    // Loading is set-up, not measurement: no fsync per batch. The hub reopens the file with synchronous=FULL.
    db.pragma('synchronous = OFF');
    const ctx = hubContext(db, { now: () => options.now, timeZone: zone });
    const rand = seededRandom(options.seed ?? 7);
    const today = DateTime.fromMillis(options.now, { zone }).startOf('day');
    const firstDay = today.minus({ days: options.days - 1 });
    const enrolledAt = firstDay.minus({ days: 1 }).set({ hour: 10 }).toMillis();
    for (let n = 0; n < options.stations; n++) {
      const profile = stationProfile(rand);
      const station = await ctx.stations.create({ name: stationName(n), grade: profile.grade }, enrolledAt);
      await ctx.stations.redeemCode((await ctx.stations.issueCode(station.id, enrolledAt, 'bench')).code, enrolledAt);
      const history = stationHistory({
        zone,
        firstDay: firstDay.toISODate()!,
        days: options.days,
        until: options.now,
        heartbeatMs: null,
        healthEveryMs: YEAR_HEALTH_EVERY_MS,
        profile,
        rand,
      });
      for (const batch of chunk(history, BATCH)) await ctx.reports.storeBatch(station.id, batch, batch[batch.length - 1]!.at);
      const last = history[history.length - 1];
      if (last) await ctx.stations.touch(station.id, last.at);
      events += history.length;
    }
    const rows: Record<string, number> = {};
    for (const table of ['stations', 'events', 'uptime_spans', 'session_reports', 'month_summaries', 'station_status', 'station_alerts']) {
      rows[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { stations: options.stations, days: options.days, events, ms: performance.now() - started, rows };
  } finally {
    db.close();
  }
}

/** The hub's database file with its WAL, in MB. */
export function databaseMb(dataDir: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      bytes += fs.statSync(path.join(dataDir, HUB_DATABASE_FILE + suffix)).size;
    } catch {
      // no WAL after a clean close
    }
  }
  return bytes / 1048576;
}
