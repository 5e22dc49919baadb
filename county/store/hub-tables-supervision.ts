// The hub's tables of supervision that reaches people (issue 17), as of their migrations: alert contacts, cases
// and deliveries (0019), instructors and their guidance records (0020), proof-of-viewing pictures (0021), and how
// far each program and notice got on each station (0022). Part of HubTables (hub-tables.ts), kept apart so that
// neither file grows past what one reads at once.
import type { Generated } from 'kysely';

/** Migration 0022: a station's delivery of one program or notice (county/store/delivery-store.ts). */
export interface DownlinkDeliveriesTable {
  station_id: string;
  item_key: string;
  sent_at: number;
  received_at: number | null;
  shown_at: number | null;
  checked_in: number | null;
}

/** Migration 0019: who is told of an alert — a station's people, a unit's, or (both null) the hub's own desk. */
export interface NotifyContactsTable {
  id: string;
  station_id: string | null;
  unit_id: string | null;
  name: string;
  channel: string;
  address: string;
  secret: string | null;
  created_at: number;
  retired_at: number | null;
}

/** Migration 0019: one standing alert at one station, from when the hub first saw it until it cleared. */
export interface AlertCasesTable {
  id: string;
  station_id: string;
  code: string;
  message: string;
  opened_at: number;
  closed_at: number | null;
  next_rung: Generated<number>;
  last_notice_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_note: string | null;
}

/** Migration 0019: one notice to one contact, with every try. */
export interface AlertDeliveriesTable {
  id: string;
  case_id: string;
  rung: number;
  rung_name: string;
  contact_id: string;
  channel: string;
  delivered: number;
  tries: string;
  provider_ref: string | null;
  at: number;
}

/** Migration 0021: which proof-of-viewing pictures a station sent of a viewing; the JPEG stays in its events row. */
export interface ViewingProofsTable {
  station_id: string;
  session_id: number;
  moment: 'start' | 'middle' | 'end' | 'room';
  event_id: string;
  taken_at: number;
  width: number;
  height: number;
  bytes: number;
  received_at: number;
}

/** Migration 0020: which instructor a station had, from when until when (until_at NULL: the current one). */
export interface InstructorAssignmentsTable {
  id: string;
  station_id: string;
  user_id: number;
  from_at: number;
  until_at: number | null;
  assigned_by: string;
  ended_by: string | null;
}

/** Migration 0020: 指导记录, never changed; a correction is a new row naming the one it supersedes. */
export interface GuidanceRecordsTable {
  id: string;
  station_id: string;
  instructor_id: number | null;
  visited_on: string;
  kind: string;
  done: string;
  problems: Generated<string>;
  follow_up: Generated<string>;
  author: string;
  created_at: number;
  supersedes: string | null;
}

/** Migration 0023: one remote-help command staff sent a station, and what became of it (county/store/remote-help-store.ts). */
export interface RemoteHelpCommandsTable {
  id: string;
  station_id: string;
  kind: 'screenshot' | 'restart_kiosk' | 'diagnostics';
  issued_by: string;
  issued_by_id: number;
  issued_at: number;
  expires_at: number;
  signature: string;
  state: 'requested' | 'delivered' | 'done' | 'refused' | 'failed' | 'expired';
  delivered_at: number | null;
  finished_at: number | null;
  code: string | null;
  result_event_id: string | null;
  result_bytes: number | null;
}
