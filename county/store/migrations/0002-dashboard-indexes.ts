// Indexes for the dashboard's month-at-a-time reads across all stations. Without them the overview and the
// ranking scanned uptime_spans and session_reports whole on every request, so each month of history made
// them slower: with 500 stations × a year (170,000 runs, 9,000 viewings) the overview took ~400 ms on a
// 2-core box (bench/hub-ingest.ts measures it). uptime_spans is found by last_at (ReportStore.spans bounds
// it by the longest heartbeat interval); session_reports by date when no station is named.
import type { HubMigration } from '../database.ts';

export const dashboardIndexes: HubMigration = {
  version: 2,
  name: 'dashboard-indexes',
  up: /* sql */ `
CREATE INDEX uptime_spans_last_at ON uptime_spans(last_at);
CREATE INDEX session_reports_by_date ON session_reports(date);
`,
};
