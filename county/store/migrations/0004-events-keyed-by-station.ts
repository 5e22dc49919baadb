// Event ids become each station's own: `events` was UNIQUE on the id alone, so a station that learned
// another's event id could store it first under its own name and have the owner's event refused. The table
// is rebuilt UNIQUE on (station_id, id), every row kept with its arrival order (seq). With it comes each
// station's ingest budget (county/ingest/ingest-budget.pure.ts): what it may still send before the hub says 429.
import type { HubMigration } from '../database.ts';

export const eventsKeyedByStation: HubMigration = {
  version: 4,
  name: 'events-keyed-by-station',
  up: /* sql */ `
CREATE TABLE events_by_station (
  seq          INTEGER PRIMARY KEY,        -- arrival order
  id           TEXT NOT NULL,              -- the station's outbox id: unique per station, not across stations
  station_id   TEXT NOT NULL REFERENCES stations(id),
  type         TEXT NOT NULL,
  at           INTEGER NOT NULL,           -- station clock
  body         TEXT NOT NULL,              -- JSON
  received_at  INTEGER NOT NULL,           -- hub clock
  UNIQUE (station_id, id)
);
INSERT INTO events_by_station (seq, id, station_id, type, at, body, received_at)
  SELECT seq, id, station_id, type, at, body, received_at FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_by_station RENAME TO events;
CREATE INDEX events_station_type_at ON events(station_id, type, at);

-- A token bucket per station (events and bytes), refilled continuously at the daily budget up to a few
-- days' worth; a station without a row has a full bucket.
CREATE TABLE station_ingest_budget (
  station_id  TEXT PRIMARY KEY REFERENCES stations(id),
  events      REAL NOT NULL,
  bytes       REAL NOT NULL,
  at          INTEGER NOT NULL             -- hub clock of the last refill
);
`,
};
