// Owner of the branch activity register (activities, activity_attendance, activity_photos): the only code that
// writes them. A record's content is fixed once entered (the table refuses a change); later writes are the
// check-in window's opening and closing and the withdrawal, each once.
import type { Db } from '../store/database.ts';
import { statement } from '../../common/prepared-statements.ts';
import type { ActivityKind } from '../../protocol/branch-rhythm.pure.ts';
import type { GuestCategory, MemberCategory } from '../roster/categories.pure.ts';
import type { CheckinMethod } from '../attendance/attendance-store.ts';
import { nextRecordId } from '../store/record-ids.ts';

export interface Activity {
  id: number;
  kind: ActivityKind;
  /** Station-local day and wall times, as written in the register. */
  date: string;
  startTime: string;
  endTime: string | null;
  place: string;
  host: string;
  topic: string;
  minutes: string;
  branch: string | null;
  sessionId: number | null;
  recordedBy: string;
  recordedAt: number;
  checkinOpenedAt: number | null;
  checkinClosedAt: number | null;
  withdrawn: { at: number; by: string; reason: string } | null;
}

export type NewActivity = Pick<Activity, 'kind' | 'date' | 'startTime' | 'endTime' | 'place' | 'host' | 'topic' | 'minutes' | 'branch' | 'sessionId' | 'recordedBy' | 'recordedAt'>;

interface Row {
  id: number;
  kind: ActivityKind;
  held_on: string;
  start_time: string;
  end_time: string | null;
  place: string;
  host: string;
  topic: string;
  minutes: string;
  branch: string | null;
  session_id: number | null;
  recorded_by: string;
  recorded_at: number;
  checkin_opened_at: number | null;
  checkin_closed_at: number | null;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

function toActivity(r: Row): Activity {
  return {
    id: r.id,
    kind: r.kind,
    date: r.held_on,
    startTime: r.start_time,
    endTime: r.end_time,
    place: r.place,
    host: r.host,
    topic: r.topic,
    minutes: r.minutes,
    branch: r.branch,
    sessionId: r.session_id,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    checkinOpenedAt: r.checkin_opened_at,
    checkinClosedAt: r.checkin_closed_at,
    withdrawn: r.withdrawn_at === null ? null : { at: r.withdrawn_at, by: r.withdrawn_by!, reason: r.withdrawn_reason! },
  };
}

export interface ActivityCheckin {
  id: number;
  activityId: number;
  memberId: number | null;
  memberCategory: MemberCategory | null;
  guestName: string | null;
  guestCategory: GuestCategory | null;
  method: CheckinMethod;
  checkedInAt: number;
}

interface CheckinRow {
  id: number;
  activity_id: number;
  member_id: number | null;
  member_category: MemberCategory | null;
  guest_name: string | null;
  guest_category: GuestCategory | null;
  method: CheckinMethod;
  checked_in_at: number;
}

function toCheckin(r: CheckinRow): ActivityCheckin {
  return {
    id: r.id,
    activityId: r.activity_id,
    memberId: r.member_id,
    memberCategory: r.member_category,
    guestName: r.guest_name,
    guestCategory: r.guest_category,
    method: r.method,
    checkedInAt: r.checked_in_at,
  };
}

export type NewActivityCheckin =
  | { activityId: number; memberId: number; memberCategory: MemberCategory; method: CheckinMethod; at: number }
  | { activityId: number; guestName: string; guestCategory: GuestCategory; method: CheckinMethod; at: number };

export interface ActivityPhoto {
  id: number;
  activityId: number;
  sha256: string;
  bytes: number;
  format: 'jpeg' | 'png';
  originalName: string;
  importedBy: string;
  importedAt: number;
}

export class ActivityStore {
  constructor(private readonly db: Db) {}

