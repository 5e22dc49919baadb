// A station with a history for the roster-history tests: 22 registered members from before (no start date:
// "since ever"), a group viewing on 2026-11-05 and one this morning (2026-12-06), both ended. "Now" is
// 2026-12-06 15:00 in Asia/Shanghai, after this morning's viewing.
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import type { Member } from '../../../agent/roster/member-store.ts';
import type { Db } from '../../../agent/store/database.ts';
import { ZONE, at, createStation, type Station } from '../../support/station-fixture.ts';

export const NOW = at('2026-12-06 15:00');
export const NOVEMBER = '2026-11';
const MIN = 60_000;

/** Twenty-two registered members, two branches, named so that roster order is stable. */
export const OLD_MEMBERS = Array.from({ length: 22 }, (_, i) => `党员${String(i + 1).padStart(2, '0')}`);

export interface HistoryStation {
  station: Station;
  members: Member[];
  november: Session;
  today: Session;
}

/** A viewing run start to end by the session lifecycle, with the first `comers` members checking in. */
export function runViewing(db: Db, station: Station, date: string, time: string, comers: readonly Member[]): Session {
  const course = station.addCourse({ title: `${date} 的课件`, durationMs: 40 * MIN });
  const program = station.addProgram({ courseId: course.id, title: `${date} 集中收看`, rule: { type: 'once', date, time } }, at(`${date} 00:00`));
  const occurrence = occurrenceOn(program.rule, ZONE, date)!;
  const session = openCheckin(db, program, occurrence, occurrence.startsAt - 15 * MIN);
  comers.forEach((m, i) => checkIn(db, { sessionId: session.id, by: { memberId: m.id }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt - 10 * MIN + i * 1000 }));
  startSession(db, program, occurrence, occurrence.startsAt);
  new SessionStore(db).recordPlayed(session.id, 40 * MIN);
  return endSession(db, session.id, occurrence.startsAt + 42 * MIN, 'player');
}

export function createHistoryStation(dir?: string): HistoryStation {
  const station = createStation(dir ? { dir } : {});
  station.settings({ stationName: '历史测试站点', stationId: 'st-hist-001', grade: 'standard' });
  const members = OLD_MEMBERS.map((name, i) => station.addMember({ name, category: i % 5 === 4 ? 'probationary' : 'full', branch: i < 11 ? '第一党支部' : '第二党支部' }));
  const november = runViewing(station.db, station, '2026-11-05', '19:30', members.slice(0, 15));
  const today = runViewing(station.db, station, '2026-12-06', '10:00', members.slice(0, 18));
  return { station, members, november, today };
}
