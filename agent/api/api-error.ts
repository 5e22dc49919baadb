// One shape for every refusal the API gives: an HTTP status, a stable code, a Chinese-first message.
import { AdminAuthError } from '../admin/admin-auth.ts';
import { CheckinError } from '../attendance/checkin.ts';
import { ProgramError } from '../programs/program-store.ts';
import { RosterError } from '../roster/member-store.ts';
import { isDiskFull } from '../store/database.ts';
import { HttpRefusal } from '../../common/coded-error.ts';

/** The station API's refusal (the family both programs share: common/coded-error.ts). */
export class ApiError extends HttpRefusal {
  override name = 'ApiError';

  constructor(
    status: number,
    code: string,
    message: string,
    retryAfterMs?: number,
    /** For a roster change that needs confirming: the months of records it would alter. */
    readonly months?: string[],
  ) {
    super(status, code, message, retryAfterMs);
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
};

/**
 * SQLite could not grow the database or its WAL: the data partition is full. The request's transaction
 * rolled back, so nothing of it was kept; the person at the door must hear that it did NOT count (the
 * kiosk shows this message) rather than "internal error". 507 Insufficient Storage: the request was fine.
 * Found by the disk-full drill (test/drills/disk-full.test.ts).
 */
export const DISK_FULL_MESSAGE = '终端存储空间已满，本次操作未保存，请联系管理员清理磁盘后重试 / the terminal\'s disk is full: this was NOT saved; free some space and try again';

/** Maps a domain error to its HTTP answer; anything else is a 500 the caller logs. */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (isDiskFull(err)) return new ApiError(507, 'disk_full', DISK_FULL_MESSAGE);
  if (err instanceof CheckinError) return new ApiError(CHECKIN_STATUS[err.code] ?? 400, err.code, err.message);
  if (err instanceof AdminAuthError) return new ApiError(ADMIN_STATUS[err.code] ?? 401, err.code, err.message);
  if (err instanceof ProgramError) return new ApiError(err.code === 'not_found' ? 404 : 400, err.code, err.message);
  if (err instanceof RosterError) {
    const status = err.code === 'not_found' ? 404 : err.code === 'roster_busy' ? 429 : err.code === 'history_confirm_needed' ? 409 : 400;
    return new ApiError(status, err.code, err.message, undefined, err.months);
  }
  return null;
}
