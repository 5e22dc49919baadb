// Every refusal the station's agent gives over HTTP, with the values each carries: the one list the agent's
// throwers, the kiosk's catalogue (zh-CN, en) and the CLI's are typed by. Add a code here first; the compiler
// then asks for its text in each catalogue. Codes are stable (programs and tests act on them); a value is data
// (an id, a name, a local clock time "HH:MM", a month "YYYY-MM"), never words.

import type { RequestProblem } from './refusal.pure.ts';
import type { DocumentRefusals } from './document-texts.pure.ts';

/** Nothing to fill in (an index of nevers, not `{}`: a string of words must not pass for it). */
type None = { readonly [name: string]: never };

/** Why a new admin PIN is refused: not 6–8 digits, the default one, one digit repeated, a run (123456). */
export type PinRule = 'digits' | 'default' | 'repeated' | 'run';

/**
 * What is wrong with a recurrence rule (agent/programs/recurrence.pure.ts): its type, time or date; a weekly
 * rule's days (none, out of 1–7, repeated); a monthly rule's day; from, until (or until before from); except
 * (not a list, or `date`: one entry that is not a date).
 */
export type RuleProblem =
  | { readonly problem: 'unknown_type' | 'time' | 'date' | 'no_days' | 'day_range' | 'day_repeat' | 'month_day' | 'from' | 'until' | 'until_before_from' | 'except_list' }
  | { readonly problem: 'except_date'; readonly date: string };

/** A mobile member's movement in the ledger (agent/roster/mobile-ledger-store.ts). */
export type FlowKind = 'flow_in' | 'flow_out' | 'return';

/**
 * Why the mobile-member ledger refuses a flow (agent/roster/mobile-flow.ts): a text too long, a bad or too distant
 * date, no organisation, a flow-in without the person, a member not (or still) on the roster, a 流入党员 leaving
 * by flow-out, a date before their start or after their end, or a correction of an entry already corrected or of
 * another kind.
 */
export type FlowProblem =
  | { readonly rule: 'too_long'; readonly field: 'organisation' | 'contact' | 'certificate' | 'note'; readonly max: number }
  | { readonly rule: 'date' | 'too_far'; readonly date: string }
  | { readonly rule: 'organisation_required' | 'kind_mismatch'; readonly kind: FlowKind }
  | { readonly rule: 'flow_in_person' }
  | { readonly rule: 'not_on_roster'; readonly name: string; readonly date: string }
  | { readonly rule: 'flowed_in' | 'still_on_roster'; readonly name: string }
  | { readonly rule: 'before_start' | 'after_end'; readonly name: string; readonly date: string }
  | { readonly rule: 'already_corrected'; readonly entryId: number; readonly correctedBy: number };

/** A field of the roster as a file's columns name it (agent/roster/roster-columns.pure.ts). */
export type RosterFieldName = 'name' | 'gender' | 'category' | 'hardship' | 'branch' | 'cardUid' | 'phone' | 'activeFrom' | 'activeTo';

/** What is wrong with a roster file's header: required columns missing (with the headers found), or a field in several columns. */
export type HeaderProblem =
  | { readonly problem: 'missing'; readonly fields: readonly RosterFieldName[]; readonly found: readonly string[] }
  | { readonly problem: 'duplicate'; readonly field: RosterFieldName; readonly columns: readonly string[] };

/**
 * Why a roster file cannot be read: an Excel workbook named .csv, UTF-16 text, not text at all, not an .xlsx; the
 * CSV or XLSX reader's own complaint (`detail`); a workbook of too many parts, or a part that inflates past its size.
 */
export type UnreadableFile =
  | { readonly problem: 'excel_as_csv' | 'utf16' | 'not_text' | 'not_xlsx'; readonly fileName: string }
  | { readonly problem: 'csv' | 'xlsx'; readonly fileName: string; readonly detail: string }
  | { readonly problem: 'xlsx_parts'; readonly fileName: string; readonly max: number }
  | { readonly problem: 'xlsx_part'; readonly fileName: string; readonly part: string };

/** What a growing delay slows: wrong admin PINs, or wrong county reset codes. */
export type SlowedTry = 'pin' | 'reset_code';

