// Sixth schema step: named admin accounts (administrator, operators, study tutors), each with its own PIN.
// The single PIN of an older station becomes the account 管理员, so its administrator logs in as before;
// the wrong-PIN count stays in the settings row 'admin.auth', which keeps only that from now on.
// Written only by agent/admin/account-store.ts (and the throttle by agent/admin/admin-auth.ts).
import type { Migration } from '../migrate.ts';

export const adminAccounts: Migration = {
  version: 6,
  name: 'admin-accounts',
  up: /* sql */ `
CREATE TABLE admin_accounts (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
  role         TEXT NOT NULL CHECK (role IN ('administrator', 'operator', 'tutor')),
  pin_hash     TEXT,                       -- salted scrypt; NULL: still the default PIN everybody knows
  must_change  INTEGER NOT NULL CHECK (must_change IN (0, 1)),   -- a default or one-time PIN
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

INSERT INTO admin_accounts (name, role, pin_hash, must_change, active, created_at, updated_at)
SELECT '管理员', 'administrator', json_extract(value, '$.pinHash'),
       CASE WHEN json_extract(value, '$.mustChange') THEN 1 ELSE 0 END, 1, updated_at, updated_at
FROM settings WHERE key = 'admin.auth';

UPDATE settings
SET value = json_object('failures', coalesce(json_extract(value, '$.failures'), 0),
                        'lastFailureAt', json_extract(value, '$.lastFailureAt'))
WHERE key = 'admin.auth';
`,
};
