// Twentieth hub step: 党建指导员 (issue 17). An instructor is a staff member (staff_users) marked `instructor`;
// the role column keeps 'viewer' because its CHECK (0001) cannot be widened in one SQL text for SQLite and
// PostgreSQL (SQLite rebuilds a table to change a CHECK) — StaffStore reads the mark as the role 'instructor'.
// Assignments keep their history (who, from when, until when; a station has at most one current instructor);
// guidance records (指导记录) are never changed: a correction is a new record that names the one it supersedes.
// Owner: county/store/instructor-store.ts.
import type { HubMigration } from '../database.ts';

export const instructors: HubMigration = {
  version: 20,
  name: 'instructors',
  up: /* sql */ `
ALTER TABLE staff_users ADD COLUMN instructor BIGINT NOT NULL DEFAULT 0 CHECK (instructor IN (0, 1));

CREATE TABLE instructor_assignments (
  id           TEXT PRIMARY KEY,
  station_id   TEXT NOT NULL REFERENCES stations(id),
  user_id      BIGINT NOT NULL REFERENCES staff_users(id),
  from_at      BIGINT NOT NULL,
  until_at     BIGINT,                        -- NULL: the station's current instructor
  assigned_by  TEXT NOT NULL,
  ended_by     TEXT
);
CREATE UNIQUE INDEX instructor_assignments_one_current ON instructor_assignments(station_id) WHERE until_at IS NULL;
CREATE INDEX instructor_assignments_by_user ON instructor_assignments(user_id, until_at);

CREATE TABLE guidance_records (
  id             TEXT PRIMARY KEY,
  station_id     TEXT NOT NULL REFERENCES stations(id),
  instructor_id  BIGINT REFERENCES staff_users(id), -- whose guidance it was: the station's instructor when logged
  visited_on     TEXT NOT NULL,                     -- the day of the visit or guidance, local (YYYY-MM-DD)
  kind           TEXT NOT NULL CHECK (kind IN ('on_site', 'remote', 'training', 'attended')),
  done           TEXT NOT NULL,
  problems       TEXT NOT NULL DEFAULT '',
  follow_up      TEXT NOT NULL DEFAULT '',
  author         TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  supersedes     TEXT REFERENCES guidance_records(id) -- the record this one corrects; that one stays, superseded
);
CREATE INDEX guidance_records_by_station ON guidance_records(station_id, visited_on);
CREATE INDEX guidance_records_by_instructor ON guidance_records(instructor_id, visited_on);
CREATE UNIQUE INDEX guidance_records_one_correction ON guidance_records(supersedes);
`,
};
