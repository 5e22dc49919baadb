// Twenty-fourth hub step (issue 16, ingest at a province's scale): one row whose token changes, in the same
// transaction, with every change to what stations are sent (programs, notices, policies). Each hub process keeps
// every unit's downlink in memory (county/live/downlink-cache.ts) for as long as the token it was read under is
// still the database's, so a change made through one hub process reaches stations reporting through another at
// their next contact, at the price of one small read a report instead of eight. Plain SQL for SQLite and
// PostgreSQL alike. Owner: county/store/downlink-epoch.ts.
import type { HubMigration } from '../database.ts';

export const downlinkEpoch: HubMigration = {
  version: 24,
  name: 'downlink-epoch',
  up: /* sql */ `
CREATE TABLE downlink_epoch (
  id     BIGINT PRIMARY KEY CHECK (id = 1),  -- one row, always there
  token  TEXT NOT NULL                       -- random; a new one at every change of what stations are sent
);
INSERT INTO downlink_epoch (id, token) VALUES (1, 'initial');
`,
};
