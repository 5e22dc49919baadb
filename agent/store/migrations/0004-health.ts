// Fourth schema step: device health — one-minute samples (kept 48 h), their 15-minute aggregates (kept
// 90 days), and the equipment register (设备登记). Written only by agent/health/health-store.ts and
// agent/health/equipment-store.ts.
import type { Migration } from '../migrate.ts';

export const health: Migration = {
  version: 4,
  name: 'health',
  up: /* sql */ `
-- The sample's instant is the rowid: range reads ("the last 48 h"), roll-ups and pruning walk the
-- table's own b-tree in time order, with no second index to keep up to date every minute.
CREATE TABLE health_samples (
  at                   INTEGER PRIMARY KEY,
  cpu_load_pct         REAL,              -- 0–100, the average since the previous sample
  mem_total_bytes      INTEGER,
  mem_available_bytes  INTEGER,           -- what programs can still get (MemAvailable), not "free"
  disk_free_bytes      INTEGER,           -- of the data directory's file system, for the agent's user
  disk_total_bytes     INTEGER,
  cpu_temp_c           REAL,              -- NULL: the machine has no sensor, or it could not be read
  uptime_s             INTEGER,
  hub_reachable        INTEGER CHECK (hub_reachable IN (0, 1)),   -- NULL: no hub configured, or not checked
  hub_latency_ms       INTEGER,
  kiosk_connected      INTEGER NOT NULL CHECK (kiosk_connected IN (0, 1)),
  kiosk_screen         TEXT,
  kiosk_width          INTEGER,
  kiosk_height         INTEGER,
  kiosk_visible        INTEGER CHECK (kiosk_visible IN (0, 1)),
  problems             TEXT               -- JSON array: probes that failed or timed out, NULL when none
);

CREATE TABLE health_aggregates (
  bucket_start          INTEGER PRIMARY KEY,   -- UTC ms, a multiple of bucket_ms
  bucket_ms             INTEGER NOT NULL,
  samples               INTEGER NOT NULL CHECK (samples > 0),
  cpu_min               REAL, cpu_avg REAL, cpu_max REAL,
  mem_used_min          INTEGER, mem_used_avg INTEGER, mem_used_max INTEGER,
  mem_total_bytes       INTEGER,
  disk_free_min         INTEGER, disk_free_avg INTEGER, disk_free_max INTEGER,
  disk_total_bytes      INTEGER,
  temp_min              REAL, temp_avg REAL, temp_max REAL,
  uptime_max_s          INTEGER,
  hub_checks            INTEGER NOT NULL,      -- samples that tried the hub
  hub_reachable         INTEGER NOT NULL,      -- … and reached it
  kiosk_connected       INTEGER NOT NULL,      -- samples with the kiosk's heartbeat fresh
  created_at            INTEGER NOT NULL
);

CREATE TABLE equipment (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  model       TEXT,
  quantity    INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 9999),
  issued_on   TEXT CHECK (issued_on IS NULL OR issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  condition   TEXT NOT NULL CHECK (condition IN ('good', 'fair', 'damaged', 'scrapped')),
  notes       TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
`,
};
