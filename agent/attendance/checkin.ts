// Checking in to a group viewing: by member, by card or as a guest; idempotent, logged, durable.
import { inTransaction, type Db } from '../store/database.ts';
import { AttendanceStore, type Attendance, type CheckinMethod } from './attendance-store.ts';
import { checkinWindow, isLate } from './checkin-rules.pure.ts';
import { SessionStore, type Session } from '../sessions/session-store.ts';
import { MemberStore, type Member } from '../roster/member-store.ts';
import { GUEST_CATEGORY_LABELS, isActiveOn, type GuestCategory } from '../roster/categories.pure.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { localTimeOf } from '../clock/local-time.pure.ts';
import { attendanceChangedAfterEnd } from '../sessions/session-lifecycle.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

export type CheckinBy = { memberId: number } | { cardUid: string } | { guest: { name: string; category: GuestCategory } };

export interface CheckinRequest {
  sessionId: number;
  by: CheckinBy;
  method: CheckinMethod;
  actor: string;
  at: number;
}

export interface CheckinOutcome {
  status: 'checked_in' | 'already';
  attendance: Attendance;
  /** The name shown back to the person at the door. */
  name: string;
  /** A sentence for the screen or the terminal, Chinese first. */
  message: string;
}

export type CheckinErrorCode =
  | 'session_not_found'
  | 'window_not_open'
  | 'window_closed'
  | 'member_not_found'
  | 'card_unknown'
  | 'member_inactive'
  | 'guest_name_required'
  | 'not_group_viewing'
  | 'attendance_not_found';

export class CheckinError<C extends CheckinErrorCode = CheckinErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'CheckinError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

export function checkIn(db: Db, request: CheckinRequest): CheckinOutcome {
  return inTransaction(db, () => {
    const settings = readStationSettings(db);
    const session = requireOpenSession(db, request.sessionId, request.at);
    const attendance = new AttendanceStore(db);
    const late = isLate(session.scheduledStart, request.at, settings.lateGraceMinutes);

    if ('guest' in request.by) {
      const name = request.by.guest.name.trim();
      if (name === '') throw new CheckinError('guest_name_required', {});
      const category = request.by.guest.category;
      const existing = attendance.findGuest(session.id, name, category);
      if (existing) return already(existing, name, settings.timeZone);
      const added = attendance.add({ sessionId: session.id, guestName: name, guestCategory: category, method: request.method, at: request.at, late });
      log(db, request, `${name}（${GUEST_CATEGORY_LABELS[category].zh}）签到：${session.title}`, session, added);
      attendanceChangedAfterEnd(db, session.id, request.at);
      return { status: 'checked_in', attendance: added, name, message: `${name} 签到成功 / checked in` };
    }

    const member = findMember(db, request.by);
    if (!isActiveOn(member, session.occurrenceDate)) {
      throw new CheckinError('member_inactive', { name: member.name });
    }
    const existing = attendance.findMember(session.id, member.id);
    if (existing) return already(existing, member.name, settings.timeZone);
    const added = attendance.add({ sessionId: session.id, memberId: member.id, memberCategory: member.category, method: request.method, at: request.at, late });
    log(db, request, `${member.name} 签到${late ? '（迟到）' : ''}：${session.title}`, session, added);
    attendanceChangedAfterEnd(db, session.id, request.at);
    return { status: 'checked_in', attendance: added, name: member.name, message: `${member.name} 签到成功${late ? '（迟到）' : ''} / checked in${late ? ' (late)' : ''}` };
  });
}

export function checkOut(db: Db, attendanceId: number, actor: string, at: number): Attendance {
  return inTransaction(db, () => {
    const store = new AttendanceStore(db);
    const row = store.get(attendanceId);
    if (!row || row.undoneAt !== null) throw new CheckinError('attendance_not_found', { attendanceId });
    if (store.checkOut(attendanceId, at)) {
      appendStationLog(db, { type: 'checkin', actor, at, message: `签退：记录 ${attendanceId}`, detail: { attendanceId, sessionId: row.sessionId } });
    }
    return store.get(attendanceId)!;
  });
}

/** An administrator's undo of a mistaken check-in: the row stays, marked undone, and the log says who. */
export function undoCheckIn(db: Db, attendanceId: number, actor: string, at: number): Attendance {
  return inTransaction(db, () => {
    const store = new AttendanceStore(db);
    const row = store.get(attendanceId);
    if (!row || row.undoneAt !== null) throw new CheckinError('attendance_not_found', { attendanceId });
    store.undo(attendanceId, at);
    const who = row.memberId !== null ? (new MemberStore(db).get(row.memberId)?.name ?? `#${row.memberId}`) : row.guestName;
    appendStationLog(db, { type: 'checkin', actor, at, message: `撤销签到：${who}`, detail: { attendanceId, sessionId: row.sessionId } });
    attendanceChangedAfterEnd(db, row.sessionId, at);
    return store.get(attendanceId)!;
  });
}

function requireOpenSession(db: Db, sessionId: number, at: number): Session {
  const session = new SessionStore(db).get(sessionId);
  if (!session) throw new CheckinError('session_not_found', { sessionId });
  if (session.kind !== 'group_viewing') throw new CheckinError('not_group_viewing', { title: session.title });
  const window = checkinWindow(session, at);
  if (window === 'not_open') {
    throw new CheckinError('window_not_open', { opensAt: formatClock(session.checkinOpensAt, db) });
  }
  if (window === 'closed') throw new CheckinError('window_closed', { title: session.title });
  return session;
}

/** The member a tile or a card names (shared with the branch activities' check-in, agent/activities/). */
export function findMember(db: Db, by: { memberId: number } | { cardUid: string }): Member {
  const members = new MemberStore(db);
  if ('memberId' in by) {
    const member = members.get(by.memberId);
    if (!member) throw new CheckinError('member_not_found', { memberId: by.memberId });
    return member;
  }
  const member = members.findByCardUid(by.cardUid);
  if (!member) throw new CheckinError('card_unknown', { cardUid: by.cardUid.trim() });
  return member;
}

function already(row: Attendance, name: string, zone: string): CheckinOutcome {
  const time = localTimeOf(row.checkedInAt, zone);
  return { status: 'already', attendance: row, name, message: `${name} 已于 ${time} 签到 / already checked in at ${time}` };
}

function log(db: Db, request: CheckinRequest, message: string, session: Session, row: Attendance): void {
  appendStationLog(db, {
    type: 'checkin',
    actor: request.actor,
    at: request.at,
    message,
    detail: { sessionId: session.id, attendanceId: row.id, method: request.method, late: row.late },
  });
}

function formatClock(at: number, db: Db): string {
  return localTimeOf(at, readStationSettings(db).timeZone);
}
