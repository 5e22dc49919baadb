// One shape for every refusal the API gives: an HTTP status, a stable code, a Chinese-first message.
import { AdminAuthError } from '../admin/admin-auth.ts';
import { CheckinError } from '../attendance/checkin.ts';
import { ProgramError } from '../programs/program-store.ts';
import { RosterError } from '../roster/member-store.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; retryAfterMs?: number };
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
  locked: 423,
  pin_change_required: 403,
  bad_new_pin: 400,
};

/** Maps a domain error to its HTTP answer; anything else is a 500 the caller logs. */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof CheckinError) return new ApiError(CHECKIN_STATUS[err.code] ?? 400, err.code, err.message);
  if (err instanceof AdminAuthError) return new ApiError(ADMIN_STATUS[err.code] ?? 401, err.code, err.message);
  if (err instanceof ProgramError) return new ApiError(err.code === 'not_found' ? 404 : 400, err.code, err.message);
  if (err instanceof RosterError) return new ApiError(err.code === 'not_found' ? 404 : 400, err.code, err.message);
  return null;
}
