// Twenty-second hub step (issue 17, part 4): a program or notice reaches a chosen part of its unit's subtree — the
// stations of some site grades, or a list of stations — each station's delivery of it is kept (sent, received,
// shown), and a program may be a live broadcast started now ("go live"). Plain SQL for SQLite and PostgreSQL alike.
// Owner: county/store/downlink-store.ts (targets, live) and county/store/delivery-store.ts (deliveries).
import type { HubMigration } from '../database.ts';

export const targetsDeliveriesAndLive: HubMigration = {
  version: 22,
  name: 'targets-deliveries-and-live',
  up: /* sql */ `
ALTER TABLE county_programs ADD COLUMN target_grades TEXT;    -- a JSON list of site grades; NULL: every grade
ALTER TABLE county_programs ADD COLUMN target_stations TEXT;  -- a JSON list of station ids; NULL: every station
ALTER TABLE county_programs ADD COLUMN live_started_at BIGINT; -- a live broadcast staff started now; NULL: scheduled
ALTER TABLE county_notices ADD COLUMN target_grades TEXT;
ALTER TABLE county_notices ADD COLUMN target_stations TEXT;

CREATE TABLE downlink_deliveries (
  station_id   TEXT NOT NULL REFERENCES stations(id),
  item_key     TEXT NOT NULL,      -- the program's or notice's station key (cp-… / cn-…)
  sent_at      BIGINT NOT NULL,    -- first in a downlink the station fetched
  received_at  BIGINT,             -- the station applied a downlink carrying it
  shown_at     BIGINT,             -- a notice on the kiosk's board, a program started (live: playing)
  checked_in   BIGINT,             -- a live broadcast: check-ins the station reported so far
  PRIMARY KEY (station_id, item_key)
);
CREATE INDEX downlink_deliveries_by_item ON downlink_deliveries(item_key);
`,
};
