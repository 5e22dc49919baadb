// Twenty-fifth hub step: a month's uptime is not re-read from every heartbeat run at every page (issue 16 item 5).
// uptime_prefixes keeps, per station and month, how many ms of [counted_from, covered_to) the station's runs
// covered: the page then reads only the runs reaching past covered_to (today's, ~1 a station) and adds them up.
// uptime_epochs counts, per station, the heartbeat writes that changed a run before the day they were stored in
// (a late backlog, a new run said to have started earlier): a prefix holds only for the epoch it was computed at.
// Both are derived: a backup, a move or a restore leaves them out and they are computed again.
// Plain SQL for SQLite and PostgreSQL alike. Owner: county/store/uptime-prefixes.ts.
import type { HubMigration } from '../database.ts';

export const uptimePrefixes: HubMigration = {
  version: 25,
  name: 'uptime-prefixes',
  up: /* sql */ `
CREATE TABLE uptime_epochs (
  station_id TEXT PRIMARY KEY,
  epoch      BIGINT NOT NULL
);
CREATE TABLE uptime_prefixes (
  station_id   TEXT NOT NULL,
  month        TEXT NOT NULL,   -- YYYY-MM in the county's time zone
  counted_from BIGINT NOT NULL, -- the later of the month's start and the station's enrolment
  covered_to   BIGINT NOT NULL, -- the end of the prefix: [counted_from, covered_to)
  covered_ms   BIGINT NOT NULL, -- ms of the prefix the station's runs covered
  epoch        BIGINT NOT NULL, -- uptime_epochs.epoch when it was computed (0: no row)
  PRIMARY KEY (station_id, month)
);
-- A month's prefixes of the whole hub or of a unit's stations, from the index alone.
CREATE INDEX uptime_prefixes_by_month ON uptime_prefixes(month, station_id, counted_from, covered_to, covered_ms, epoch);
`,
};
