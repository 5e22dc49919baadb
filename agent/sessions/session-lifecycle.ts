// A session's life: check-in opens, the showing starts (perhaps late), it ends and is judged held or not.
// Each step is one transaction with its station-log entry and, where the county wants it, its outbox event.
import { inTransaction, type Db } from '../store/database.ts';
import { assignDefaultTutor } from './session-tutor.ts';
import { SessionStore, type Session } from './session-store.ts';
import { wasHeld } from './held.pure.ts';
import type { Program } from '../programs/program-store.ts';
import type { Occurrence } from '../programs/recurrence.pure.ts';
import { CourseStore } from '../../content/course-store.ts';
import { AttendanceStore } from '../attendance/attendance-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { SessionRosterStore } from '../roster/session-roster-store.ts';
import { sessionFigures } from '../reports/participation.pure.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { localDateTimeOf } from '../clock/local-time.pure.ts';

/** Why a showing ended: its player reached the end, the administrator stopped it, it ran over, or county staff ended a live broadcast. */
export type EndReason = 'player' | 'admin' | 'overdue' | 'county';

export function sessionTimes(program: Program, occurrence: Occurrence): { checkinOpensAt: number; checkinClosesAt: number } {
  return {
    checkinOpensAt: occurrence.startsAt - program.checkinOpensBeforeMin * 60_000,
    checkinClosesAt: occurrence.startsAt + program.checkinClosesAfterMin * 60_000,
  };
}

function ensureSession(db: Db, program: Program, occurrence: Occurrence, at: number): Session {
  const course = new CourseStore(db).get(program.courseId);
  return new SessionStore(db).open(
    {
      programId: program.id,
      occurrenceDate: occurrence.date,
      kind: program.kind,
      title: program.title,
      courseId: program.courseId,
      scheduledStart: occurrence.startsAt,
      ...sessionTimes(program, occurrence),
      courseDurationMs: course?.durationMs ?? null,
      makeUp: program.makeUp,
    },
    at,
  );
}

export function openCheckin(db: Db, program: Program, occurrence: Occurrence, at: number): Session {
  return inTransaction(db, () => {
    const session = ensureSession(db, program, occurrence, at);
    assignDefaultTutor(db, session);
    const zone = readStationSettings(db).timeZone;
    appendStationLog(db, {
      type: 'schedule',
      actor: 'system',
      at,
      message: `签到开始：${program.title}（${localDateTimeOf(occurrence.startsAt, zone)} 开播）`,
      detail: { sessionId: session.id, programId: program.id },
    });
    return new SessionStore(db).get(session.id)!;
  });
}

/** Starts the showing; lateMs is how far past its scheduled start it began (0 when on time). */
export function startSession(db: Db, program: Program, occurrence: Occurrence, at: number, actor = 'system'): { session: Session; lateMs: number } {
  return inTransaction(db, () => {
    const sessions = new SessionStore(db);
    const session = ensureSession(db, program, occurrence, at);
    assignDefaultTutor(db, sessions.get(session.id)!);
    const lateMs = Math.max(0, at - occurrence.startsAt);
    sessions.markStarted(session.id, at, lateMs);
    const lateMinutes = Math.round(lateMs / 60_000);
    appendStationLog(db, {
      type: 'schedule',
      actor,
      at,
      message: lateMinutes >= 1 ? `节目晚开始 ${lateMinutes} 分钟：${program.title}` : `节目开始：${program.title}`,
      detail: { sessionId: session.id, programId: program.id, lateMs },
    });
    return { session: sessions.get(session.id)!, lateMs };
  });
}

export function recordMissed(db: Db, program: Program, occurrence: Occurrence, at: number): void {
  const zone = readStationSettings(db).timeZone;
  appendStationLog(db, {
    type: 'schedule',
    actor: 'system',
    at,
    message: `节目未能播放（终端未运行或时钟异常）：${program.title}，原定 ${localDateTimeOf(occurrence.startsAt, zone)}`,
    detail: { programId: program.id, occurrenceDate: occurrence.date, scheduledStart: occurrence.startsAt },
  });
}

/** Ends a session and judges it held per docs/domain.md; the county gets its figures through the outbox. */
export function endSession(db: Db, sessionId: number, at: number, reason: EndReason, actor = 'system'): Session {
  return inTransaction(db, () => {
    const sessions = new SessionStore(db);
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`session ${sessionId} does not exist`);
    if (session.status === 'ended' || session.status === 'cancelled') return session;
    const held = judgeHeld(db, session);
    sessions.end(sessionId, at, held);
    // Its 应到 is fixed now: someone added to the roster after the viewing, even the same day, is not missing from it.
    if (session.kind === 'group_viewing') new SessionRosterStore(db).take(sessionId, session.occurrenceDate, at);
    const reasonText = { player: '播放结束', admin: '管理员停止', overdue: '超时自动结束', county: '县级平台结束直播' }[reason];
    appendStationLog(db, {
      type: 'session',
      actor,
      at,
      message: `${reasonText}：${session.title}${session.kind !== 'group_viewing' ? '' : session.makeUp ? '（补学场次，不计入应组织次数）' : held ? '（计为已组织收看）' : '（未达到收看要求）'}`,
      detail: { sessionId, reason, held, playedMs: session.playedMs },
    });
    const ended = sessions.get(sessionId)!;
    reportSession(db, ended, at);
    return ended;
  });
}

/**
 * Attendance of an ended session changed (a late arrival while check-in is still open, or an admin's undo):
 * judge it again and send the county the new figures. The hub keeps the latest report per session.
 */
export function attendanceChangedAfterEnd(db: Db, sessionId: number, at: number): void {
  const sessions = new SessionStore(db);
  const session = sessions.get(sessionId);
  if (!session || session.status !== 'ended') return;
  const held = judgeHeld(db, session);
  if (held !== session.held) sessions.setHeld(sessionId, held);
  reportSession(db, sessions.get(sessionId)!, at);
}

function judgeHeld(db: Db, session: Session): boolean {
  if (session.kind !== 'group_viewing' || session.startedAt === null) return false;
  const settings = readStationSettings(db);
  const checkins = new AttendanceStore(db).forSession(session.id).length;
  return wasHeld({ playedMs: session.playedMs, courseDurationMs: session.courseDurationMs, minPlayShare: settings.minPlayShare, checkins });
}

/** Queues the session's figures for the county; the hub keeps the latest report per session. */
export function reportSession(db: Db, session: Session, at: number): void {
  if (session.kind !== 'group_viewing') return;
  const expected = new SessionRosterStore(db).get(session.id);
  const figures = sessionFigures(new MemberStore(db).list(), session.occurrenceDate, new AttendanceStore(db).forSession(session.id), expected);
  enqueueOutbox(db, 'session', at, {
    sessionId: session.id,
    programId: session.programId,
    title: session.title,
    date: session.occurrenceDate,
    scheduledStart: session.scheduledStart,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    playedMs: session.playedMs,
    held: session.held,
    registered: figures.registered,
    attendedRegistered: figures.attendedRegistered,
    rate: figures.rate,
    guests: figures.guests,
    guestsByCategory: figures.guestsByCategory,
    // 补学: said only of a make-up showing, so a regular viewing's report is as it always was.
    ...(session.makeUp ? { makeUp: true } : {}),
  });
}
