// One shape for every refusal the API gives: an HTTP status, a stable code and its values (the words are the
// readers': protocol/refusals/station-refusals.pure.ts lists the codes and what each carries).
import { AdminAuthError } from '../admin/admin-auth.ts';
import { AccountError } from '../admin/account-store.ts';
import { SessionTutorError } from '../sessions/session-tutor.ts';
import { CheckinError } from '../attendance/checkin.ts';
import { ProgramError } from '../programs/program-store.ts';
import { RosterError } from '../roster/member-store.ts';
import { ActivityError, ACTIVITY_ERROR_STATUS, type ActivityErrorCode } from '../activities/activity-error.ts';
import { isDiskFull } from '../store/database.ts';
import { HttpRefusal, type CodedError, type RefusalDetail } from '../../common/coded-error.pure.ts';
import type { StationRefusalCode, StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import { WeeklyReportError } from '../weekly-report/weekly-report.ts';
import { RoomUseError } from '../room-use/room-register.ts';

/**
 * What a refusal with code C says besides its code: for a code in the station's list exactly its values; for
 * one not yet listed, its words (Chinese / English) — the kiosk shows those until the code has a catalogue text.
 */
export type StationDetail<C extends string> = C extends StationRefusalCode ? StationRefusals[C] : RefusalDetail;

/** The station API's refusal (the family both programs share: common/coded-error.pure.ts). */
export class ApiError<C extends string = string> extends HttpRefusal<C> {
  override name = 'ApiError';

  constructor(status: number, code: C, detail: StationDetail<C>, retryAfterMs?: number) {
    super(status, code, detail, retryAfterMs);
  }
}

const CHECKIN_STATUS: Record<string, number> = {
  session_not_found: 404,
  member_not_found: 404,
  attendance_not_found: 404,
  card_unknown: 404,
  window_not_open: 409,
  window_closed: 409,
  member_inactive: 409,
  not_group_viewing: 409,
  guest_name_required: 400,
};

const ADMIN_STATUS: Record<string, number> = {
  wrong_pin: 401,
  not_logged_in: 401,
  too_many_attempts: 429,
  pin_change_required: 403,
  bad_new_pin: 400,
  no_account: 404,
};

const ACCOUNT_STATUS: Record<string, number> = {
  account_not_found: 404,
  duplicate_name: 409,
  last_administrator: 409,
  session_not_found: 404,
  not_group_viewing: 409,
  session_ended: 409,
  not_a_tutor: 400,
};

/** The weekly report's and the room register's refusals (agent/weekly-report/, agent/room-use/). */
const RECORD_STATUS: Record<string, number> = {
  week_not_ended: 409,
  weekly_report_not_found: 404,
  weekly_report_sent: 409,
  room_use_not_found: 404,
  room_use_removed: 409,
};

/**
 * SQLite could not grow the database or its WAL: the data partition is full. The request's transaction
 * rolled back, so nothing of it was kept; the person at the door must hear that it did NOT count (the
 * kiosk shows this message) rather than "internal error". 507 Insufficient Storage: the request was fine.
 * Found by the disk-full drill (test/drills/disk-full.test.ts).
 */
/** Maps a domain error to its HTTP answer; anything else is a 500 the caller logs. */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (isDiskFull(err)) return new ApiError(507, 'disk_full', {});
  if (err instanceof CheckinError) return fromDomain(CHECKIN_STATUS[err.code] ?? 400, err);
  if (err instanceof AdminAuthError) return fromDomain(ADMIN_STATUS[err.code] ?? 401, err);
  if (err instanceof AccountError || err instanceof SessionTutorError) return fromDomain(ACCOUNT_STATUS[err.code] ?? 400, err);
  if (err instanceof ProgramError) return fromDomain(err.code === 'program_not_found' ? 404 : 400, err);
  if (err instanceof ActivityError) return fromDomain(ACTIVITY_ERROR_STATUS[err.code as ActivityErrorCode], err);
  if (err instanceof WeeklyReportError || err instanceof RoomUseError) return fromDomain(RECORD_STATUS[err.code] ?? 400, err);
  if (err instanceof RosterError) {
    const status = err.code === 'history_confirm_needed' ? 409 : err.code === 'member_not_found' || err.code === 'flow_member_not_found' || err.code === 'ledger_entry_not_found' ? 404 : err.code === 'roster_busy' ? 429 : 400;
    return new ApiError<string>(status, err.code, err.params);
  }
  return null;
}

/** A domain module's refusal as the API's: its code and values (or its words, until its code is listed) unchanged. */
function fromDomain(status: number, err: CodedError): ApiError {
  return new ApiError<string>(status, err.code, err.words ?? err.params, err.retryAfterMs);
}
