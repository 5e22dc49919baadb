// Excusing a member for a month (请假) and taking it back, for the admin screen and the CLI alike: in a month
// whose records were already issued it asks first (issued-month-guard.ts), and each change is in the station
// log under the person who made it, a confirmed one as a correction of that month.
import type { Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { MemberStore } from './member-store.ts';
import { RosterError } from './roster-error.pure.ts';
import { correctedNote, guardIssuedMonth } from './issued-month-guard.ts';

const EXCUSAL_CHANGE = 'excusal';

export interface ExcusalOptions {
  confirm: boolean;
  actor: string;
  at: number;
}

function memberOf(db: Db, memberId: number) {
  const member = new MemberStore(db).get(memberId);
  if (!member) throw RosterError.of('member_not_found', { memberId });
  return member;
}

/** Excuses the member for the month with the reason; the same reason again changes nothing and asks nothing. */
export function excuse(db: Db, memberId: number, month: string, reason: string, o: ExcusalOptions): void {
  db.transaction(() => {
    const members = new MemberStore(db);
    const member = memberOf(db, memberId);
    const unchanged = members.excusedIn(month).get(member.id) === reason.trim();
    members.setExcused(member.id, month, reason, o.at);
    // After the write (a bad reason is refused as such first); a refusal rolls it back.
    const corrected = !unchanged && guardIssuedMonth(db, month, { what: EXCUSAL_CHANGE, confirm: o.confirm });
    const message = `${member.name} ${month} 请假：${reason.trim()}${corrected ? correctedNote(month) : ''}`;
    appendStationLog(db, { type: 'roster', actor: o.actor, at: o.at, message, detail: { memberId: member.id, month, ...(corrected ? { corrected: true } : {}) } });
  })();
}

/** Takes an excusal back; where there is none, changes nothing and asks nothing. Returns whether there was one. */
export function clearExcusal(db: Db, memberId: number, month: string, o: ExcusalOptions): boolean {
  return db.transaction(() => {
    const members = new MemberStore(db);
    const member = memberOf(db, memberId);
    if (!members.excusedIn(month).has(member.id)) return false;
    const corrected = guardIssuedMonth(db, month, { what: EXCUSAL_CHANGE, confirm: o.confirm });
    members.clearExcused(member.id, month);
    const message = `${member.name} ${month} 取消请假${corrected ? correctedNote(month) : ''}`;
    appendStationLog(db, { type: 'roster', actor: o.actor, at: o.at, message, detail: { memberId: member.id, month, ...(corrected ? { corrected: true } : {}) } });
    return true;
  })();
}
