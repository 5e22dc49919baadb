// A month of every station's heartbeat runs, for the ranking and the overview (issue 16 item 5): ~30 rows a
// station, ~600,000 for a province of 20,000. Reading them was those pages' main cost: each row a lookup from the
// last_at index into the table (migration 0016 makes the index cover the columns read), then a sort of the whole
// month by station for ReportStore.spans' order, then a copy of each station's list per row. Merging the runs in
// SQL instead (gaps and islands with window functions, one text for both databases) was measured slower on both
// SQLite and PostgreSQL than handing the rows over and merging them with the pure figure, so the figure stays
// county/figures/uptime.pure.ts's own.
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import type { UptimeSpan } from '../figures/uptime.pure.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';

/**
 * Each station's runs of a period, unordered (the pure figure sorts them): read from the covering index alone,
 * without ReportStore.spans' ORDER BY, which sorted a whole hub's month of rows to hand them out in order.
 */
export async function runsByStation(db: HubKysely, from: number, to: number, maxIntervalMs: number, only: StationFilter = null): Promise<Map<string, UptimeSpan[]>> {
  let query = db
    .selectFrom('uptime_spans')
    .select(['station_id', 'span_start', 'last_at', 'interval_ms'])
    .where('last_at', '>', from - maxIntervalMs)
    .where('span_start', '<', to)
    .where(sql<number>`last_at + interval_ms`, '>', from);
  // A unit's or a station's runs: by uptime_spans_by_station_last_at (migration 0018), station by station.
  const of = stationCondition(db, only, 'station_id');
  if (of !== null) query = query.where(of);
  const rows = await query.execute();
  const byStation = new Map<string, UptimeSpan[]>();
  for (const r of rows) {
    const span = { spanStart: r.span_start, lastAt: r.last_at, intervalMs: r.interval_ms };
    const list = byStation.get(r.station_id);
    if (list) list.push(span);
    else byStation.set(r.station_id, [span]);
  }
  return byStation;
}
