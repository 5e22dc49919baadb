// Second schema step: what the scheduler fired, proof of play, excused months, the uplink outbox,
// and the station log made append-only in the database itself.
import type { Migration } from '../migrate.ts';

export const recordsAndOutbox: Migration = {
  version: 2,
  name: 'records-and-outbox',
  up: /* sql */ `
CREATE TABLE member_excusals (
  member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (member_id, month)
);

-- node-cron keeps no state: this table is the scheduler's memory of what it did for each occurrence.
CREATE TABLE schedule_firings (
  program_id       INTEGER NOT NULL REFERENCES programs(id),
  occurrence_date  TEXT NOT NULL,
  event            TEXT NOT NULL CHECK (event IN ('checkin_open', 'start', 'checkin_close', 'missed')),
  due_at           INTEGER NOT NULL,
  fired_at         INTEGER NOT NULL,
  PRIMARY KEY (program_id, occurrence_date, event)
);

CREATE TABLE playback_log (
  id           INTEGER PRIMARY KEY,
  session_id   INTEGER REFERENCES sessions(id),
  course_id    INTEGER NOT NULL REFERENCES courses(id),
  event        TEXT NOT NULL CHECK (event IN ('start', 'first_frame', 'progress', 'stall', 'error', 'end')),
  at           INTEGER NOT NULL,
  position_ms  INTEGER,
  detail       TEXT                   -- JSON
);
CREATE INDEX playback_log_session ON playback_log(session_id);

CREATE TABLE outbox (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,  -- event id; the hub deduplicates on it
  type          TEXT NOT NULL,
  at            INTEGER NOT NULL,
  body          TEXT NOT NULL,         -- JSON
  delivered_at  INTEGER
);
CREATE INDEX outbox_pending ON outbox(seq) WHERE delivered_at IS NULL;

CREATE TRIGGER station_log_no_update BEFORE UPDATE ON station_log
BEGIN SELECT RAISE(ABORT, 'station_log is append-only'); END;
CREATE TRIGGER station_log_no_delete BEFORE DELETE ON station_log
BEGIN SELECT RAISE(ABORT, 'station_log is append-only'); END;
`,
};