  add(input: NewActivity): Activity {
    const id = Number(
      statement(
        this.db,
        `INSERT INTO activities (id, kind, held_on, start_time, end_time, place, host, topic, minutes, branch, session_id, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(nextRecordId(this.db, 'activities'), input.kind, input.date, input.startTime, input.endTime, input.place, input.host, input.topic, input.minutes, input.branch, input.sessionId, input.recordedBy, input.recordedAt)
        .lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): Activity | undefined {
    const row = statement(this.db, 'SELECT * FROM activities WHERE id = ?').get(id) as Row | undefined;
    return row && toActivity(row);
  }

  /** Activities held fromDate..toDate (inclusive), withdrawn ones too (the book shows them, marked), in order. */
  between(fromDate: string, toDate: string): Activity[] {
    const rows = statement(this.db, 'SELECT * FROM activities WHERE held_on >= ? AND held_on <= ? ORDER BY held_on, start_time, id').all(fromDate, toDate) as Row[];
    return rows.map(toActivity);
  }

  /** Activities whose check-in is open now (opened, not closed, not withdrawn). */
  checkinOpen(): Activity[] {
    const rows = statement(
      this.db,
      'SELECT * FROM activities WHERE checkin_opened_at IS NOT NULL AND checkin_closed_at IS NULL AND withdrawn_at IS NULL ORDER BY held_on, start_time, id',
    ).all() as Row[];
    return rows.map(toActivity);
  }

  openCheckin(id: number, at: number): boolean {
    return statement(this.db, 'UPDATE activities SET checkin_opened_at = ? WHERE id = ? AND checkin_opened_at IS NULL AND withdrawn_at IS NULL').run(at, id).changes === 1;
  }

  closeCheckin(id: number, at: number): boolean {
    return statement(this.db, 'UPDATE activities SET checkin_closed_at = ? WHERE id = ? AND checkin_opened_at IS NOT NULL AND checkin_closed_at IS NULL').run(at, id).changes === 1;
  }

  withdraw(id: number, withdrawal: { at: number; by: string; reason: string }): boolean {
    return (
      statement(this.db, 'UPDATE activities SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ? AND withdrawn_at IS NULL').run(
        withdrawal.at,
        withdrawal.by,
        withdrawal.reason,
        id,
      ).changes === 1
    );
  }

  /** Live (not undone) check-ins of an activity, in check-in order. */
  checkins(activityId: number): ActivityCheckin[] {
    const rows = statement(this.db, 'SELECT * FROM activity_attendance WHERE activity_id = ? AND undone_at IS NULL ORDER BY checked_in_at, id').all(activityId) as CheckinRow[];
    return rows.map(toCheckin);
  }

  findMemberCheckin(activityId: number, memberId: number): ActivityCheckin | undefined {
    const row = statement(this.db, 'SELECT * FROM activity_attendance WHERE activity_id = ? AND member_id = ? AND undone_at IS NULL').get(activityId, memberId) as
      | CheckinRow
      | undefined;
    return row && toCheckin(row);
  }

  findGuestCheckin(activityId: number, name: string, category: GuestCategory): ActivityCheckin | undefined {
    const row = statement(this.db, 'SELECT * FROM activity_attendance WHERE activity_id = ? AND guest_name = ? AND guest_category = ? AND undone_at IS NULL').get(
      activityId,
      name,
      category,
    ) as CheckinRow | undefined;
    return row && toCheckin(row);
  }

  addCheckin(input: NewActivityCheckin): ActivityCheckin {
    const isMember = 'memberId' in input;
    const id = Number(
      statement(
        this.db,
        `INSERT INTO activity_attendance (activity_id, member_id, member_category, guest_name, guest_category, method, checked_in_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.activityId,
        isMember ? input.memberId : null,
        isMember ? input.memberCategory : null,
        isMember ? null : input.guestName,
        isMember ? null : input.guestCategory,
        input.method,
        input.at,
      ).lastInsertRowid,
    );
    const row = statement(this.db, 'SELECT * FROM activity_attendance WHERE id = ?').get(id) as CheckinRow;
    return toCheckin(row);
  }

  /** A live (not undone) check-in by its id. */
  liveCheckin(id: number): ActivityCheckin | undefined {
    const row = statement(this.db, 'SELECT * FROM activity_attendance WHERE id = ? AND undone_at IS NULL').get(id) as CheckinRow | undefined;
    return row && toCheckin(row);
  }

  undoCheckin(id: number, at: number): ActivityCheckin | undefined {
    const row = statement(this.db, 'SELECT * FROM activity_attendance WHERE id = ? AND undone_at IS NULL').get(id) as CheckinRow | undefined;
    if (!row) return undefined;
    statement(this.db, 'UPDATE activity_attendance SET undone_at = ? WHERE id = ?').run(at, id);
    return toCheckin(row);
  }

  addPhoto(input: Omit<ActivityPhoto, 'id'>): ActivityPhoto | undefined {
    const changes = statement(
      this.db,
      `INSERT INTO activity_photos (activity_id, sha256, bytes, format, original_name, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (activity_id, sha256) DO NOTHING`,
    ).run(input.activityId, input.sha256, input.bytes, input.format, input.originalName, input.importedBy, input.importedAt).changes;
    return changes === 1 ? this.photos(input.activityId).find((p) => p.sha256 === input.sha256) : undefined;
  }

  photos(activityId: number): ActivityPhoto[] {
    const rows = statement(this.db, 'SELECT * FROM activity_photos WHERE activity_id = ? ORDER BY id').all(activityId) as {
      id: number;
      activity_id: number;
      sha256: string;
      bytes: number;
      format: 'jpeg' | 'png';
      original_name: string;
      imported_by: string;
      imported_at: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      activityId: r.activity_id,
      sha256: r.sha256,
      bytes: r.bytes,
      format: r.format,
      originalName: r.original_name,
      importedBy: r.imported_by,
      importedAt: r.imported_at,
    }));
  }
}
