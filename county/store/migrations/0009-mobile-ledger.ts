// The stations' mobile-member ledgers (流动党员台帐), as their entries came (event type mobile_ledger): a station
// never changes an entry (a correction is a new entry naming the one it corrects), so each (station, entry) is
// kept once, as first stored. Owner: county/store/report-store.ts (county/store/mobile-ledger-rows.ts).
// (0007 and 0008 are other steps' numbers.)
import type { HubMigration } from '../database.ts';

export const mobileLedger: HubMigration = {
  version: 9,
  name: 'mobile-ledger',
  up: /* sql */ `
CREATE TABLE mobile_ledger_entries (
  station_id      TEXT NOT NULL REFERENCES stations(id),
  entry_id        INTEGER NOT NULL,
  event_id        TEXT NOT NULL,
  reported_at     INTEGER NOT NULL,        -- the station's clock when it was entered
  kind            TEXT NOT NULL,           -- flow_in, flow_out, return
  flow_date       TEXT NOT NULL,
  member_name     TEXT NOT NULL,
  branch          TEXT,
  organisation    TEXT NOT NULL,
  contact         TEXT,
  certificate_no  TEXT,
  note            TEXT,
  corrects        INTEGER,
  entered_by      TEXT NOT NULL,
  PRIMARY KEY (station_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX mobile_ledger_entries_date ON mobile_ledger_entries(station_id, flow_date);
`,
};
