// Fifteenth hub step: what is sent down reaches a subtree of the org tree (issue 16). A county program or notice
// targets one unit (its stations and every unit below), or, with NULL, every station of the hub as before. Plain
// SQL for SQLite and PostgreSQL alike. Owner: county/store/downlink-store.ts. (Each unit's policy is a hub
// setting, `policy:<unit id>`: no column.)
import type { HubMigration } from '../database.ts';

export const programsAndNoticesPerUnit: HubMigration = {
  version: 15,
  name: 'programs-and-notices-per-unit',
  up: /* sql */ `
ALTER TABLE county_programs ADD COLUMN unit_id TEXT REFERENCES org_units(id);
ALTER TABLE county_notices ADD COLUMN unit_id TEXT REFERENCES org_units(id);
CREATE INDEX county_programs_by_unit ON county_programs(unit_id);
CREATE INDEX county_notices_by_unit ON county_notices(unit_id);
`,
};
