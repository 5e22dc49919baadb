// The hub's tables as the query builder (Kysely) sees them: one interface per table, written by hand from the
// migrations (county/store/migrations/ for SQLite, postgres-baseline.ts for PostgreSQL, which are kept equal).
// A column added by a migration is added here in the same change; docs/guides/add-hub-query.md says how.
//
// Instants are epoch ms (INTEGER in SQLite, BIGINT in PostgreSQL, read back as numbers); flags are 0/1 integers
// on both (better-sqlite3 binds no booleans); JSON is text.
import type { Generated } from 'kysely';
import type { AlertCasesTable, AlertDeliveriesTable, DownlinkDeliveriesTable, GuidanceRecordsTable, InstructorAssignmentsTable, NotifyContactsTable, ViewingProofsTable, RemoteHelpCommandsTable } from './hub-tables-supervision.ts';
export type { AlertCasesTable, AlertDeliveriesTable, DownlinkDeliveriesTable, GuidanceRecordsTable, InstructorAssignmentsTable, NotifyContactsTable, ViewingProofsTable, RemoteHelpCommandsTable } from './hub-tables-supervision.ts';

export interface HubSettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface StationsTable {
  id: string;
  name: string;
  grade: string;
  secret: string | null;
  created_at: number;
  enrolled_at: number | null;
  last_seen_at: number | null;
  retired_at: number | null;
  /** Migration 0013: the unit the station sits under (null: the hub's top), and where it is, for the map. */
  unit_id: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Migration 0013: the org tree above the stations (org-store.ts). */
export interface OrgUnitsTable {
  id: string;
  parent_id: string | null;
  level: string;
  name: string;
  created_at: number;
  retired_at: number | null;
}

export interface EnrollmentCodesTable {
  code_hash: string;
  station_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  station_id: string;
  type: string;
  at: number;
  body: string;
  received_at: number;
}

export interface StationIngestBudgetTable {
  station_id: string;
  events: number;
  bytes: number;
  at: number;
}

export interface UptimeSpansTable {
  station_id: string;
  span_start: number;
  last_at: number;
  interval_ms: number;
}

export interface SessionReportsTable {
  station_id: string;
  session_id: number;
  event_id: string;
  reported_at: number;
  title: string;
  date: string;
  scheduled_start: number;
  started_at: number | null;
  ended_at: number | null;
  played_ms: number;
  held: number;
  registered: number;
  attended_registered: number;
  guests: number;
  body: string;
}

export interface MonthSummariesTable {
  station_id: string;
  month: string;
  event_id: string;
  reported_at: number;
  registered: number;
  attended_registered: number;
  excused: number;
  sessions_held: number;
  study_minutes: number;
  guests: number;
  body: string;
}

export interface StationStatusTable {
  station_id: string;
  heartbeat_at: number | null;
  clock_skew_ms: number | null;
  health_at: number | null;
  health: string | null;
  equipment_at: number | null;
  equipment: string | null;
}

export interface StationAlertsTable {
  station_id: string;
  code: string;
  state: 'raised' | 'cleared';
  level: string | null;
  message: string | null;
  since: number;
  at: number;
}

export interface StaffUsersTable {
  id: Generated<number>;
  username: string;
  role: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  must_change_password: Generated<number>;
  /** Migration 0013: the unit whose subtree the staff member sees and acts on (null: the whole hub). */
  unit_id: string | null;
  /** Migration 0020: 1 for a 党建指导员 (the role column then says 'viewer'; StaffStore reads 'instructor'). */
  instructor: Generated<number>;
}

export interface StaffSessionsTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface StaffAuditTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  detail: string | null;
}

export interface CountyProgramsTable {
  id: Generated<number>;
  title: string;
  kind: string;
  rule: string;
  course_title: string;
  stream_url: string | null;
  course_sha256: string | null;
  duration_ms: number | null;
  checkin_opens_before_min: number;
  checkin_closes_after_min: number;
  notes: string | null;
  created_at: number;
  updated_at: number;
  removed_at: number | null;
  /** Migration 0015: the unit whose subtree the program reaches (null: every station of the hub). */
  unit_id: string | null;
  /** Migration 0017: what stations know the program by (`cp-<id>` for rows older than it); null never written. */
  station_key: string | null;
  /** Migration 0022: a JSON list of site grades it reaches within its unit (null: every grade). */
  target_grades: string | null;
  /** Migration 0022: a JSON list of the station ids it reaches (null: every station of its unit). */
  target_stations: string | null;
  /** Migration 0022: when staff started it as a live broadcast ("go live now"); null: a scheduled program. */
  live_started_at: number | null;
  /** Migration 0026: when staff ended the live broadcast; null while it runs (or for a scheduled program). */
  live_ended_at: number | null;
}

