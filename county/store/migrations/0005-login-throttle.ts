// Wrong staff passwords slow the one who types them instead of locking the account: failures are counted
// per client address and per (client, user name) — for names that exist and names that do not alike — and
// each further try waits longer (county/auth/login-throttle.ts). The account's own failures/locked_until
// were a switch any stranger could flip against its owner and told who exists; they go.
import type { HubMigration } from '../database.ts';

export const loginThrottle: HubMigration = {
  version: 5,
  name: 'login-throttle',
  up: /* sql */ `
CREATE TABLE login_throttle (
  key              TEXT PRIMARY KEY,      -- 'client <address>' or 'name <address> <user name, lower case>'
  failures         INTEGER NOT NULL CHECK (failures >= 0),
  last_failure_at  INTEGER NOT NULL       -- hub clock; the wait is counted from here
) WITHOUT ROWID;
CREATE INDEX login_throttle_last_failure_at ON login_throttle(last_failure_at);

ALTER TABLE staff_users DROP COLUMN locked_until;
ALTER TABLE staff_users DROP COLUMN failures;
`,
};
