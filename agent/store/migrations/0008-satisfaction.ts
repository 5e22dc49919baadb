// Eighth schema step: member satisfaction (满意度) after each group viewing — the survey of a session, its
// anonymous answers (append-only), and the per-survey card marks that stop one card answering twice.
// Written only by agent/satisfaction/satisfaction-store.ts; why it is shaped so: agent/satisfaction/README.md.
import type { Migration } from '../migrate.ts';

export const satisfaction: Migration = {
  version: 8,
  name: 'satisfaction',
  up: /* sql */ `
CREATE TABLE satisfaction_surveys (
  session_id  INTEGER PRIMARY KEY REFERENCES sessions(id),
  opened_at   INTEGER NOT NULL,
  closes_by   INTEGER NOT NULL,   -- closed then at the latest, whether or not a screen is showing it
  closed_at   INTEGER,            -- answers are final from here on
  present     INTEGER,            -- people checked in when it closed (the cap on answers, kept with the counts)
  card_salt   BLOB                -- random per survey while open; NULL once closed, so no mark can be recomputed
);

CREATE TABLE satisfaction_answers (
  id           INTEGER PRIMARY KEY,
  session_id   INTEGER NOT NULL REFERENCES satisfaction_surveys(session_id),
  answer       TEXT NOT NULL CHECK (answer IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  answered_at  INTEGER NOT NULL
);
CREATE INDEX satisfaction_answers_by_session ON satisfaction_answers(session_id);
CREATE TRIGGER satisfaction_answers_no_update BEFORE UPDATE ON satisfaction_answers
BEGIN SELECT RAISE(ABORT, 'satisfaction_answers is append-only'); END;
CREATE TRIGGER satisfaction_answers_no_delete BEFORE DELETE ON satisfaction_answers
BEGIN SELECT RAISE(ABORT, 'satisfaction_answers is append-only'); END;

-- One row per card that answered an open survey: HMAC(card_salt, card uid), no member, no time, no link to
-- the answer; ordered by the mark itself (WITHOUT ROWID), so not even the order of taps is kept. Deleted when
-- the survey closes.
CREATE TABLE satisfaction_card_marks (
  session_id  INTEGER NOT NULL REFERENCES satisfaction_surveys(session_id),
  mark        BLOB NOT NULL,
  PRIMARY KEY (session_id, mark)
) WITHOUT ROWID;
`,
};
