// A station with a month of records for the export tests: two group viewings in May 2026 (one held, one
// not), a member who joined mid-month, one who joined after the last viewing, an excused member, one who
// never came, guests of three kinds and an activist from the roster; April 2026 has no viewings at all.
import type { Db } from '../../../agent/store/database.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { checkIn, type CheckinBy } from '../../../agent/attendance/checkin.ts';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { appendContentLog } from '../../../content/content-log.ts';
import { ZONE, at, createStation, type Station } from '../../support/station-fixture.ts';

export const STATION_NAME = '测试村远教站点';
export const STATION_ID = 'st-330101-001';
export const MONTH = '2026-05';
export const EMPTY_MONTH = '2026-04';
export const FIRST_TITLE = '学习贯彻 第一讲';
export const SECOND_TITLE = '学习贯彻 第二讲';
const MIN = 60_000;

export interface ExportStation {
  station: Station;
  db: Db;
  first: Session;
  second: Session;
  /** Registered members on the date of the first viewing, in roster order. */
  registeredOnFirst: string[];
}

function runViewing(
  db: Db,
  station: Station,
  input: { title: string; date: string; courseMinutes: number; playedShare: number; checkins: { by: CheckinBy; minutesFromStart: number }[]; staff?: { tutor: string; operator: string } },
): Session {
  const course = station.addCourse({ title: input.title, durationMs: input.courseMinutes * MIN });
  const program = station.addProgram({ courseId: course.id, title: input.title, rule: { type: 'once', date: input.date, time: '19:30' } }, at(`${input.date} 08:00`));
  const occurrence = occurrenceOn(program.rule, ZONE, input.date)!;
  const session = openCheckin(db, program, occurrence, occurrence.startsAt - 15 * MIN);
  const sorted = [...input.checkins].sort((a, b) => a.minutesFromStart - b.minutesFromStart);
  let started = false;
  for (const c of sorted) {
    if (!started && c.minutesFromStart >= 0) {
      startSession(db, program, occurrence, occurrence.startsAt);
      started = true;
    }
    checkIn(db, { sessionId: session.id, by: c.by, method: 'guest' in c.by ? 'guest' : 'tile', actor: 'kiosk', at: occurrence.startsAt + c.minutesFromStart * MIN });
  }
  if (!started) startSession(db, program, occurrence, occurrence.startsAt);
  const sessions = new SessionStore(db);
  sessions.recordPlayed(session.id, input.courseMinutes * MIN * input.playedShare);
  if (input.staff) sessions.setStaff(session.id, input.staff);
  return endSession(db, session.id, occurrence.startsAt + (input.courseMinutes + 5) * MIN, 'player');
}

export function createExportStation(dir?: string): ExportStation {
  const station = createStation(dir ? { dir } : {});
  const db = station.db;
  station.settings({ stationName: STATION_NAME, stationId: STATION_ID, grade: 'standard' });
  const zhang = station.addMember({ name: '张三', category: 'full', branch: '第一党支部' });
  const li = station.addMember({ name: '李四', category: 'probationary', branch: '第一党支部' });
  station.addMember({ name: '王五', category: 'full', branch: '第一党支部' });
  const zhao = station.addMember({ name: '赵六', category: 'activist', branch: '第一党支部' });
  const sun = station.addMember({ name: '孙八', category: 'full', branch: '第二党支部' });
  // Registered all month and never came: makes the rates of the month non-round (2/6 = 0.3333).
  station.addMember({ name: '陈十二', category: 'full', branch: '第二党支部' });
  // Joined mid-month, before the second viewing: counts in May's rate from that viewing on.
  const qian = station.addMember({ name: '钱七', category: 'full', branch: '第二党支部', activeFrom: '2026-05-15' });
  // Joined after May's last viewing: not in May's denominator.
  station.addMember({ name: '冯十一', category: 'full', branch: '第二党支部', activeFrom: '2026-05-25' });
  new MemberStore(db).setExcused(sun.id, MONTH, '外出务工', at('2026-05-01 09:00'));

  const first = runViewing(db, station, {
    title: FIRST_TITLE,
    date: '2026-05-10',
    courseMinutes: 45,
    playedShare: 1,
    staff: { tutor: '周老师', operator: '吴管理员' },
    checkins: [
      { by: { memberId: zhang.id }, minutesFromStart: -5 },
      { by: { guest: { name: '周九', category: 'employee' } }, minutesFromStart: -3 },
      { by: { guest: { name: '郑十', category: 'mobile' } }, minutesFromStart: -2 },
      { by: { memberId: zhao.id }, minutesFromStart: -1 },
      { by: { memberId: li.id }, minutesFromStart: 12 },
    ],
  });
  const second = runViewing(db, station, {
    title: SECOND_TITLE,
    date: '2026-05-20',
    courseMinutes: 40,
    playedShare: 0.5,
    checkins: [
      { by: { memberId: qian.id }, minutesFromStart: -4 },
      { by: { memberId: zhang.id }, minutesFromStart: -2 },
      { by: { guest: { name: '王大妈', category: 'employee' } }, minutesFromStart: 1 },
    ],
  });

  appendContentLog(db, { at: at('2026-05-08 10:00'), event: 'received', courseId: first.courseId, source: 'inbox', fileName: 'xuexi-1.mp4', bytes: 52_428_800, sha256: 'a'.repeat(64), detail: { outcome: 'stored' } });
  appendContentLog(db, { at: at('2026-05-08 10:01'), event: 'stored', courseId: first.courseId, source: 'inbox', fileName: 'xuexi-1.mp4', bytes: 52_428_800, sha256: 'a'.repeat(64), detail: {} });
  appendContentLog(db, { at: at('2026-05-10 20:20'), event: 'played', courseId: first.courseId, source: 'player', fileName: 'xuexi-1.mp4', sha256: 'a'.repeat(64), detail: { sessionId: first.id, playedMs: 45 * MIN, share: 1 } });

  return { station, db, first, second, registeredOnFirst: ['张三', '李四', '王五', '孙八', '陈十二'] };
}
