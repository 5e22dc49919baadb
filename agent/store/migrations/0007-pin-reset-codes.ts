// Seventh schema step: the county's PIN reset codes this station has taken, so each works once (the code is
// checked offline against the shared secret; only this record stops it being used again). Written only by
// agent/admin/reset-code.ts.
import type { Migration } from '../migrate.ts';

export const pinResetCodes: Migration = {
  version: 7,
  name: 'pin-reset-codes',
  up: /* sql */ `
CREATE TABLE pin_reset_codes_used (
  code_window  INTEGER NOT NULL,   -- the hour the hub issued it in, counted from the epoch
  nonce        INTEGER NOT NULL CHECK (nonce BETWEEN 0 AND 99),
  used_at      INTEGER NOT NULL,
  PRIMARY KEY (code_window, nonce)
) WITHOUT ROWID;
`,
};
