// Every refusal the county hub gives its staff (the dashboard, a script with a bearer token) over HTTP, with the
// values each carries: the one list the hub's throwers, the dashboard's catalogue (zh-CN, en) and the CLI's are
// typed by. Codes are stable; a value is data (an id, a user name, a rule), never words. The refusals a station
// meets on /api/v1 are in station-facing-texts.pure.ts (an enrollment code, a malformed or too large report) and the
// ingest's (county/ingest/ingest.ts), which still carry their words.

import type { RequestProblem } from './refusal.pure.ts';
import type { DocumentRefusals } from './document-texts.pure.ts';

/** Nothing to fill in (an index of nevers, not `{}`: a string of words must not pass for it). */
type None = { readonly [name: string]: never };

/** Why a staff password is refused (county/auth/password-rules.ts). */
export type PasswordRule = 'too_short' | 'digits_only' | 'repeated' | 'common' | 'like_name';

export type HubRefusals = {
  // The server itself.
  not_found: { url: string };
  internal: None;
  too_large: None;
  /** A request the framework could not take: Fastify's words, as data. */
  bad_request: { detail: string };
  /** A request its route's schema refuses: each field's problem (the catalogues word at most four). */
  invalid_request: { problems: readonly RequestProblem[] };

  // Staff log-in and accounts (county/auth/).
  wrong_credentials: { what: 'login' | 'current_password' };
  not_logged_in: None;
  too_many_attempts: { waitSeconds: number };
  busy: None;
  forbidden: None;
  password_change_required: None;
  invalid_username: None;
  /** minLength: the rule's minimum, for too_short. */
  weak_password: { rule: PasswordRule; minLength: number };
  same_password: None;
  user_exists: { username: string };
  user_not_found: { userId: number };
  last_admin: None;

  // Changes only from the hub's own pages (county/api/origin-guard.ts).
  cross_origin: { from: string };
  origin_required: None;
  /** type: the Content-Type received ('' when none). */
  json_required: { type: string };

  // Stations, PIN reset codes, county programs and notices (county/store/, county/api/routes/).
  station_not_found: { stationId: string };
  station_not_enrolled: None;
  /** Remote help to a station not enrolled (or retired): it has no key to check a command with. */
  remote_help_not_enrolled: None;
  too_many_codes: None;
  /** Withdrawing a PIN reset code (county/store/pin-reset-store.ts): none such, already withdrawn, expired. */
  code_not_found: { codeId: string };
  code_withdrawn: { codeId: string };
  code_expired: { codeId: string };
  invalid_name: None;
  course_unplayable: None;
  invalid_window: None;
  invalid_notice: None;
  notice_not_found: { noticeId: number };
  program_not_found: { programId: number };
  /** A program or notice moved to a unit whose stations already see another one by the same key (migration 0017). */
  station_key_clash: { key: string };
  /** A program or notice aimed at some grades and at a list of stations at once (county/api/target-scope.ts). */
  invalid_target: { problem: 'grades_and_stations' };

  // The org tree (county/store/org-store.ts).
  /** What is wrong with a unit: its id's form, its name, a level not below its parent's, a station's coordinates. */
  invalid_unit: { problem: 'id' | 'name' | 'level' | 'coordinates' };
  unit_not_found: { unitId: string };
  unit_exists: { unitId: string };
  /** Retiring a unit that still holds a current unit or station. */
  unit_not_empty: { unitId: string };

  // Alerts that reach people (county/store/alerting-store.ts, county/alerting/).
  /** A contact that cannot be reached as given: its channel, its mobile number or webhook address, its name, its place. */
  invalid_contact: { problem: 'channel' | 'phone' | 'webhook' | 'name' | 'place' };
  contact_not_found: { contactId: string };
  alert_case_not_found: { caseId: string };
  /** A rule's minutes outside 0 … 31 days, or a kind of alert the hub does not know. */
  invalid_alert_rule: { kind: string; problem: 'kind' | 'minutes' };
  /** The SMS account as given: its provider, or a field it needs. */
  invalid_sms_account: { problem: 'provider' | 'field'; field?: string };

  // 党建指导员 and 指导记录 (county/store/instructor-store.ts, county/api/routes/instructor-routes.ts).
  /** Assigning to a station a user who is not a current instructor the administrator may assign there. */
  not_an_instructor: { username: string };
  guidance_record_not_found: { recordId: string };
  /** Correcting a record that was already corrected: the newest correction is the one to correct. */
  guidance_superseded: { recordId: string };
  /** A visit's day that is not a date, or lies ahead of today. */
  invalid_guidance: { problem: 'date' | 'future' };

  // The county's exports (county/export/export-request.pure.ts; their words: county-export-texts.pure.ts), and the
  // PDF renderer's refusals (DocumentRefusals: common/documents/render-pdf.ts; document-texts.pure.ts).
  invalid_month: { month: string };
  invalid_year: { year: string };
  /** format: as asked ('' when none was given); formats: those offered. */
  unknown_format: { format: string; formats: readonly string[] };
  unknown_language: { lang: string; languages: readonly string[] };
  unknown_sort: { sort: string; sorts: readonly string[] };
} & DocumentRefusals;

export type HubRefusalCode = keyof HubRefusals & string;
