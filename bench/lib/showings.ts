// The station's side of the kiosk benchmarks: a data directory as a station in use has it, and showings started
// or scheduled the way the CLI does it — through a connection of our own, committed while the agent runs
// (the agent notices within a second and the kiosk follows).
import { DateTime } from 'luxon';
import { openStationDatabase, type Db } from '../../agent/store/database.ts';
import { CourseStore } from '../../content/course-store.ts';
import { ProgramStore } from '../../agent/programs/program-store.ts';
import { playNow } from '../../agent/schedule/manual-play.ts';
import { endSession } from '../../agent/sessions/session-lifecycle.ts';
import { addNotice } from '../../agent/notices/notice-store.ts';
import { createStation, ZONE } from '../../test/support/station-fixture.ts';

export const STATION_NAME = '基准测试村远教站点';

function withDb<T>(dataDir: string, fn: (db: Db) => T): T {
  const db = openStationDatabase(dataDir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The local wall time of an instant as a once-rule (seconds precision). */
export function onceAt(at: number): { type: 'once'; date: string; time: string } {
  const wall = DateTime.fromMillis(at, { zone: ZONE });
  return { type: 'once', date: wall.toISODate()!, time: wall.toFormat('HH:mm:ss') };
}

/**
 * What the notice board shows on an ordinary day: a named station with 30 members, three courses, a group
 * viewing tomorrow evening, a weekly and a daily background showing, and two notices. Nothing opens check-in
 * soon, so the kiosk starts on the board.
 */
export function seedBoardStation(dir: string): void {
  const station = createStation({ dir });
  try {
    station.settings({ stationName: STATION_NAME });
    for (let i = 1; i <= 30; i++) station.addMember({ name: `党员${String(i).padStart(2, '0')}` });
    const courses = ['学习贯彻党的二十大精神 第一讲', '乡村振兴政策解读', '党员教育微课：守好初心'].map((title) => station.addCourse({ title }).id);
    const now = Date.now();
    const tomorrow = DateTime.fromMillis(now, { zone: ZONE }).plus({ days: 1 }).toISODate()!;
    station.addProgram({ courseId: courses[0], title: '主题党日集中收看', rule: { type: 'once', date: tomorrow, time: '19:30' } }, now);
    station.addProgram({ courseId: courses[1], kind: 'background', rule: { type: 'weekly', days: [1, 3, 5], time: '09:00' } }, now);
    station.addProgram({ courseId: courses[2], kind: 'background', title: '党员教育微课', rule: { type: 'daily', time: '08:00' } }, now);
    addNotice(station.db, { text: '本周五下午召开支部党员大会', until: null }, now);
    addNotice(station.db, { text: '请各位党员按时参加集中收看', until: null }, now);
  } finally {
    station.close();
  }
}

export interface CourseSpec {
  title: string;
  localPath: string | null;
  streamUrl: string | null;
  durationMs: number;
}

/** A named station with the given courses; returns their ids in order. */
export function seedCourses(dir: string, courses: CourseSpec[]): number[] {
  const station = createStation({ dir });
  try {
    station.settings({ stationName: STATION_NAME });
    const store = new CourseStore(station.db);
    return courses.map((c) => store.add({ ...c, series: null, source: 'manual', sha256: null }, 0).id);
  } finally {
    station.close();
  }
}

/** "Play now" as the admin screen does it (a background showing, started at once); returns the session id. */
export function playNowIn(dataDir: string, courseId: number, title: string): number {
  return withDb(dataDir, (db) => playNow(db, { courseId, kind: 'background', title, actor: 'bench' }, Date.now()).id);
}

/** Ends a session as an administrator's stop does, so the next showing is the only one playing. */
export function endSessionIn(dataDir: string, sessionId: number): void {
  withDb(dataDir, (db) => endSession(db, sessionId, Date.now(), 'admin', 'bench'));
}

/** A one-off background showing at `startsAt` (whole seconds), as `yuanjiao program add --once` adds it. */
export function scheduleShowingIn(dataDir: string, courseId: number, startsAt: number, title: string): number {
  return withDb(dataDir, (db) =>
    new ProgramStore(db).add({ courseId, title, kind: 'background', rule: onceAt(startsAt), checkinOpensBeforeMin: 15, checkinClosesAfterMin: 30 }, Date.now()).id,
  );
}
