// Thirteenth hub step: the org tree (issue 16) — province → city → county → township units above the
// stations, any level skipped, and where each station and each staff member sits in it. No unit rows at all is
// a county-only hub, as before: a station or a staff member with no unit sits at the hub's top. Stations gain
// their coordinates for the dashboard's map. Plain SQL for SQLite and PostgreSQL alike.
// Owner: county/store/org-store.ts (units, a station's place and coordinates); staff-store.ts (a staff member's unit).
import type { HubMigration } from '../database.ts';

export const orgTree: HubMigration = {
  version: 13,
  name: 'org-tree',
  up: /* sql */ `
CREATE TABLE org_units (
  id          TEXT PRIMARY KEY,
  parent_id   TEXT REFERENCES org_units(id),   -- NULL: directly under the hub's top
  level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
  name        TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  retired_at  BIGINT
);
CREATE INDEX org_units_by_parent ON org_units(parent_id);

ALTER TABLE stations ADD COLUMN unit_id TEXT REFERENCES org_units(id);
ALTER TABLE stations ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE stations ADD COLUMN longitude DOUBLE PRECISION;
CREATE INDEX stations_by_unit ON stations(unit_id);

ALTER TABLE staff_users ADD COLUMN unit_id TEXT REFERENCES org_units(id);
`,
};
