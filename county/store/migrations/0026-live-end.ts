// Twenty-sixth hub step (issue 17, part 4): staff end a live broadcast they started. The program stays, marked
// ended, so stations that play it stop and stations that have not started it never do. Plain SQL for SQLite and
// PostgreSQL alike. Owner: county/store/downlink-store.ts.
import type { HubMigration } from '../database.ts';

export const liveEnd: HubMigration = {
  version: 26,
  name: 'live-end',
  up: /* sql */ `
ALTER TABLE county_programs ADD COLUMN live_ended_at BIGINT; -- staff ended the live broadcast; NULL: running or scheduled
`,
};
