// Tenth schema step (0008 and 0009 are other steps' numbers): the roster's 入党申请人 (applicant) category and
// its 困难党员 flag, and the mobile-member ledger (流动党员台帐).
//
// SQLite cannot widen a CHECK in place, so `members` and `attendance` (its guest categories) are rebuilt (SQLite's 12-step procedure: foreign keys off
// for the step, every reference checked before it commits — common/schema-migrations.ts). Every row keeps its id,
// so attendance, excusals and fixed viewing lists still point at the same people and check-ins.
//
// The ledger is append-only like the station log: a wrong entry is corrected by a new entry that names it
// (`corrects`), never edited. Written only by agent/roster/mobile-ledger-store.ts.
import type { Migration } from '../migrate.ts';

export const mobileLedger: Migration = {
  version: 10,
  name: 'mobile-ledger',
  rebuildsTables: true,
  up: /* sql */ `
CREATE TABLE members_rebuilt (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
  gender       TEXT CHECK (gender IN ('male', 'female')),
  category     TEXT NOT NULL CHECK (category IN ('full', 'probationary', 'mobile_in', 'activist', 'applicant', 'other')),
  hardship     INTEGER NOT NULL DEFAULT 0 CHECK (hardship IN (0, 1)),   -- 困难党员: a flag, the category stays
  branch       TEXT,
  card_uid     TEXT UNIQUE,
  phone        TEXT,
  active_from  TEXT,                    -- first day on the roster, NULL = always
  active_to    TEXT,                    -- last day on the roster, NULL = still
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
INSERT INTO members_rebuilt (id, name, gender, category, branch, card_uid, phone, active_from, active_to, created_at, updated_at)
  SELECT id, name, gender, category, branch, card_uid, phone, active_from, active_to, created_at, updated_at FROM members;
DROP TABLE members;
ALTER TABLE members_rebuilt RENAME TO members;
CREATE INDEX members_name ON members(name);

-- A walk-in guest may be an applicant too: the guest categories widen the same way.
CREATE TABLE attendance_rebuilt (
  id               INTEGER PRIMARY KEY,
  session_id       INTEGER NOT NULL REFERENCES sessions(id),
  member_id        INTEGER REFERENCES members(id),
  member_category  TEXT,              -- the member's category on the day, for the record
  guest_name       TEXT,
  guest_category   TEXT CHECK (guest_category IN ('non_registered', 'mobile', 'activist', 'applicant', 'employee', 'other')),
  method           TEXT NOT NULL CHECK (method IN ('tile', 'search', 'card', 'guest', 'cli', 'admin')),
  checked_in_at    INTEGER NOT NULL,
  checked_out_at   INTEGER,
  late             INTEGER NOT NULL CHECK (late IN (0, 1)),
  undone_at        INTEGER,           -- an admin's undo keeps the row for the record
  CHECK ((member_id IS NULL) <> (guest_name IS NULL)),
  CHECK (guest_name IS NULL OR guest_category IS NOT NULL)
);
INSERT INTO attendance_rebuilt (id, session_id, member_id, member_category, guest_name, guest_category, method, checked_in_at, checked_out_at, late, undone_at)
  SELECT id, session_id, member_id, member_category, guest_name, guest_category, method, checked_in_at, checked_out_at, late, undone_at FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_rebuilt RENAME TO attendance;
CREATE UNIQUE INDEX attendance_member_once ON attendance(session_id, member_id)
  WHERE member_id IS NOT NULL AND undone_at IS NULL;
CREATE UNIQUE INDEX attendance_guest_once ON attendance(session_id, guest_name, guest_category)
  WHERE guest_name IS NOT NULL AND undone_at IS NULL;

-- 流动党员台帐: one row per flow. flow_in: someone from another organisation joins here (as 流入党员);
-- flow_out: one of ours goes to another organisation; return: a flowed-in member goes back to their origin,
-- or a flowed-out one comes back. organisation is where they came from (flow_in, and return of ours) or went
-- to (flow_out, and return of a flowed-in member).
CREATE TABLE mobile_ledger (
  id              INTEGER PRIMARY KEY,
  member_id       INTEGER NOT NULL REFERENCES members(id),
  kind            TEXT NOT NULL CHECK (kind IN ('flow_in', 'flow_out', 'return')),
  flow_date       TEXT NOT NULL CHECK (flow_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  organisation    TEXT NOT NULL CHECK (length(trim(organisation)) > 0),
  contact         TEXT,                   -- a phone number or a person to reach at that organisation
  certificate_no  TEXT,                   -- 流动党员活动证 number
  note            TEXT,
  corrects        INTEGER REFERENCES mobile_ledger(id),   -- this entry corrects that one (which stays as it was)
  entered_by      TEXT NOT NULL,
  entered_at      INTEGER NOT NULL
);
CREATE INDEX mobile_ledger_date ON mobile_ledger(flow_date, id);
CREATE INDEX mobile_ledger_member ON mobile_ledger(member_id, id);
CREATE TRIGGER mobile_ledger_no_update BEFORE UPDATE ON mobile_ledger
  BEGIN SELECT RAISE(ABORT, 'mobile_ledger is append-only'); END;
CREATE TRIGGER mobile_ledger_no_delete BEFORE DELETE ON mobile_ledger
  BEGIN SELECT RAISE(ABORT, 'mobile_ledger is append-only'); END;
`,
};
