// A change that is not a roster change yet alters a month's records — an excusal (请假) for the month, the tutor
// of one of its viewings — asks first when the month's records already left the terminal (exported, printed
// or sent to the county: reports/records-issued-store.ts), exactly as roster history does (roster-history.ts):
// refused with history_confirm_needed (409) and the month, made with confirm, and then the station log says
// that records already issued were corrected. Printed and exported records never change silently.
import type { Db } from '../store/database.ts';
import { issuedMonths } from '../reports/records-issued-store.ts';
import { RosterError } from './roster-error.pure.ts';

export interface IssuedMonthChange {
  /** What the change is, for the refusal (the readers word it: 请假更改 / excusal change). */
  what: 'excusal' | 'tutor';
  confirm: boolean;
}

/**
 * Refuses an unconfirmed change to a month already issued; returns whether the change corrects records already
 * issued (the caller's station-log entry says so). Reads only: call it inside the caller's transaction.
 */
export function guardIssuedMonth(db: Db, month: string, change: IssuedMonthChange): boolean {
  if (!issuedMonths(db).includes(month)) return false;
  if (!change.confirm) {
    throw new RosterError('history_confirm_needed', '', '', [month], { months: [month], change: change.what });
  }
  return true;
}

/** The station-log words for a confirmed correction of an issued month. */
export const correctedNote = (month: string) => `（经确认更正 ${month} 已出具的记录）`;
