// The hub's first schema: stations and their enrollment, the events they report with what the hub keeps
// of them (uptime runs, latest session reports, month summaries, latest health and alerts), staff, and
// what the county sends down. Instants are UTC epoch ms; station-local dates are 'YYYY-MM-DD' text.
import type { HubMigration } from '../database.ts';

export const hubFoundation: HubMigration = {
  version: 1,
  name: 'hub-foundation',
  up: /* sql */ `
CREATE TABLE hub_settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,             -- JSON
  updated_at  INTEGER NOT NULL
);

CREATE TABLE stations (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
  grade         TEXT NOT NULL CHECK (grade IN ('demonstration', 'standard', 'ordinary')),
  -- The HMAC key. Kept as is because the hub must compute signatures with it; never returned by the API.
  secret        TEXT,
  created_at    INTEGER NOT NULL,
  enrolled_at   INTEGER,
  last_seen_at  INTEGER,                 -- hub time of the last authenticated report
  retired_at    INTEGER
);

-- One-time codes: stored hashed, so a copy of the database does not enroll anyone.
CREATE TABLE enrollment_codes (
  code_hash   TEXT PRIMARY KEY,
  station_id  TEXT NOT NULL REFERENCES stations(id),
  created_by  TEXT,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);

-- Every event as reported, once: the id is the station's outbox id, so a resend finds it already here.
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY,        -- arrival order
  id           TEXT NOT NULL UNIQUE,
  station_id   TEXT NOT NULL REFERENCES stations(id),
  type         TEXT NOT NULL,
  at           INTEGER NOT NULL,           -- station clock
  body         TEXT NOT NULL,              -- JSON
  received_at  INTEGER NOT NULL            -- hub clock
);
CREATE INDEX events_station_type_at ON events(station_id, type, at);

-- A continuous run of a station's agent, as its heartbeats vouch for it: [span_start, last_at + interval_ms].
CREATE TABLE uptime_spans (
  station_id   TEXT NOT NULL REFERENCES stations(id),
  span_start   INTEGER NOT NULL,
  last_at      INTEGER NOT NULL,
  interval_ms  INTEGER NOT NULL,
  PRIMARY KEY (station_id, span_start)
);

-- The latest report of each group viewing (a late check-in sends it again).
CREATE TABLE session_reports (
  station_id           TEXT NOT NULL REFERENCES stations(id),
  session_id           INTEGER NOT NULL,
  event_id             TEXT NOT NULL,
  reported_at          INTEGER NOT NULL,
  title                TEXT NOT NULL,
  date                 TEXT NOT NULL,
  scheduled_start      INTEGER NOT NULL,
  started_at           INTEGER,
  ended_at             INTEGER,
  played_ms            INTEGER NOT NULL,
  held                 INTEGER NOT NULL CHECK (held IN (0, 1)),
  registered           INTEGER NOT NULL,
  attended_registered  INTEGER NOT NULL,
  guests               INTEGER NOT NULL,
  body                 TEXT NOT NULL,
  PRIMARY KEY (station_id, session_id)
);
CREATE INDEX session_reports_date ON session_reports(station_id, date);

-- The latest monthly figures each station computed (member-level counting happens at the station).
CREATE TABLE month_summaries (
  station_id           TEXT NOT NULL REFERENCES stations(id),
  month                TEXT NOT NULL,
  event_id             TEXT NOT NULL,
  reported_at          INTEGER NOT NULL,
  registered           INTEGER NOT NULL,
  attended_registered  INTEGER NOT NULL,
  excused              INTEGER NOT NULL,
  sessions_held        INTEGER NOT NULL,
  study_minutes        REAL NOT NULL,
  guests               INTEGER NOT NULL,
  body                 TEXT NOT NULL,
  PRIMARY KEY (station_id, month)
);

-- The latest of each kind of state a station reports.
CREATE TABLE station_status (
  station_id     TEXT PRIMARY KEY REFERENCES stations(id),
  heartbeat_at   INTEGER,
  clock_skew_ms  INTEGER,
  health_at      INTEGER,
  health         TEXT,                     -- JSON, the latest 'aggregate' health report
  equipment_at   INTEGER,
  equipment      TEXT                      -- JSON, the latest equipment register
);

-- Alerts the station raised or cleared, latest state per code.
CREATE TABLE station_alerts (
  station_id  TEXT NOT NULL REFERENCES stations(id),
  code        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('raised', 'cleared')),
  level       TEXT,
  message     TEXT,
  since       INTEGER NOT NULL,            -- when it was raised (station clock)
  at          INTEGER NOT NULL,            -- the latest report about it
  PRIMARY KEY (station_id, code)
);

CREATE TABLE staff_users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(username)) > 0),
  role           TEXT NOT NULL CHECK (role IN ('county_admin', 'viewer')),
  password_hash  TEXT NOT NULL,            -- salted scrypt
  failures       INTEGER NOT NULL DEFAULT 0,
  locked_until   INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  disabled_at    INTEGER
);

CREATE TABLE staff_sessions (
  token_hash  TEXT PRIMARY KEY,            -- sha256 of the bearer token / cookie
  user_id     INTEGER NOT NULL REFERENCES staff_users(id),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);

-- What staff changed, for the county's own inspection.
CREATE TABLE staff_audit (
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  detail   TEXT                            -- JSON
);

CREATE TABLE county_programs (
  id                        INTEGER PRIMARY KEY,
  title                     TEXT NOT NULL CHECK (length(trim(title)) > 0),
  kind                      TEXT NOT NULL CHECK (kind IN ('group_viewing', 'background')),
  rule                      TEXT NOT NULL, -- JSON recurrence rule, station-local
  course_title              TEXT NOT NULL,
  stream_url                TEXT,
  course_sha256             TEXT,
  duration_ms               INTEGER,
  checkin_opens_before_min  INTEGER NOT NULL CHECK (checkin_opens_before_min BETWEEN 0 AND 240),
  checkin_closes_after_min  INTEGER NOT NULL CHECK (checkin_closes_after_min BETWEEN 0 AND 480),
  notes                     TEXT,
  created_at                INTEGER NOT NULL,
  updated_at                INTEGER NOT NULL,
  removed_at                INTEGER,
  CHECK (stream_url IS NOT NULL OR course_sha256 IS NOT NULL)
);

CREATE TABLE county_notices (
  id          INTEGER PRIMARY KEY,
  text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
  until       TEXT,
  created_at  INTEGER NOT NULL,
  removed_at  INTEGER
);
`,
};
