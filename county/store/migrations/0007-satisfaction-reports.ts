// Seventh hub step: each station's satisfaction survey counts (满意度) per group viewing, from its `satisfaction`
// events (final when the survey closed on the station). Owner: county/store/satisfaction-store.ts.
import type { HubMigration } from '../database.ts';

export const satisfactionReports: HubMigration = {
  version: 7,
  name: 'satisfaction-reports',
  up: /* sql */ `
CREATE TABLE satisfaction_reports (
  station_id           TEXT NOT NULL REFERENCES stations(id),
  session_id           INTEGER NOT NULL,
  event_id             TEXT NOT NULL,
  reported_at          INTEGER NOT NULL,   -- the event's time (station clock)
  date                 TEXT NOT NULL,      -- the viewing's station-local date: its month is the month counted
  present              INTEGER NOT NULL,
  satisfied            INTEGER NOT NULL,
  basically_satisfied  INTEGER NOT NULL,
  dissatisfied         INTEGER NOT NULL,
  closed_at            INTEGER NOT NULL,
  PRIMARY KEY (station_id, session_id)
);
CREATE INDEX satisfaction_reports_by_date ON satisfaction_reports(date);
`,
};
