import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createStation, at, type Station } from '../../support/station-fixture.ts';
import { checkIn, undoCheckIn, CheckinError } from '../../../agent/attendance/checkin.ts';
import { openCheckin, startSession, endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { AttendanceStore } from '../../../agent/attendance/attendance-store.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import type { Program } from '../../../agent/programs/program-store.ts';
import { outcomeText } from '../../../cli/commands/checkin.ts';

let station: Station;
let program: Program;
let session: Session;
const occurrence = { date: '2026-12-05', startsAt: at('2026-12-05 19:30') };

beforeEach(() => {
  station = createStation();
  const course = station.addCourse({ durationMs: 10 * 60_000 });
  program = station.addProgram({ courseId: course.id, rule: { type: 'once', date: '2026-12-05', time: '19:30' } }, at('2026-12-01 08:00'));
  session = openCheckin(station.db, program, occurrence, at('2026-12-05 19:15'));
});
afterEach(() => station.close());

const by = (memberId: number, t: string) => ({ sessionId: session.id, by: { memberId }, method: 'tile' as const, actor: 'test', at: at(t) });

function expectRefused(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CheckinError);
    expect((err as CheckinError).code).toBe(code);
    return;
  }
  throw new Error(`expected a refusal with code ${code}`);
}

describe('check-in', () => {
  it('records one check-in per member: the second answers with the first time and changes nothing', () => {
    const m = station.addMember({ name: '张三' });
    const first = checkIn(station.db, by(m.id, '2026-12-05 19:20'));
    expect(first.status).toBe('checked_in');
    const logBefore = queryStationLog(station.db).length;
    const second = checkIn(station.db, by(m.id, '2026-12-05 19:25'));
    expect(second.status).toBe('already');
    expect(outcomeText(second)).toContain('已于 19:20 签到');
    expect(second.attendance.id).toBe(first.attendance.id);
    expect(new AttendanceStore(station.db).forSession(session.id)).toHaveLength(1);
    expect(queryStationLog(station.db)).toHaveLength(logBefore);
  });

  it('marks late only after start plus the grace period', () => {
    const a = station.addMember({ name: '甲' });
    const b = station.addMember({ name: '乙' });
    expect(checkIn(station.db, by(a.id, '2026-12-05 19:40')).attendance.late).toBe(false);
    expect(checkIn(station.db, by(b.id, '2026-12-05 19:41')).attendance.late).toBe(true);
  });

  it('finds a member by card whatever the case and spacing of the UID', () => {
    const m = station.addMember({ name: '王五', cardUid: '00AB12' });
    const r = checkIn(station.db, { sessionId: session.id, by: { cardUid: ' 00ab12 ' }, method: 'card', actor: 'test', at: at('2026-12-05 19:20') });
    expect(r.attendance.memberId).toBe(m.id);
    expect(r.attendance.method).toBe('card');
  });

  it('refuses an unknown card, a member not on the roster that day, and a check-in outside the window', () => {
    const gone = station.addMember({ name: '赵六', activeTo: '2026-11-30' });
    expectRefused(() => checkIn(station.db, { sessionId: session.id, by: { cardUid: 'FFFF' }, method: 'card', actor: 'test', at: at('2026-12-05 19:20') }), 'card_unknown');
    expectRefused(() => checkIn(station.db, by(gone.id, '2026-12-05 19:20')), 'member_inactive');
    const m = station.addMember({ name: '钱七' });
    expectRefused(() => checkIn(station.db, by(m.id, '2026-12-05 19:14')), 'window_not_open');
    expectRefused(() => checkIn(station.db, by(m.id, '2026-12-05 20:00')), 'window_closed');
    expect(new AttendanceStore(station.db).forSession(session.id)).toEqual([]);
  });

  it('records a guest once per name and category', () => {
    const g = { sessionId: session.id, by: { guest: { name: ' 孙八 ', category: 'employee' as const } }, method: 'guest' as const, actor: 'test', at: at('2026-12-05 19:20') };
    expect(checkIn(station.db, g).status).toBe('checked_in');
    expect(checkIn(station.db, g).status).toBe('already');
    expect(new AttendanceStore(station.db).forSession(session.id)[0]).toMatchObject({ guestName: '孙八', guestCategory: 'employee', memberId: null });
  });

  it('lets an admin undo a mistaken check-in, keeping the row and allowing a fresh check-in', () => {
    const m = station.addMember({ name: '周九' });
    const first = checkIn(station.db, by(m.id, '2026-12-05 19:20'));
    undoCheckIn(station.db, first.attendance.id, 'admin', at('2026-12-05 19:21'));
    expect(new AttendanceStore(station.db).get(first.attendance.id)!.undoneAt).toBe(at('2026-12-05 19:21'));
    expect(checkIn(station.db, by(m.id, '2026-12-05 19:22')).status).toBe('checked_in');
    expect(queryStationLog(station.db, { type: 'checkin' }).map((e) => e.message)).toContain('撤销签到：周九');
  });

  it('re-judges an ended session and reports it again when someone checks in after the course ended', () => {
    const m = station.addMember({ name: '吴十' });
    startSession(station.db, program, occurrence, at('2026-12-05 19:30'));
    new SessionStore(station.db).recordPlayed(session.id, 10 * 60_000);
    const ended = endSession(station.db, session.id, at('2026-12-05 19:40'), 'player');
    expect(ended.held).toBe(false); // nobody had checked in
    checkIn(station.db, by(m.id, '2026-12-05 19:45')); // check-in still open until 20:00
    expect(new SessionStore(station.db).get(session.id)!.held).toBe(true);
    const reports = pendingOutbox(station.db, 100).filter((e) => e.type === 'session');
    expect(reports).toHaveLength(2);
    expect(reports[1]!.body).toMatchObject({ sessionId: session.id, held: true, attendedRegistered: 1, registered: 1 });
  });
});
