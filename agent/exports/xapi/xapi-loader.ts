// Reads the group viewings of a date range and their members' check-ins for the xAPI statements.
import type { Statement } from '@xapi/xapi';
import type { Db } from '../../store/database.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { SessionStore } from '../../sessions/session-store.ts';
import { AttendanceStore } from '../../attendance/attendance-store.ts';
import { MemberStore } from '../../roster/member-store.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { addDays, localTimeOf, startOfLocalDay } from '../../clock/local-time.pure.ts';
import { attendanceStatements } from './attendance-statements.pure.ts';

export interface XapiExport {
  statements: Statement[];
  sessions: number;
  /** Guest check-ins left out: a guest is a name typed at the door, not an identifiable member. */
  guestsLeftOut: number;
}

/** The same sessions the reports count: group viewings that started, by scheduled start in the range. */
export function loadXapi(db: Db, from: string, to: string): XapiExport {
  const settings = readStationSettings(db);
  const zone = settings.timeZone;
  const sessions = new SessionStore(db)
    .between(startOfLocalDay(from, zone), startOfLocalDay(addDays(to, 1), zone))
    .filter((s) => s.kind === 'group_viewing' && s.startedAt !== null);
  const attendance = new AttendanceStore(db).forSessions(sessions.map((s) => s.id));
  const names = new Map(new MemberStore(db).list().map((m) => [m.id, m.name]));
  const courses = new Map(new CourseStore(db).list({ includeRemoved: true }).map((c) => [c.id, c.title]));
  const order = new Map(sessions.map((s, i) => [s.id, i]));
  const members = attendance
    .filter((a) => a.memberId !== null)
    .sort((a, b) => order.get(a.sessionId)! - order.get(b.sessionId)! || a.checkedInAt - b.checkedInAt || a.id - b.id);
  return {
    statements: attendanceStatements({
      station: { id: settings.stationId, name: settings.stationName },
      sessions: sessions.map((s) => ({
        id: s.id,
        title: s.title,
        courseId: s.courseId,
        courseTitle: courses.get(s.courseId) ?? s.title,
        date: s.occurrenceDate,
        time: localTimeOf(s.scheduledStart, zone),
        held: s.held,
      })),
      checkins: members.map((a) => ({ sessionId: a.sessionId, memberId: a.memberId!, memberName: names.get(a.memberId!) ?? `#${a.memberId}`, checkedInAt: a.checkedInAt, late: a.late })),
    }),
    sessions: sessions.length,
    guestsLeftOut: attendance.filter((a) => a.memberId === null).length,
  };
}
