// Fourteenth schema step: proof of viewing (收看留证) — a group viewing's JPEG thumbnails (the screen at its
// start, middle and end; one photo of the room where the camera is on), one per (session, moment), each
// queued for the county in the same transaction. Written only by agent/proof/proof-store.ts, which prunes
// them after 90 days (the hub keeps its copy for a year).
import type { Migration } from '../migrate.ts';

export const viewingProofs: Migration = {
  version: 14,
  name: 'viewing-proofs',
  up: /* sql */ `
CREATE TABLE viewing_proofs (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES sessions(id),
  moment      TEXT NOT NULL CHECK (moment IN ('start', 'middle', 'end', 'room')),
  taken_at    INTEGER NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  jpeg        BLOB NOT NULL CHECK (length(jpeg) <= 102400),
  event_id    TEXT NOT NULL,
  UNIQUE (session_id, moment)
);
CREATE INDEX viewing_proofs_by_time ON viewing_proofs(taken_at);
CREATE TRIGGER viewing_proofs_no_update BEFORE UPDATE ON viewing_proofs
BEGIN SELECT RAISE(ABORT, 'viewing_proofs: a picture taken is final'); END;
`,
};
