// Fifteenth schema step: remote help (远程协助, issue 17) — every command the county sent this station, by its
// id, kept for good: the replay guard (an id seen once is never carried out again, also after a restart or a
// restore of an older downlink) and what became of each. Written only by agent/remote-help/remote-help-store.ts.
import type { Migration } from '../migrate.ts';

export const remoteHelp: Migration = {
  version: 15,
  name: 'remote-help',
  up: /* sql */ `
CREATE TABLE remote_help_commands (
  id           TEXT PRIMARY KEY,            -- the hub's uuid for the command
  kind         TEXT NOT NULL,
  issued_by    TEXT NOT NULL,
  issued_at    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  received_at  INTEGER NOT NULL,
  -- queued: accepted, not yet begun; running: begun (found so at start: interrupted, never run twice);
  -- done / failed / refused: final, its result queued for the county in the same transaction.
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'refused')),
  code         TEXT,
  finished_at  INTEGER,
  replay_reported INTEGER NOT NULL DEFAULT 0 CHECK (replay_reported IN (0, 1))
);
CREATE INDEX remote_help_commands_open ON remote_help_commands(state) WHERE state IN ('queued', 'running');
`,
};
