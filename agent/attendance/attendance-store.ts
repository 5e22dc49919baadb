// Owner of the attendance table: who checked in to which session, how, and when.
import type { Db } from '../store/database.ts';
import type { GuestCategory, MemberCategory } from '../roster/categories.pure.ts';
import { statement } from '../../common/prepared-statements.ts';

export const CHECKIN_METHODS = ['tile', 'search', 'card', 'guest', 'cli', 'admin'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

export interface Attendance {
  id: number;
  sessionId: number;
  memberId: number | null;
  memberCategory: MemberCategory | null;
  guestName: string | null;
  guestCategory: GuestCategory | null;
  method: CheckinMethod;
  checkedInAt: number;
  checkedOutAt: number | null;
  late: boolean;
  undoneAt: number | null;
}

interface AttendanceRow {
  id: number;
  session_id: number;
  member_id: number | null;
  member_category: MemberCategory | null;
  guest_name: string | null;
  guest_category: GuestCategory | null;
  method: CheckinMethod;
  checked_in_at: number;
  checked_out_at: number | null;
  late: number;
  undone_at: number | null;
}

function toAttendance(r: AttendanceRow): Attendance {
  return {
    id: r.id,
    sessionId: r.session_id,
    memberId: r.member_id,
    memberCategory: r.member_category,
    guestName: r.guest_name,
    guestCategory: r.guest_category,
    method: r.method,
    checkedInAt: r.checked_in_at,
    checkedOutAt: r.checked_out_at,
    late: r.late === 1,
    undoneAt: r.undone_at,
  };
}

export type NewAttendance =
  | { sessionId: number; memberId: number; memberCategory: MemberCategory; method: CheckinMethod; at: number; late: boolean }
  | { sessionId: number; guestName: string; guestCategory: GuestCategory; method: CheckinMethod; at: number; late: boolean };

export class AttendanceStore {
  constructor(private readonly db: Db) {}

  get(id: number): Attendance | undefined {
    const row = statement(this.db, 'SELECT * FROM attendance WHERE id = ?').get(id) as AttendanceRow | undefined;
    return row && toAttendance(row);
  }

  /** Live (not undone) check-ins of a session, in check-in order. */
  forSession(sessionId: number): Attendance[] {
    const rows = statement(this.db, 'SELECT * FROM attendance WHERE session_id = ? AND undone_at IS NULL ORDER BY checked_in_at, id')
      .all(sessionId) as AttendanceRow[];
    return rows.map(toAttendance);
  }

  /** Live check-ins of many sessions at once (reports). */
  forSessions(sessionIds: readonly number[]): Attendance[] {
    if (sessionIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM attendance WHERE undone_at IS NULL AND session_id IN (SELECT value FROM json_each(?))
         ORDER BY session_id, checked_in_at, id`,
      )
      .all(JSON.stringify(sessionIds)) as AttendanceRow[];
    return rows.map(toAttendance);
  }

  findMember(sessionId: number, memberId: number): Attendance | undefined {
    const row = statement(this.db, 'SELECT * FROM attendance WHERE session_id = ? AND member_id = ? AND undone_at IS NULL')
      .get(sessionId, memberId) as AttendanceRow | undefined;
    return row && toAttendance(row);
  }

  findGuest(sessionId: number, name: string, category: GuestCategory): Attendance | undefined {
    const row = statement(this.db, 'SELECT * FROM attendance WHERE session_id = ? AND guest_name = ? AND guest_category = ? AND undone_at IS NULL')
      .get(sessionId, name, category) as AttendanceRow | undefined;
    return row && toAttendance(row);
  }

  add(input: NewAttendance): Attendance {
    const isMember = 'memberId' in input;
    const id = Number(
      statement(
        this.db,
        `INSERT INTO attendance (session_id, member_id, member_category, guest_name, guest_category, method, checked_in_at, late)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
          input.sessionId,
          isMember ? input.memberId : null,
          isMember ? input.memberCategory : null,
          isMember ? null : input.guestName,
          isMember ? null : input.guestCategory,
          input.method,
          input.at,
          input.late ? 1 : 0,
        ).lastInsertRowid,
    );
    return this.get(id)!;
  }

  checkOut(id: number, at: number): boolean {
    return this.db.prepare('UPDATE attendance SET checked_out_at = ? WHERE id = ? AND checked_out_at IS NULL AND undone_at IS NULL').run(at, id).changes === 1;
  }

  undo(id: number, at: number): boolean {
    return this.db.prepare('UPDATE attendance SET undone_at = ? WHERE id = ? AND undone_at IS NULL').run(at, id).changes === 1;
  }
}