export type StationRefusals = {
  // The server itself.
  not_found: { url: string };
  loopback_only: None;
  foreign_origin: None;
  internal: None;
  disk_full: None;
  too_large: None;
  /** A request the framework could not take (a bad header, an unknown content type): Fastify's code and words. */
  bad_request: { detail: string };
  /** A request its route's schema refuses: each field's problem (the catalogues word at most four). */
  invalid_request: { problems: readonly RequestProblem[] };

  // The courseware and its file (agent/api/routes/media-routes.ts, admin play).
  course_not_found: { courseId: number };
  no_local_copy: { title: string };
  course_converting: { title: string };
  course_quarantined: { title: string };
  course_missing: { title: string };
  course_removed: { title: string };
  /** path: where the file should be, for the technician. */
  media_missing: { title: string; path: string };

  // Imports from a USB stick or a URL (agent/library/import-jobs.ts); copying an export onto a stick.
  volume_not_found: None;
  volume_busy: { label: string };
  volume_read_only: { label: string };
  volume_full: { label: string };
  job_not_found: { jobId: string };
  no_files: None;
  /** reason: not a URL at all, or not http(s). */
  bad_url: { url: string; reason: 'invalid' | 'scheme' };
  invalid_range: None;
  invalid_file: None;
  export_not_found: { fileName: string };

  // Station settings and the hub address (agent/api/routes/admin-routes.ts).
  invalid_hub_url: { hubUrl: string };
  insecure_hub_url: { hubUrl: string };
  invalid_time_zone: { timeZone: string };
  invalid_month: { month: string };

  // Check-in at the door (agent/attendance/checkin.ts).
  session_not_found: { sessionId: number };
  not_group_viewing: { title: string };
  window_not_open: { opensAt: string };
  window_closed: { title: string };
  member_not_found: { memberId: number };
  card_unknown: { cardUid: string };
  member_inactive: { name: string };
  guest_name_required: None;
  attendance_not_found: { attendanceId: number };
  not_startable: None;

  // Programs (agent/programs/program-store.ts).
  program_not_found: { programId: number };
  invalid_rule: { problems: readonly RuleProblem[] };
  unknown_course: { courseId: number };
  /** rule: the window is not whole minutes within 0–maxBefore before and 0–maxAfter after, or a group viewing's is empty. */
  invalid_window: { rule: 'whole_minutes' | 'empty'; maxBefore: number; maxAfter: number };

  // The admin screens' records.
  notice_not_found: None;
  equipment_not_found: { equipmentId: number };
  /** rule: a name is needed, the issue date is not a date, or it is in the future. issuedOn: as typed ('' for the name). */
  invalid_equipment: { rule: 'name' | 'date' | 'future'; issuedOn: string };

  // Accounts and the tutor of a viewing (agent/admin/account-store.ts, agent/sessions/session-tutor.ts).
  account_not_found: { accountId: number };
  duplicate_name: { name: string };
  last_administrator: None;
  own_account: None;
  session_ended: None;
  not_a_tutor: None;

  // Admin mode: PINs, accounts and roles (agent/admin/).
  /** triesLeft: wrong PINs still free of a wait; waitSeconds: the wait before the next (0 while tries are left). */
  wrong_pin: { triesLeft: number; waitSeconds: number };
  too_many_attempts: { what: SlowedTry; waitSeconds: number };
  not_logged_in: None;
  pin_change_required: None;
  bad_new_pin: { rule: PinRule };
  /** An account added on the terminal with a PIN that breaks a rule. */
  weak_pin: { rule: PinRule };
  /** name: the account asked for by name, or '' when chosen from the list. */
  no_account: { name: string };
  /** role: administrator | operator | tutor; permission: agent/admin/roles.pure.ts's PERMISSIONS. */
  not_permitted: { role: string; permission: string };

  // A forgotten PIN reset with the county's code (agent/admin/reset-code.ts).
  not_enrolled: None;
  malformed_code: { digits: number };
  wrong_code: { waitSeconds: number };
  code_expired: None;
  code_used: None;
  code_withdrawn: None;

  // The satisfaction survey after a group viewing (agent/satisfaction/survey.ts).
  session_not_ended: { title: string };
  nobody_present: { title: string };
  survey_not_found: { title: string };
  survey_closed: None;
  /** present: how many checked in, every one of whom has answered. */
  survey_full: { present: number };
  card_not_present: None;
  already_answered: None;

  // The roster (agent/roster/).
  /** rule: what is wrong; value: the value refused ('' for an empty name); other: for order, the start date. */
  invalid_member: { rule: 'name' | 'category' | 'hardship' | 'gender' | 'active_from' | 'active_to' | 'order'; value: string; other: string };
  duplicate_card: { cardUid: string; holder: string };
  invalid_date: { date: string };
  invalid_phone_tail: { tail: string };
  invalid_reason: None;
  /** max: the roster's cap (agent/roster/roster-limits.pure.ts); after: the members an import would leave on it. */
  roster_full: { max: number } | { max: number; after: number };
  // The roster file reader (agent/roster/roster-file.ts, roster-reader.ts): the file's name, and where and what.
  unsupported_file: { fileName: string; kind: 'old_excel' | 'unknown' };
  unreadable_file: UnreadableFile;
  /** no_upload: a request without a body; the others: a file with no bytes, no worksheet, or nothing in it. */
  empty_file: { problem: 'no_upload' } | { problem: 'no_bytes' | 'no_sheet' | 'no_rows'; fileName: string };
  /** bytes: the file's size past the cap (both in bytes); inflated, memory: a workbook past a cap in MB. */
  file_too_large: { problem: 'bytes'; fileName: string; bytes: number; max: number } | { problem: 'inflated' | 'memory'; fileName: string; maxMb: number };
  too_many_rows: { fileName: string; rowNumber: number; max: number };
  too_many_columns: { fileName: string; rowNumber: number; column: number; max: number };
  /** cell: one cell past the cap; record: a CSV record past its cap (an unmatched quote, most likely). */
  cell_too_long:
    | { problem: 'cell'; fileName: string; rowNumber: number; column: number; length: number; max: number }
    | { problem: 'record'; fileName: string; rowNumber: number; max: number };
  read_timeout: { fileName: string; seconds: number };
  roster_busy: None;
  /** Every problem of the header; the code is the first one's. */
  missing_header: { problems: readonly HeaderProblem[] };
  duplicate_header: { problems: readonly HeaderProblem[] };
  /** The mobile-member ledger: its member (memberId '' when none was given) or entry not found, a flow refused. */
  flow_member_not_found: { memberId: string };
  ledger_entry_not_found: { entryId: number };
  invalid_flow: FlowProblem;
  /** A change that would alter records already printed, exported or reported: their months, to confirm. */
  /** change: a roster change (counts, sheets, reports), an excusal or a change of tutor (sheets, reports). */
  history_confirm_needed: { months: readonly string[]; change: 'roster' | 'excusal' | 'tutor' };

  // The branch activity register (agent/activities/).
  activity_not_found: { activityId: number };
  activity_withdrawn: { activityId: number };
  /** field: what is wrong; value: the value refused (at most 40 characters of it). */
  invalid_activity: { field: 'kind' | 'date' | 'time' | 'place' | 'host' | 'topic' | 'minutes' | 'branch' | 'reason'; value: string };
  activity_checkin_not_open: { topic: string };
  activity_checkin_closed: { topic: string };
  /** A photo folder (a USB stick's) that cannot be read, or holds no file to import. */
  photo_folder_unreadable: { path: string };
  no_photos: { path: string };
  /** One file of a photo import: not a JPEG or PNG by its content, or larger than the cap. */
  photo_not_image: { name: string };
  photo_too_large: { name: string; maxMb: number };
  // The weekly report (agent/weekly-report/) and the room usage register (agent/room-use/).
  invalid_week: { week: string };
  week_not_ended: { week: string };
  weekly_report_not_found: { week: string };
  weekly_report_sent: { week: string };
  /** max: the longest remark, in characters. */
  invalid_remark: { max: number };
  /** rule: which field is wrong; value: what was given. */
  invalid_room_use: { rule: 'date' | 'time' | 'order' | 'purpose' | 'organiser' | 'headcount' | 'reason'; value: string };
  room_use_not_found: { useId: number };
  room_use_removed: { useId: number };

  // Exports (agent/exports/; worded once in station-export-texts.pure.ts). An export shares invalid_month,
  // invalid_week, week_not_ended and session_not_found with the rest; its own carry an `export_` prefix where a
  // name was taken with other values. kinds, formats: the codes to choose from.
  unknown_kind: { kind: string; kinds: readonly string[] };
  unknown_format: { format: string; formats: readonly string[] };
  /** formats: what the kind offers; use: a JSON file of a document, or printing xAPI statements. */
  format_not_offered: { kind: string; formats: readonly string[] } | { kind: string; use: 'json' | 'print' };
  invalid_year: { year: string };
  /** option: the CLI option or query field (--from, --to); date: as given. */
  export_invalid_date: { option: string; date: string };
  export_invalid_range:
    | { problem: 'whole_month' }
    | { problem: 'order'; from: string; to: string }
    | { problem: 'too_long'; maxDays: number }
    | { problem: 'notice_range'; range: string };
  /** A sign-in sheet without its session, an activity record without its activity. */
  invalid_session: None;
  export_invalid_activity: None;
  export_not_group_viewing: { sessionId: number };
  /** The xAPI learning record store (CLI only): none set, or one that cannot be used. */
  lrs_not_configured: None;
  invalid_lrs: { problem: 'url' | 'scheme'; endpoint: string } | { problem: 'credentials_in_url' | 'no_user' | 'no_password' };
  // The PDF renderer's refusals (DocumentRefusals: common/documents/render-pdf.ts; document-texts.pure.ts).
} & DocumentRefusals;

export type StationRefusalCode = keyof StationRefusals & string;
