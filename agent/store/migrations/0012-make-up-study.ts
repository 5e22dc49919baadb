// Twelfth schema step: make-up study (补学). A program may be a make-up showing, for the members who missed the
// month's group viewing; each of its sessions keeps the flag it was opened with, so a record already printed or
// exported never changes when the program is edited later. Attendance at such a session is 补学 by the session's
// flag: no attendance column is needed. Why it counts as it does: docs/domain.md (补学).
import type { Migration } from '../migrate.ts';

export const makeUpStudy: Migration = {
  version: 12,
  name: 'make-up-study',
  up: /* sql */ `
ALTER TABLE programs ADD COLUMN make_up INTEGER NOT NULL DEFAULT 0 CHECK (make_up IN (0, 1));
ALTER TABLE sessions ADD COLUMN make_up INTEGER NOT NULL DEFAULT 0 CHECK (make_up IN (0, 1));
`,
};
