// Fifth schema step: roster history. Each ended group viewing keeps the list of registered members it
// was held for (its 应到), and the months whose attendance records left the terminal are remembered, so
// that a later roster change cannot quietly rewrite a record already printed, exported or reported.
// Written only by agent/roster/session-roster-store.ts and agent/reports/records-issued-store.ts.
//
// Members already on the roster keep active_from as it is (NULL = "since ever"): they were counted on every
// past sheet before the upgrade and go on being counted. Only members added from now on start on the day
// they are added (agent/roster/README.md).
import type { Migration } from '../migrate.ts';

export const rosterHistory: Migration = {
  version: 5,
  name: 'roster-history',
  up: /* sql */ `
-- One row per ended group viewing: its registered members (id, name, category, branch) as JSON, in roster
-- order, as they stood when it ended. A row with an empty list is a viewing with nobody registered.
CREATE TABLE session_rosters (
  session_id  INTEGER PRIMARY KEY REFERENCES sessions(id),
  members     TEXT NOT NULL,          -- JSON array of {id, name, category, branch}
  taken_at    INTEGER NOT NULL,
  changed_at  INTEGER                 -- the last confirmed roster correction that changed it, NULL = never
);

-- Months whose attendance records (sign-in sheet, monthly report, viewing record, xAPI) were exported or
-- printed: a roster change that would alter one of them asks first.
CREATE TABLE records_issued (
  month     TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  first_at  INTEGER NOT NULL,
  last_at   INTEGER NOT NULL
);

-- Viewings that ended before the upgrade keep the list they printed with until now: the members then
-- registered on their date by the roster as it stands at the upgrade.
INSERT INTO session_rosters (session_id, members, taken_at)
SELECT s.id,
       (SELECT json_group_array(json_object('id', m.id, 'name', m.name, 'category', m.category, 'branch', m.branch))
          FROM (SELECT * FROM members m
                 WHERE m.category IN ('full', 'probationary')
                   AND (m.active_from IS NULL OR m.active_from <= s.occurrence_date)
                   AND (m.active_to IS NULL OR s.occurrence_date <= m.active_to)
                 ORDER BY m.branch IS NULL, m.branch, m.name, m.id) AS m),
       COALESCE(s.ended_at, s.created_at)
  FROM sessions s
 WHERE s.kind = 'group_viewing' AND s.status = 'ended';
`,
};
