// Ninth schema step (0008 is another change's): the name order (设置 › 名单排序) a finished viewing's list was
// fixed in, so its sign-in sheet lists names in the roster's order — and keeps that order when the setting
// changes later, as a sheet already printed must. Lists fixed before this step take the station's setting as
// it stands at the upgrade (strokes unless the administrator chose pinyin); they had been in code-point order,
// which is no order a name list is kept in. Written by agent/roster/session-roster-store.ts.
import type { Migration } from '../migrate.ts';

export const sheetNameOrder: Migration = {
  version: 9,
  name: 'sheet-name-order',
  up: /* sql */ `
ALTER TABLE session_rosters ADD COLUMN name_order TEXT NOT NULL DEFAULT 'strokes' CHECK (name_order IN ('strokes', 'pinyin'));
UPDATE session_rosters
   SET name_order = COALESCE((SELECT json_extract(value, '$.nameOrder') FROM settings WHERE key = 'station' AND json_extract(value, '$.nameOrder') IN ('strokes', 'pinyin')), 'strokes');
`,
};
