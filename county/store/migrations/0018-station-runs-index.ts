// Eighteenth hub step: a unit's pages read only the unit's stations (issue 16; county/store/station-filter.ts).
// The month's heartbeat runs of a county within a province are found station by station: by the primary key
// (station_id, span_start) that is every run the station ever reported before the month's end (a year: ~350), each
// a lookup into the table; by station and last_at, and carrying the columns the uptime query reads, it is the
// month's ~30 from the index alone. The hub-wide read keeps uptime_spans_by_last_at (0016).
// Plain SQL for SQLite and PostgreSQL alike. Owner: county/store/report-store.ts (uptime-runs.ts).
import type { HubMigration } from '../database.ts';

export const stationRunsIndex: HubMigration = {
  version: 18,
  name: 'station-runs-index',
  up: /* sql */ `
CREATE INDEX uptime_spans_by_station_last_at ON uptime_spans(station_id, last_at, span_start, interval_ms);
`,
};
