// The branch activity register's refusals, as data (protocol/refusals/station-refusals.pure.ts lists them).
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

export type ActivityErrorCode =
  | 'activity_not_found'
  | 'activity_withdrawn'
  | 'invalid_activity'
  | 'activity_checkin_not_open'
  | 'activity_checkin_closed'
  | 'session_not_found'
  | 'photo_folder_unreadable'
  | 'no_photos'
  | 'photo_not_image'
  | 'photo_too_large';

export class ActivityError<C extends ActivityErrorCode = ActivityErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'ActivityError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

/** The HTTP status of each: a missing record 404, a state that forbids it 409, a bad value 400. */
export const ACTIVITY_ERROR_STATUS: Record<ActivityErrorCode, number> = {
  activity_not_found: 404,
  session_not_found: 404,
  activity_withdrawn: 409,
  activity_checkin_not_open: 409,
  activity_checkin_closed: 409,
  invalid_activity: 400,
  photo_folder_unreadable: 400,
  no_photos: 400,
  photo_not_image: 400,
  photo_too_large: 400,
};