export interface CountyNoticesTable {
  id: Generated<number>;
  text: string;
  until: string | null;
  created_at: number;
  removed_at: number | null;
  /** Migration 0015: the unit whose subtree the notice reaches (null: every station of the hub). */
  unit_id: string | null;
  /** Migration 0017: what stations know the notice by (`cn-<id>` for rows older than it); null never written. */
  station_key: string | null;
  /** Migration 0022: as county_programs'. */
  target_grades: string | null;
  target_stations: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: number;
}

export interface PinResetCodesTable {
  station_id: string;
  code_window: number;
  nonce: number;
  issued_at: number;
  expires_at: number;
  issued_by: string;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
}

export interface SatisfactionReportsTable {
  station_id: string;
  session_id: number;
  event_id: string;
  reported_at: number;
  date: string;
  present: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  closed_at: number;
}

export interface MobileLedgerEntriesTable {
  station_id: string;
  entry_id: number;
  event_id: string;
  reported_at: number;
  kind: string;
  flow_date: string;
  member_name: string;
  branch: string | null;
  organisation: string;
  contact: string | null;
  certificate_no: string | null;
  note: string | null;
  corrects: number | null;
  entered_by: string;
}

export interface ActivityReportsTable {
  station_id: string;
  activity_id: number;
  event_id: string;
  reported_at: number;
  revision: number;
  kind: string;
  held_on: string;
  start_time: string;
  place: string;
  host: string;
  topic: string;
  minutes: string;
  branch: string | null;
  session_id: number | null;
  registered: number;
  attended_registered: number;
  guests: number;
  /** JSON array of the photos' hashes (the photos stay at the station). */
  photo_hashes: string;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface WeeklyReportsTable {
  station_id: string;
  /** ISO week 'YYYY-Www'. */
  week: string;
  event_id: string;
  from_date: string;
  to_date: string;
  composed_at: number;
  sent_at: number;
  /** 'admin' or 'deadline'. */
  sent_by: string;
  remark: string | null;
  viewings: number;
  viewings_held: number;
  participation_rate: number | null;
  courseware_received: number;
  uptime: number | null;
  alerts: number;
  /** The sections' lines as the station sent them (JSON). */
  sections: string;
  received_at: number;
}

export interface RoomUsesTable {
  station_id: string;
  use_id: number;
  event_id: string;
  date: string;
  time_from: string;
  time_to: string;
  purpose: string;
  organiser: string;
  headcount: number;
  entered_by: string;
  reported_at: number;
  removed_at: number | null;
  removal_reason: string | null;
}

/** Heartbeat writes that changed a run before their day, per station (migration 0025; county/store/uptime-prefixes.ts). */
export interface UptimeEpochsTable {
  station_id: string;
  epoch: number;
}

/** A month's uptime so far, up to covered_to, per station (migration 0025; county/store/uptime-prefixes.ts). */
export interface UptimePrefixesTable {
  station_id: string;
  month: string;
  counted_from: number;
  covered_to: number;
  covered_ms: number;
  epoch: number;
}

/** One row (migration 0024): its token changes with every change to what stations are sent (downlink-epoch.ts). */
export interface DownlinkEpochTable {
  id: number;
  token: string;
}

/** Every hub table, by name, as of the newest migration. */
export interface HubTables {
  hub_settings: HubSettingsTable;
  stations: StationsTable;
  org_units: OrgUnitsTable;
  enrollment_codes: EnrollmentCodesTable;
  events: EventsTable;
  station_ingest_budget: StationIngestBudgetTable;
  uptime_spans: UptimeSpansTable;
  session_reports: SessionReportsTable;
  month_summaries: MonthSummariesTable;
  station_status: StationStatusTable;
  station_alerts: StationAlertsTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_audit: StaffAuditTable;
  county_programs: CountyProgramsTable;
  county_notices: CountyNoticesTable;
  login_throttle: LoginThrottleTable;
  pin_reset_codes: PinResetCodesTable;
  satisfaction_reports: SatisfactionReportsTable;
  mobile_ledger_entries: MobileLedgerEntriesTable;
  activity_reports: ActivityReportsTable;
  weekly_reports: WeeklyReportsTable;
  room_uses: RoomUsesTable;
  notify_contacts: NotifyContactsTable;
  alert_cases: AlertCasesTable;
  alert_deliveries: AlertDeliveriesTable;
  instructor_assignments: InstructorAssignmentsTable;
  guidance_records: GuidanceRecordsTable;
  downlink_deliveries: DownlinkDeliveriesTable;
  viewing_proofs: ViewingProofsTable;
  remote_help_commands: RemoteHelpCommandsTable;
  uptime_epochs: UptimeEpochsTable;
  uptime_prefixes: UptimePrefixesTable;
  downlink_epoch: DownlinkEpochTable;
}

