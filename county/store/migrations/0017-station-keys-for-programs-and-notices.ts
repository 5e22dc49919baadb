// Seventeenth hub step: the key a station knows a county program or notice by is stored, no longer derived from the
// row's id (issue 16). Stations knew them as `cp-<id>` and `cn-<id>`, so ids could not change and a second county
// with programs could not join a province (county/backup/hub-merge.ts). Existing rows keep exactly that key, so no
// station sees a change; new rows get a random one (downlink-store.ts), and a merge renumbers ids, keeping keys.
// Not unique: two counties' old `cp-1` both live on in a province, each reaching its own stations only; the store
// and the merge refuse two rows with one key that could reach the same station. Plain SQL for SQLite and
// PostgreSQL alike. Owner: county/store/downlink-store.ts.
import type { HubMigration } from '../database.ts';

export const stationKeysForProgramsAndNotices: HubMigration = {
  version: 17,
  name: 'station-keys-for-programs-and-notices',
  up: /* sql */ `
ALTER TABLE county_programs ADD COLUMN station_key TEXT;
ALTER TABLE county_notices ADD COLUMN station_key TEXT;
UPDATE county_programs SET station_key = 'cp-' || CAST(id AS TEXT);
UPDATE county_notices SET station_key = 'cn-' || CAST(id AS TEXT);
CREATE INDEX county_programs_by_station_key ON county_programs(station_key);
CREATE INDEX county_notices_by_station_key ON county_notices(station_key);
`,
};
