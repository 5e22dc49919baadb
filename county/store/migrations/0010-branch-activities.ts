// The stations' branch activity registers (支部活动记录: 三会一课, 主题党日), from their `activity` events: one row
// per (station, activity), the highest revision kept (entered 1, check-in closed 2, withdrawn 3; among equal
// revisions the later event). Photos stay at the station: their hashes only. Plain SQL that runs on SQLite and
// PostgreSQL alike. Owner: county/store/activity-reports.ts (called by county/store/report-store.ts).
import type { HubMigration } from '../database.ts';

export const branchActivities: HubMigration = {
  version: 10,
  name: 'branch-activities',
  up: /* sql */ `
CREATE TABLE activity_reports (
  station_id           TEXT NOT NULL REFERENCES stations(id),
  activity_id          BIGINT NOT NULL,
  event_id             TEXT NOT NULL,
  reported_at          BIGINT NOT NULL,
  revision             BIGINT NOT NULL,
  kind                 TEXT NOT NULL,
  held_on              TEXT NOT NULL,
  start_time           TEXT NOT NULL,
  place                TEXT NOT NULL,
  host                 TEXT NOT NULL,
  topic                TEXT NOT NULL,
  minutes              TEXT NOT NULL,
  branch               TEXT,
  session_id           BIGINT,
  registered           BIGINT NOT NULL,
  attended_registered  BIGINT NOT NULL,
  guests               BIGINT NOT NULL,
  photo_hashes         TEXT NOT NULL,
  withdrawn_at         BIGINT,
  withdrawn_by         TEXT,
  withdrawn_reason     TEXT,
  PRIMARY KEY (station_id, activity_id)
);
CREATE INDEX activity_reports_by_day ON activity_reports(station_id, held_on);
`,
};
