// Nineteenth hub step: alerts that reach people (issue 17). Who is told (contacts of a station, of a unit, or of
// the hub's own desk, each by SMS or a group robot), each standing alert as a case from when the hub first saw it
// until it cleared, and every delivery with each of its tries. Plain SQL for SQLite and PostgreSQL alike; text
// keys (random UUIDs), since one SQL text cannot declare an identity column on both.
// Owner: county/store/alerting-store.ts. The rules and the SMS account are hub settings (`alert_rules`, `notify_sms`).
import type { HubMigration } from '../database.ts';

export const alertEscalation: HubMigration = {
  version: 19,
  name: 'alert-escalation',
  up: /* sql */ `
CREATE TABLE notify_contacts (
  id          TEXT PRIMARY KEY,
  station_id  TEXT REFERENCES stations(id),    -- the station's own people (its administrator) …
  unit_id     TEXT REFERENCES org_units(id),   -- … or a unit's; both NULL: the hub's own desk
  name        TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('sms', 'wecom', 'dingtalk')),
  address     TEXT NOT NULL,                   -- a mobile number, or the robot's webhook address
  secret      TEXT,                            -- a DingTalk robot's signing secret (加签)
  created_at  BIGINT NOT NULL,
  retired_at  BIGINT,
  CHECK (station_id IS NULL OR unit_id IS NULL)
);
CREATE INDEX notify_contacts_by_station ON notify_contacts(station_id);
CREATE INDEX notify_contacts_by_unit ON notify_contacts(unit_id);

CREATE TABLE alert_cases (
  id               TEXT PRIMARY KEY,
  station_id       TEXT NOT NULL REFERENCES stations(id),
  code             TEXT NOT NULL,              -- the hub's alert code; station_alert:<the station's code>
  message          TEXT NOT NULL,              -- what the dashboard said when the case opened
  opened_at        BIGINT NOT NULL,
  closed_at        BIGINT,
  next_rung        BIGINT NOT NULL DEFAULT 0,   -- the ladder rung to tell next
  last_notice_at   BIGINT,
  acknowledged_at  BIGINT,
  acknowledged_by  TEXT,
  ack_note         TEXT
);
CREATE UNIQUE INDEX alert_cases_one_open ON alert_cases(station_id, code) WHERE closed_at IS NULL;
CREATE INDEX alert_cases_by_opened ON alert_cases(opened_at);

CREATE TABLE alert_deliveries (
  id            TEXT PRIMARY KEY,
  case_id       TEXT NOT NULL REFERENCES alert_cases(id),
  rung          BIGINT NOT NULL,
  rung_name     TEXT NOT NULL,                 -- who the rung was when told (站点管理员, a unit's name …)
  contact_id    TEXT NOT NULL REFERENCES notify_contacts(id),
  channel       TEXT NOT NULL,
  delivered     BIGINT NOT NULL,               -- 1: the provider accepted it
  tries         TEXT NOT NULL,                 -- JSON: every try, its status and the provider's code
  provider_ref  TEXT,
  at            BIGINT NOT NULL
);
CREATE INDEX alert_deliveries_by_case ON alert_deliveries(case_id);
`,
};
