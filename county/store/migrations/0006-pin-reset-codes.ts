// PIN reset codes the hub issued for a station's forgotten admin PIN: who issued which, when, until when.
// The code itself is not kept (it is derived from the station's secret; protocol/pin-reset-code.pure.ts): the row
// records the issue and reserves its nonce, so two codes of the same hour differ. Owner: county/store/pin-reset-store.ts.
import type { HubMigration } from '../database.ts';

export const pinResetCodes: HubMigration = {
  version: 6,
  name: 'pin-reset-codes',
  up: /* sql */ `
CREATE TABLE pin_reset_codes (
  station_id   TEXT NOT NULL REFERENCES stations(id),
  code_window  INTEGER NOT NULL,   -- the hour of issue, counted from the epoch (hub clock)
  nonce        INTEGER NOT NULL CHECK (nonce BETWEEN 0 AND 99),
  issued_at    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  issued_by    TEXT NOT NULL,      -- the staff user name
  PRIMARY KEY (station_id, code_window, nonce)
) WITHOUT ROWID;
`,
};
