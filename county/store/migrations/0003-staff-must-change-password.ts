// Staff whose password someone else chose — an administrator adding them or resetting it in the dashboard —
// must replace it before they may do anything else: the administrator knows it, and it may have travelled
// by phone or on paper. The flag is cleared when the user sets a password of their own.
import type { HubMigration } from '../database.ts';

export const staffMustChangePassword: HubMigration = {
  version: 3,
  name: 'staff-must-change-password',
  up: /* sql */ `
ALTER TABLE staff_users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
`,
};
