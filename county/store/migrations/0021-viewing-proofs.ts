// Twenty-first hub step: proof of viewing (收看留证, issue 17) — which pictures a station sent of a group viewing
// (the screen at start, middle and end; the room's photo where its camera is on). The picture itself stays in
// its `events` row, stored once as it came; this is the index the viewing's page reads it through. Pruned,
// with those events, after a year (county/proof-retention.ts). Plain SQL for SQLite and PostgreSQL alike.
// Owner: county/store/proof-store.ts.
import type { HubMigration } from '../database.ts';

export const viewingProofs: HubMigration = {
  version: 21,
  name: 'viewing-proofs',
  up: /* sql */ `
CREATE TABLE viewing_proofs (
  station_id   TEXT NOT NULL REFERENCES stations(id),
  session_id   BIGINT NOT NULL,               -- the station's session id, as in session_reports
  moment       TEXT NOT NULL CHECK (moment IN ('start', 'middle', 'end', 'room')),
  event_id     TEXT NOT NULL,                 -- the events row holding the JPEG (events.id of this station)
  taken_at     BIGINT NOT NULL,
  width        BIGINT NOT NULL,
  height       BIGINT NOT NULL,
  bytes        BIGINT NOT NULL,
  received_at  BIGINT NOT NULL,
  PRIMARY KEY (station_id, session_id, moment)
);
CREATE INDEX viewing_proofs_by_time ON viewing_proofs(taken_at);
`,
};
