// Ninth schema step (0008 is another change's). First, the name order (设置 › 名单排序) a finished viewing's list was
// fixed in, so its sign-in sheet lists names in the roster's order — and keeps that order when the setting
// changes later, as a sheet already printed must. Lists fixed before this step take the station's setting as
// it stands at the upgrade (strokes unless the administrator chose pinyin); they had been in code-point order,
// which is no order a name list is kept in. Written by agent/roster/session-roster-store.ts.
// Second, the PIN reset codes the county withdrew before they were used (its downlink says so): refused from
// then on like a used one. Written by agent/admin/reset-code.ts.
import type { Migration } from '../migrate.ts';

export const sheetOrderWithdrawnCodes: Migration = {
  version: 9,
  name: 'sheet-order-withdrawn-codes',
  up: /* sql */ `
ALTER TABLE session_rosters ADD COLUMN name_order TEXT NOT NULL DEFAULT 'strokes' CHECK (name_order IN ('strokes', 'pinyin'));
UPDATE session_rosters
   SET name_order = COALESCE((SELECT json_extract(value, '$.nameOrder') FROM settings WHERE key = 'station' AND json_extract(value, '$.nameOrder') IN ('strokes', 'pinyin')), 'strokes');

CREATE TABLE pin_reset_codes_withdrawn (
  code_window   INTEGER NOT NULL,   -- the hour the hub issued it in, counted from the epoch
  nonce         INTEGER NOT NULL CHECK (nonce BETWEEN 0 AND 99),
  withdrawn_at  INTEGER NOT NULL,   -- when this station heard of it
  PRIMARY KEY (code_window, nonce)
) WITHOUT ROWID;
`,
};
