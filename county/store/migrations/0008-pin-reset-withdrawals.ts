// Eighth hub schema step (0007 is another change's): a PIN reset code county staff withdrew before it was used
// — read out to the wrong person, or no longer needed. The station learns of it with the next reply's downlink
// and refuses the code from then on. Owner: county/store/pin-reset-store.ts.
import type { HubMigration } from '../database.ts';

export const pinResetWithdrawals: HubMigration = {
  version: 8,
  name: 'pin-reset-withdrawals',
  up: /* sql */ `
ALTER TABLE pin_reset_codes ADD COLUMN withdrawn_at INTEGER;   -- NULL: not withdrawn
ALTER TABLE pin_reset_codes ADD COLUMN withdrawn_by TEXT;      -- the staff user name
`,
};
