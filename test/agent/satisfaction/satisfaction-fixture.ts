// A station with one group viewing held and ended, for the satisfaction tests: three members with cards (two
// checked in), one guest checked in, so three people were present.
import type { Db } from '../../../agent/store/database.ts';
import type { Program } from '../../../agent/programs/program-store.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { checkIn, type CheckinBy } from '../../../agent/attendance/checkin.ts';
import { ZONE, at, createStation, type Station } from '../../support/station-fixture.ts';

const MIN = 60_000;

/** One group viewing: check-in opens, the people check in, it plays its whole course and ends. */
export function holdViewing(db: Db, program: Program, date: string, people: CheckinBy[], playedMs = 45 * MIN): Session {
  const occurrence = occurrenceOn(program.rule, ZONE, date)!;
  openCheckin(db, program, occurrence, occurrence.startsAt - 15 * MIN);
  const sessionId = new SessionStore(db).findByOccurrence(program.id, date)!.id;
  people.forEach((by, i) => checkIn(db, { sessionId, by, method: 'cli', actor: 'test', at: occurrence.startsAt - 10 * MIN + i * MIN }));
  const { session } = startSession(db, program, occurrence, occurrence.startsAt);
  new SessionStore(db).recordPlayed(session.id, playedMs);
  return endSession(db, session.id, occurrence.startsAt + playedMs, 'player');
}

export interface SurveyStation {
  station: Station;
  viewing: Session;
  /** Cards of 张三 and 李四 (checked in) and 王五 (not checked in). */
  cards: { present: [string, string]; absent: string };
  program: Program;
}

export function surveyStation(dir: string, date = '2026-10-10'): SurveyStation {
  const station = createStation({ dir });
  const a = station.addMember({ name: '张三', cardUid: '0A1B2C3D' });
  const b = station.addMember({ name: '李四', cardUid: '0A1B2C3E' });
  station.addMember({ name: '王五', cardUid: '0A1B2C3F' });
  const course = station.addCourse({ durationMs: 45 * MIN });
  const program = station.addProgram({ courseId: course.id, title: '十月集中收看', rule: { type: 'once', date, time: '19:30' } }, at(`${date} 09:00`));
  const viewing = holdViewing(station.db, program, date, [{ memberId: a.id }, { memberId: b.id }, { guest: { name: '来宾甲', category: 'employee' } }]);
  return { station, viewing, cards: { present: ['0A1B2C3D', '0A1B2C3E'], absent: '0A1B2C3F' }, program };
}
