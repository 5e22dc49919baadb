// Thirteenth schema step: the weekly report (每周一报) — one frozen snapshot per ISO week, the administrator's
// remarks (append-only) and when it was sent — and the room usage register (活动场所使用情况登记): uses entered by
// hand and their removals, both append-only. Written only by agent/weekly-report/weekly-report-store.ts and
// agent/room-use/room-use-store.ts; why they are shaped so: those folders' READMEs.
import type { Migration } from '../migrate.ts';

export const weeklyReportAndRoomUse: Migration = {
  version: 13,
  name: 'weekly-report-and-room-use',
  up: /* sql */ `
CREATE TABLE weekly_reports (
  week         TEXT PRIMARY KEY,     -- ISO week 'YYYY-Www' in the station's time zone
  from_date    TEXT NOT NULL,        -- its Monday
  to_date      TEXT NOT NULL,        -- its Sunday
  composed_at  INTEGER NOT NULL,
  composed_by  TEXT NOT NULL,        -- 'schedule', 'cli' or the admin account
  snapshot     TEXT NOT NULL,        -- the composed report as JSON: frozen, what is shown, printed and sent
  sent_at      INTEGER,              -- set once, with the outbox event, in one transaction
  sent_by      TEXT,                 -- 'admin' or 'deadline'
  sent_actor   TEXT,
  event_id     TEXT
);
CREATE TRIGGER weekly_reports_frozen BEFORE UPDATE OF week, from_date, to_date, composed_at, composed_by, snapshot ON weekly_reports
BEGIN SELECT RAISE(ABORT, 'weekly_reports: a composed week is frozen'); END;
CREATE TRIGGER weekly_reports_sent_once BEFORE UPDATE ON weekly_reports WHEN OLD.sent_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'weekly_reports: a sent week is final'); END;
CREATE TRIGGER weekly_reports_no_delete BEFORE DELETE ON weekly_reports
BEGIN SELECT RAISE(ABORT, 'weekly_reports is append-only'); END;

CREATE TABLE weekly_report_remarks (
  id       INTEGER PRIMARY KEY,
  week     TEXT NOT NULL REFERENCES weekly_reports(week),
  text     TEXT NOT NULL,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL
);
CREATE INDEX weekly_report_remarks_by_week ON weekly_report_remarks(week, id);
CREATE TRIGGER weekly_report_remarks_no_update BEFORE UPDATE ON weekly_report_remarks
BEGIN SELECT RAISE(ABORT, 'weekly_report_remarks is append-only'); END;
CREATE TRIGGER weekly_report_remarks_no_delete BEFORE DELETE ON weekly_report_remarks
BEGIN SELECT RAISE(ABORT, 'weekly_report_remarks is append-only'); END;

CREATE TABLE room_uses (
  id          INTEGER PRIMARY KEY,
  date        TEXT NOT NULL,
  time_from   TEXT NOT NULL,
  time_to     TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  organiser   TEXT NOT NULL,
  headcount   INTEGER NOT NULL CHECK (headcount >= 0),
  entered_at  INTEGER NOT NULL,
  entered_by  TEXT NOT NULL
);
CREATE INDEX room_uses_by_date ON room_uses(date);
CREATE TRIGGER room_uses_no_update BEFORE UPDATE ON room_uses
BEGIN SELECT RAISE(ABORT, 'room_uses is append-only'); END;
CREATE TRIGGER room_uses_no_delete BEFORE DELETE ON room_uses
BEGIN SELECT RAISE(ABORT, 'room_uses is append-only'); END;

CREATE TABLE room_use_removals (
  use_id      INTEGER PRIMARY KEY REFERENCES room_uses(id),
  removed_at  INTEGER NOT NULL,
  removed_by  TEXT NOT NULL,
  reason      TEXT
);
CREATE TRIGGER room_use_removals_no_update BEFORE UPDATE ON room_use_removals
BEGIN SELECT RAISE(ABORT, 'room_use_removals is append-only'); END;
CREATE TRIGGER room_use_removals_no_delete BEFORE DELETE ON room_use_removals
BEGIN SELECT RAISE(ABORT, 'room_use_removals is append-only'); END;
`,
};
