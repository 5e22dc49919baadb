// The first schema: roster, courses, programs, sessions, attendance, station log, settings.
// Instants are UTC epoch milliseconds (INTEGER); calendar dates are station-local 'YYYY-MM-DD' (TEXT).
import type { Migration } from '../migrate.ts';

export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  up: /* sql */ `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,            -- JSON
  updated_at  INTEGER NOT NULL
);

CREATE TABLE members (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
  gender       TEXT CHECK (gender IN ('male', 'female')),
  category     TEXT NOT NULL CHECK (category IN ('full', 'probationary', 'mobile_in', 'activist', 'other')),
  branch       TEXT,
  card_uid     TEXT UNIQUE,
  phone        TEXT,
  active_from  TEXT,                    -- first day on the roster, NULL = always
  active_to    TEXT,                    -- last day on the roster, NULL = still
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX members_name ON members(name);

CREATE TABLE courses (
  id           INTEGER PRIMARY KEY,
  title        TEXT NOT NULL,
  series       TEXT,
  source       TEXT NOT NULL,           -- demo, inbox, usb, url, manual, county
  local_path   TEXT,
  stream_url   TEXT,
  duration_ms  INTEGER,
  sha256       TEXT UNIQUE,
  status       TEXT NOT NULL DEFAULT 'ready'
               CHECK (status IN ('ready', 'converting', 'quarantined', 'missing', 'removed')),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  CHECK (local_path IS NOT NULL OR stream_url IS NOT NULL)
);

CREATE TABLE programs (
  id                        INTEGER PRIMARY KEY,
  course_id                 INTEGER NOT NULL REFERENCES courses(id),
  title                     TEXT,     -- NULL: show the course's title
  kind                      TEXT NOT NULL CHECK (kind IN ('group_viewing', 'background')),
  recurrence                TEXT NOT NULL,  -- JSON RecurrenceRule
  checkin_opens_before_min  INTEGER NOT NULL DEFAULT 15 CHECK (checkin_opens_before_min BETWEEN 0 AND 240),
  checkin_closes_after_min  INTEGER NOT NULL DEFAULT 30 CHECK (checkin_closes_after_min BETWEEN 0 AND 480),
  notes                     TEXT,
  origin                    TEXT NOT NULL DEFAULT 'station' CHECK (origin IN ('station', 'county', 'manual')),
  created_at                INTEGER NOT NULL,
  updated_at                INTEGER NOT NULL,
  removed_at                INTEGER   -- removed programs stay so that past sessions keep their program
);

CREATE TABLE sessions (
  id                 INTEGER PRIMARY KEY,
  program_id         INTEGER NOT NULL REFERENCES programs(id),
  occurrence_date    TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('group_viewing', 'background')),
  title              TEXT NOT NULL,   -- as announced, kept even if the program is renamed later
  course_id          INTEGER NOT NULL REFERENCES courses(id),
  scheduled_start    INTEGER NOT NULL,
  checkin_opens_at   INTEGER NOT NULL,
  checkin_closes_at  INTEGER NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('checkin', 'playing', 'ended', 'cancelled')),
  started_at         INTEGER,
  late_start_ms      INTEGER,
  ended_at           INTEGER,
  course_duration_ms INTEGER,
  played_ms          INTEGER NOT NULL DEFAULT 0,
  held               INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
  tutor              TEXT,
  operator           TEXT,
  created_at         INTEGER NOT NULL,
  UNIQUE (program_id, occurrence_date)
);
CREATE INDEX sessions_start ON sessions(scheduled_start);

CREATE TABLE attendance (
  id               INTEGER PRIMARY KEY,
  session_id       INTEGER NOT NULL REFERENCES sessions(id),
  member_id        INTEGER REFERENCES members(id),
  member_category  TEXT,              -- the member's category on the day, for the record
  guest_name       TEXT,
  guest_category   TEXT CHECK (guest_category IN ('non_registered', 'mobile', 'activist', 'employee', 'other')),
  method           TEXT NOT NULL CHECK (method IN ('tile', 'search', 'card', 'guest', 'cli', 'admin')),
  checked_in_at    INTEGER NOT NULL,
  checked_out_at   INTEGER,
  late             INTEGER NOT NULL CHECK (late IN (0, 1)),
  undone_at        INTEGER,           -- an admin's undo keeps the row for the record
  CHECK ((member_id IS NULL) <> (guest_name IS NULL)),
  CHECK (guest_name IS NULL OR guest_category IS NOT NULL)
);
-- One live record per member or guest per session: a second check-in changes nothing.
CREATE UNIQUE INDEX attendance_member_once ON attendance(session_id, member_id)
  WHERE member_id IS NOT NULL AND undone_at IS NULL;
CREATE UNIQUE INDEX attendance_guest_once ON attendance(session_id, guest_name, guest_category)
  WHERE guest_name IS NOT NULL AND undone_at IS NULL;

CREATE TABLE station_log (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  type     TEXT NOT NULL,
  actor    TEXT NOT NULL,
  message  TEXT NOT NULL,
  detail   TEXT                       -- JSON
);
CREATE INDEX station_log_at ON station_log(at);
`,
};
