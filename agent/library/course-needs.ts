// What the schedule asks of the library: which courses programs need in the next 30 days (never evicted,
// never removed), and whether a conversion may run now (not while a group viewing is on).
import type { Db } from '../store/database.ts';
import { ProgramStore } from '../programs/program-store.ts';
import { occurrencesBetween } from '../programs/recurrence.pure.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { localDateTimeOf } from '../clock/local-time.pure.ts';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { removeCourseFile } from '../../content/course-removal.ts';
import type { ContentLogHook } from '../../content/content-log.ts';

export const NEEDED_SOON_DAYS = 30;
const DAY_MS = 86_400_000;

export interface NeededBy {
  programId: number;
  title: string;
  /** The first showing in the window; the live session's start for a course playing now. */
  startsAt: number;
}

/** Courses a program shows within the next `days` days, or that a live session is using now. */
export function coursesNeededSoon(db: Db, now: number, days = NEEDED_SOON_DAYS): Map<number, NeededBy[]> {
  const zone = readStationSettings(db).timeZone;
  const needed = new Map<number, NeededBy[]>();
  const add = (courseId: number, by: NeededBy) => needed.set(courseId, [...(needed.get(courseId) ?? []), by]);
  for (const session of new SessionStore(db).live(now)) add(session.courseId, { programId: session.programId, title: session.title, startsAt: session.scheduledStart });
  for (const program of new ProgramStore(db).listActive()) {
    const [first] = occurrencesBetween(program.rule, zone, now, now + days * DAY_MS);
    if (first) add(program.courseId, { programId: program.id, title: program.title, startsAt: first.startsAt });
  }
  return needed;
}

/**
 * Whether a conversion may use the CPU now: not while a group viewing is open for check-in or playing.
 * Check-in counts too: the room is filling, the check-in screen must answer a card within a second on a
 * weak box, and the showing starts within minutes anyway.
 */
export function canConvertNow(db: Db, now: number): boolean {
  return !new SessionStore(db)
    .live(now)
    .some((s) => s.kind === 'group_viewing' && (s.status === 'checkin' || s.status === 'playing'));
}

export class CourseNeededError extends Error {
  constructor(
    readonly course: Course,
    readonly neededBy: NeededBy[],
    zone: string,
  ) {
    const first = neededBy[0]!;
    const when = localDateTimeOf(first.startsAt, zone);
    super(
      `课件“${course.title}”在 ${NEEDED_SOON_DAYS} 天内有节目要用：节目 ${first.programId}“${first.title}”（${when}），请先修改或删除该节目` +
        ` / course ${course.id} is needed by program ${first.programId} "${first.title}" (${when}); change or remove that program first`,
    );
    this.name = 'CourseNeededError';
  }
}

/** An operator's removal: refused while a program needs the course within 30 days (the program is named). */
export async function removeCourse(db: Db, dataDir: string, courseId: number, options: { actor: string; now: number; onLog?: ContentLogHook }): Promise<Course> {
  const course = new CourseStore(db).get(courseId);
  const needed = coursesNeededSoon(db, options.now).get(courseId);
  if (course && needed && course.status !== 'removed') throw new CourseNeededError(course, needed, readStationSettings(db).timeZone);
  return removeCourseFile(db, dataDir, courseId, { event: 'removed', at: options.now, actor: options.actor, onLog: options.onLog });
}
