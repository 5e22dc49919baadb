// Twenty-third hub step: remote help (远程协助, issue 17) — every command staff sent a station (a screenshot now,
// a restart of the kiosk, the diagnostic bundle), who asked, its signature, and how far it got: requested (not yet
// fetched), delivered (in a downlink the station fetched), done / refused / failed (the station's result), expired
// (no result within its time). The result's screenshot or bundle stays in its `events` row, stored once as it came;
// result_event_id finds it. Plain SQL for SQLite and PostgreSQL alike. Owner: county/store/remote-help-store.ts.
import type { HubMigration } from '../database.ts';

export const remoteHelp: HubMigration = {
  version: 23,
  name: 'remote-help',
  up: /* sql */ `
CREATE TABLE remote_help_commands (
  id               TEXT PRIMARY KEY,         -- uuid, the station's replay key
  station_id       TEXT NOT NULL REFERENCES stations(id),
  kind             TEXT NOT NULL CHECK (kind IN ('screenshot', 'restart_kiosk', 'diagnostics')),
  issued_by        TEXT NOT NULL,            -- the staff member's login name
  issued_by_id     BIGINT NOT NULL,
  issued_at        BIGINT NOT NULL,
  expires_at       BIGINT NOT NULL,
  signature        TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('requested', 'delivered', 'done', 'refused', 'failed', 'expired')),
  delivered_at     BIGINT,
  finished_at      BIGINT,
  code             TEXT,
  result_event_id  TEXT,                     -- the events row (of this station) holding the result
  result_bytes     BIGINT
);
CREATE INDEX remote_help_by_station ON remote_help_commands(station_id, issued_at);
CREATE INDEX remote_help_open ON remote_help_commands(state, expires_at);
`,
};
