// Twelfth hub step: each station's weekly reports (每周一报), one per (station, ISO week) as sent, and the uses of
// its room entered by hand (活动场所使用登记), a removal kept on the use it removes. Plain SQL for SQLite and
// PostgreSQL alike. Owner: county/store/weekly-report-store.ts.
import type { HubMigration } from '../database.ts';

export const weeklyReportsAndRoomUses: HubMigration = {
  version: 12,
  name: 'weekly-reports-and-room-uses',
  up: /* sql */ `
CREATE TABLE weekly_reports (
  station_id           TEXT NOT NULL REFERENCES stations(id),
  week                 TEXT NOT NULL,      -- ISO week 'YYYY-Www'
  event_id             TEXT NOT NULL,
  from_date            TEXT NOT NULL,
  to_date              TEXT NOT NULL,
  composed_at          BIGINT NOT NULL,    -- station clock
  sent_at              BIGINT NOT NULL,    -- station clock
  sent_by              TEXT NOT NULL,      -- 'admin' or 'deadline'
  remark               TEXT,
  viewings             BIGINT NOT NULL,
  viewings_held        BIGINT NOT NULL,
  participation_rate   DOUBLE PRECISION,
  courseware_received  BIGINT NOT NULL,
  uptime               DOUBLE PRECISION,
  alerts               BIGINT NOT NULL,
  sections             TEXT NOT NULL,      -- the sections' lines as the station sent them (JSON)
  received_at          BIGINT NOT NULL,    -- hub clock
  PRIMARY KEY (station_id, week)
);

CREATE TABLE room_uses (
  station_id      TEXT NOT NULL REFERENCES stations(id),
  use_id          BIGINT NOT NULL,
  event_id        TEXT NOT NULL,
  date            TEXT NOT NULL,
  time_from       TEXT NOT NULL,
  time_to         TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  organiser       TEXT NOT NULL,
  headcount       BIGINT NOT NULL,
  entered_by      TEXT NOT NULL,
  reported_at     BIGINT NOT NULL,
  removed_at      BIGINT,
  removal_reason  TEXT,
  PRIMARY KEY (station_id, use_id)
);
CREATE INDEX room_uses_by_date ON room_uses(station_id, date);
`,
};
