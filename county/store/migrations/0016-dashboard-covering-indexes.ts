// Sixteenth hub step: the month's figures of a province (issue 16 item 5). The month's heartbeat runs are found
// by last_at; with only last_at in the index every one of them (~30 a station, 600,000 for 20,000 stations) was
// a lookup into the table, most of the ranking's time. The index now carries the columns the uptime query reads,
// so the table is not touched; it replaces the narrower one (same leading column). Month summaries are read a
// month at a time for every station: an index by month instead of scanning every station's every month.
// Plain SQL for SQLite and PostgreSQL alike. Owner: county/store/report-store.ts.
import type { HubMigration } from '../database.ts';

export const dashboardCoveringIndexes: HubMigration = {
  version: 16,
  name: 'dashboard-covering-indexes',
  up: /* sql */ `
CREATE INDEX uptime_spans_by_last_at ON uptime_spans(last_at, station_id, span_start, interval_ms);
DROP INDEX uptime_spans_last_at;
CREATE INDEX month_summaries_by_month ON month_summaries(month);
`,
};
