// Eleventh schema step: the branch activity register (支部活动记录: 三会一课 and 主题党日) — the activity itself,
// who checked in to it (the same shape as a viewing's attendance), and the photos imported for it.
//
// An activity is a record as written: its content never changes after it is entered (a trigger refuses it), and
// it is never deleted. "Remove" withdraws it: the row stays, marked with who, when and why, so a copy already
// printed or exported still matches the book. Only the check-in window and the withdrawal are ever written
// later, each once. Written only by agent/activities/activity-store.ts (activities, photos) and
// agent/activities/activity-checkin.ts (activity_attendance, through the store).
import type { Migration } from '../migrate.ts';

export const branchActivities: Migration = {
  version: 11,
  name: 'branch-activities',
  up: /* sql */ `
CREATE TABLE activities (
  id                 INTEGER PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('branch_assembly', 'committee', 'group_meeting', 'party_lesson', 'theme_day', 'other')),
  held_on            TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  start_time         TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  end_time           TEXT CHECK (end_time IS NULL OR end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  place              TEXT NOT NULL CHECK (length(trim(place)) > 0),
  host               TEXT NOT NULL CHECK (length(trim(host)) > 0),
  topic              TEXT NOT NULL CHECK (length(trim(topic)) > 0),
  minutes            TEXT NOT NULL DEFAULT '',
  branch             TEXT,                               -- the branch it belongs to; NULL = the station's own
  session_id         INTEGER REFERENCES sessions(id),    -- the group viewing it used, if any
  recorded_by        TEXT NOT NULL,
  recorded_at        INTEGER NOT NULL,
  checkin_opened_at  INTEGER,
  checkin_closed_at  INTEGER,
  withdrawn_at       INTEGER,
  withdrawn_by       TEXT,
  withdrawn_reason   TEXT,
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL) AND (withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
);
CREATE INDEX activities_by_day ON activities(held_on, start_time, id);
CREATE TRIGGER activities_content_fixed
  BEFORE UPDATE OF id, kind, held_on, start_time, end_time, place, host, topic, minutes, branch, session_id, recorded_by, recorded_at ON activities
  BEGIN SELECT RAISE(ABORT, 'an activity record is not edited: withdraw it and enter a new one'); END;
CREATE TRIGGER activities_no_delete BEFORE DELETE ON activities
  BEGIN SELECT RAISE(ABORT, 'activities are withdrawn, never deleted'); END;

-- Check-ins to an activity: the rows a viewing's attendance has, keyed by the activity. No lateness: a meeting
-- is not a showing with a start to be late for.
CREATE TABLE activity_attendance (
  id               INTEGER PRIMARY KEY,
  activity_id      INTEGER NOT NULL REFERENCES activities(id),
  member_id        INTEGER REFERENCES members(id),
  member_category  TEXT,
  guest_name       TEXT,
  guest_category   TEXT CHECK (guest_category IN ('non_registered', 'mobile', 'activist', 'applicant', 'employee', 'other')),
  method           TEXT NOT NULL CHECK (method IN ('tile', 'search', 'card', 'guest', 'cli', 'admin')),
  checked_in_at    INTEGER NOT NULL,
  undone_at        INTEGER,
  CHECK ((member_id IS NULL) <> (guest_name IS NULL)),
  CHECK (guest_name IS NULL OR guest_category IS NOT NULL)
);
CREATE UNIQUE INDEX activity_attendance_member_once ON activity_attendance(activity_id, member_id)
  WHERE member_id IS NOT NULL AND undone_at IS NULL;
CREATE UNIQUE INDEX activity_attendance_guest_once ON activity_attendance(activity_id, guest_name, guest_category)
  WHERE guest_name IS NOT NULL AND undone_at IS NULL;

-- Photos of an activity, imported from a USB stick: stored under the data directory by their SHA-256, with a
-- thumbnail beside them. Append-only.
CREATE TABLE activity_photos (
  id             INTEGER PRIMARY KEY,
  activity_id    INTEGER NOT NULL REFERENCES activities(id),
  sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
  bytes          INTEGER NOT NULL,
  format         TEXT NOT NULL CHECK (format IN ('jpeg', 'png')),
  original_name  TEXT NOT NULL,
  imported_by    TEXT NOT NULL,
  imported_at    INTEGER NOT NULL,
  UNIQUE (activity_id, sha256)
);
CREATE TRIGGER activity_photos_no_update BEFORE UPDATE ON activity_photos
  BEGIN SELECT RAISE(ABORT, 'activity_photos is append-only'); END;
CREATE TRIGGER activity_photos_no_delete BEFORE DELETE ON activity_photos
  BEGIN SELECT RAISE(ABORT, 'activity_photos is append-only'); END;
`,
};
