// Owner of the sessions table: programs that actually ran (or are running), one per occurrence.
import type { Db } from '../store/database.ts';
import { statement } from '../../common/prepared-statements.ts';
import type { ProgramKind } from '../programs/program-store.ts';
import { nextRecordId } from '../store/record-ids.ts';

export const SESSION_STATUSES = ['checkin', 'playing', 'ended', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Session {
  id: number;
  programId: number;
  occurrenceDate: string;
  kind: ProgramKind;
  title: string;
  courseId: number;
  scheduledStart: number;
  checkinOpensAt: number;
  checkinClosesAt: number;
  status: SessionStatus;
  startedAt: number | null;
  lateStartMs: number | null;
  endedAt: number | null;
  courseDurationMs: number | null;
  playedMs: number;
  held: boolean;
  tutor: string | null;
  operator: string | null;
  /** A make-up showing (补学), as its program was when the session opened. */
  makeUp: boolean;
  createdAt: number;
}

export interface NewSession {
  programId: number;
  occurrenceDate: string;
  kind: ProgramKind;
  title: string;
  courseId: number;
  scheduledStart: number;
  checkinOpensAt: number;
  checkinClosesAt: number;
  courseDurationMs: number | null;
  makeUp?: boolean;
}

interface SessionRow {
  id: number;
  program_id: number;
  occurrence_date: string;
  kind: ProgramKind;
  title: string;
  course_id: number;
  scheduled_start: number;
  checkin_opens_at: number;
  checkin_closes_at: number;
  status: SessionStatus;
  started_at: number | null;
  late_start_ms: number | null;
  ended_at: number | null;
  course_duration_ms: number | null;
  played_ms: number;
  held: number;
  tutor: string | null;
  operator: string | null;
  make_up: number;
  created_at: number;
}

function toSession(r: SessionRow): Session {
  return {
    id: r.id,
    programId: r.program_id,
    occurrenceDate: r.occurrence_date,
    kind: r.kind,
    title: r.title,
    courseId: r.course_id,
    scheduledStart: r.scheduled_start,
    checkinOpensAt: r.checkin_opens_at,
    checkinClosesAt: r.checkin_closes_at,
    status: r.status,
    startedAt: r.started_at,
    lateStartMs: r.late_start_ms,
    endedAt: r.ended_at,
    courseDurationMs: r.course_duration_ms,
    playedMs: r.played_ms,
    held: r.held === 1,
    tutor: r.tutor,
    operator: r.operator,
    makeUp: r.make_up === 1,
    createdAt: r.created_at,
  };
}

export class SessionStore {
  constructor(private readonly db: Db) {}

  get(id: number): Session | undefined {
    const row = statement(this.db, 'SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row && toSession(row);
  }

  findByOccurrence(programId: number, occurrenceDate: string): Session | undefined {
    const row = this.db
      .prepare('SELECT * FROM sessions WHERE program_id = ? AND occurrence_date = ?')
      .get(programId, occurrenceDate) as SessionRow | undefined;
    return row && toSession(row);
  }

  /** Creates the session of an occurrence, or returns the one that already exists. */
  open(input: NewSession, at: number): Session {
    this.db
      .prepare(
        `INSERT INTO sessions (id, program_id, occurrence_date, kind, title, course_id, scheduled_start, checkin_opens_at,
                               checkin_closes_at, status, course_duration_ms, make_up, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'checkin', ?, ?, ?)
         ON CONFLICT (program_id, occurrence_date) DO NOTHING`,
      )
      .run(
        nextRecordId(this.db, 'sessions'),
        input.programId,
        input.occurrenceDate,
        input.kind,
        input.title,
        input.courseId,
        input.scheduledStart,
        input.checkinOpensAt,
        input.checkinClosesAt,
        input.courseDurationMs,
        input.makeUp === true ? 1 : 0,
        at,
      );
    return this.findByOccurrence(input.programId, input.occurrenceDate)!;
  }

  markStarted(id: number, at: number, lateStartMs: number): void {
    this.db
      .prepare(`UPDATE sessions SET status = 'playing', started_at = ?, late_start_ms = ? WHERE id = ? AND started_at IS NULL`)
      .run(at, lateStartMs, id);
  }

  /** Played time only grows: a late or repeated report never lowers it. */
  recordPlayed(id: number, playedMs: number): void {
    this.db.prepare('UPDATE sessions SET played_ms = max(played_ms, ?) WHERE id = ?').run(Math.max(0, Math.round(playedMs)), id);
  }

  end(id: number, at: number, held: boolean): void {
    this.db
      .prepare(`UPDATE sessions SET status = 'ended', ended_at = ?, held = ? WHERE id = ? AND status <> 'ended'`)
      .run(at, held ? 1 : 0, id);
  }

  setHeld(id: number, held: boolean): void {
    this.db.prepare('UPDATE sessions SET held = ? WHERE id = ?').run(held ? 1 : 0, id);
  }

  setStaff(id: number, staff: { tutor: string | null; operator: string | null }): void {
    this.db.prepare('UPDATE sessions SET tutor = ?, operator = ? WHERE id = ?').run(staff.tutor, staff.operator, id);
  }

  /** Sessions a person in the room may still be acting on: open for check-in, playing, or ended with check-in still open. */
  live(now: number): Session[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM sessions
         WHERE status IN ('checkin', 'playing') OR (status = 'ended' AND checkin_closes_at > ?)
         ORDER BY scheduled_start DESC, id DESC`,
      )
      .all(now) as SessionRow[];
    return rows.map(toSession);
  }

  /** Sessions whose scheduled start lies in [from, to). */
  between(from: number, to: number): Session[] {
    const rows = this.db
      .prepare('SELECT * FROM sessions WHERE scheduled_start >= ? AND scheduled_start < ? ORDER BY scheduled_start, id')
      .all(from, to) as SessionRow[];
    return rows.map(toSession);
  }
}
