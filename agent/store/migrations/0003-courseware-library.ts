// Third schema step: the courseware library — what the library knows about each stored file, the
// persisted conversion queue, and the append-only receive/store/play log (课件接收、存储、播放记录).
import type { Migration } from '../migrate.ts';

export const coursewareLibrary: Migration = {
  version: 3,
  name: 'courseware-library',
  up: /* sql */ `
-- courses.sha256 stays the identity of the file as RECEIVED (the same file imported twice is one course);
-- file_sha256 is the hash of the file at local_path, which differs once a legacy format was converted.
ALTER TABLE courses ADD COLUMN file_sha256 TEXT;
ALTER TABLE courses ADD COLUMN bytes INTEGER;            -- size of the file at local_path
ALTER TABLE courses ADD COLUMN original_name TEXT;       -- file name as received, e.g. '学习 第一讲.mpg'
ALTER TABLE courses ADD COLUMN received_at INTEGER;
ALTER TABLE courses ADD COLUMN last_played_at INTEGER;
ALTER TABLE courses ADD COLUMN poster_path TEXT;
ALTER TABLE courses ADD COLUMN media TEXT;               -- JSON: container, codecs, size, as ffprobe saw the stored file
-- Courses from before the library (demo or manual rows) were received when they were added, and their
-- sha256 was taken of the very file they point at.
UPDATE courses SET received_at = created_at, file_sha256 = sha256;

-- One row per course that needs a new container or a transcode; it outlives restarts, so a conversion
-- interrupted by a power cut starts again rather than being forgotten.
CREATE TABLE conversion_jobs (
  course_id    INTEGER PRIMARY KEY REFERENCES courses(id),
  action       TEXT NOT NULL CHECK (action IN ('remux', 'transcode')),
  reason       TEXT,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  progress     REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  worker_pid   INTEGER,                 -- the process that claimed it; a dead one means the job is stale
  ffmpeg_pid   INTEGER,
  error        TEXT,
  not_before   INTEGER,                 -- retry back-off after a failed attempt
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX conversion_jobs_open ON conversion_jobs(created_at) WHERE state IN ('pending', 'running');

CREATE TABLE content_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  event      TEXT NOT NULL CHECK (event IN ('received', 'stored', 'converted', 'played', 'verify_failed',
                                             'quarantined', 'removed', 'evicted', 'budget_warning')),
  course_id  INTEGER REFERENCES courses(id),
  source     TEXT,                      -- inbox, usb, url, manual, county, demo, player, system
  file_name  TEXT,
  bytes      INTEGER,
  sha256     TEXT,
  detail     TEXT                       -- JSON
);
CREATE INDEX content_log_at ON content_log(at);
CREATE INDEX content_log_course ON content_log(course_id);

CREATE TRIGGER content_log_no_update BEFORE UPDATE ON content_log
BEGIN SELECT RAISE(ABORT, 'content_log is append-only'); END;
CREATE TRIGGER content_log_no_delete BEFORE DELETE ON content_log
BEGIN SELECT RAISE(ABORT, 'content_log is append-only'); END;
`,
};
