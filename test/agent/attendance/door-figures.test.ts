// The figures a check-in answers with (sessions/session-figures.ts, counted by SQLite from the session's rows)
// against the full rebuild the room's view and the reports make (reports/participation.pure.ts's sessionFigures
// over the whole roster): equal after any mix of check-ins, repeats, refusals, guests, late arrivals, undos,
// excusals, roster edits, and check-ins after the viewing ended (its 应到 then fixed).
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createStation, at, type Station } from '../../support/station-fixture.ts';
import { checkIn, undoCheckIn, CheckinError } from '../../../agent/attendance/checkin.ts';
import { AttendanceStore } from '../../../agent/attendance/attendance-store.ts';
import { openCheckin, startSession, endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { doorFigures } from '../../../agent/sessions/session-figures.ts';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { SessionRosterStore } from '../../../agent/roster/session-roster-store.ts';
import { sessionFigures } from '../../../agent/reports/participation.pure.ts';
import { GUEST_CATEGORIES, MEMBER_CATEGORIES } from '../../../agent/roster/categories.pure.ts';

const DATE = '2026-12-05';
/** Around the viewing's date: before it, on it, after it, or open. */
const DATES = [null, '2026-11-01', '2026-12-04', DATE, '2026-12-06'] as const;

/** The full rebuild: what sessionView and the reports compute. */
function rebuilt(station: Station, session: Session) {
  const { absentIds: _absent, ...figures } = sessionFigures(
    new MemberStore(station.db).list(),
    session.occurrenceDate,
    new AttendanceStore(station.db).forSession(session.id),
    new SessionRosterStore(station.db).get(session.id),
  );
  return figures;
}

const member = fc.record({ category: fc.constantFrom(...MEMBER_CATEGORIES), activeFrom: fc.constantFrom(...DATES), activeTo: fc.constantFrom(...DATES) }).filter(
  (m) => m.activeFrom === null || m.activeTo === null || m.activeFrom <= m.activeTo,
);
/** Minutes after 19:20: the viewing starts at 19:30, a check-in after 19:40 is late. */
const minute = fc.integer({ min: 0, max: 35 });
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), member }),
  fc.record({ kind: fc.constant('checkin' as const), who: fc.nat(), minute }),
  fc.record({ kind: fc.constant('guest' as const), name: fc.constantFrom('孙八', '周九', '吴十'), category: fc.constantFrom(...GUEST_CATEGORIES), minute }),
  fc.record({ kind: fc.constant('undo' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('excuse' as const), who: fc.nat() }),
  fc.record({ kind: fc.constant('edit' as const), who: fc.nat(), member }),
  fc.record({ kind: fc.constant('end' as const) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

let station: Station | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

function run(initial: readonly Partial<{ category: (typeof MEMBER_CATEGORIES)[number]; activeFrom: string | null; activeTo: string | null }>[], ops: readonly Op[]): Session {
  station?.close();
  const s = (station = createStation());
  const program = s.addProgram({ rule: { type: 'once', date: DATE, time: '19:30' } }, at('2026-12-01 08:00'));
  const occurrence = { date: DATE, startsAt: at(`${DATE} 19:30`) };
  let session = openCheckin(s.db, program, occurrence, at(`${DATE} 19:15`));
  const members = new MemberStore(s.db);
  const ids = initial.map((m, n) => s.addMember({ name: `党员${n}`, ...m }).id);
  const attendanceIds: number[] = [];
  const when = (m: number) => at(`${DATE} 19:${String(20 + m).padStart(2, '0')}`);
  const refusedOrDone = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof CheckinError)) throw err;
    }
  };
  for (const o of ops) {
    switch (o.kind) {
      case 'add':
        ids.push(s.addMember({ name: `党员${ids.length}`, ...o.member }).id);
        break;
      case 'checkin':
        if (ids.length > 0) refusedOrDone(() => attendanceIds.push(checkIn(s.db, { sessionId: session.id, by: { memberId: ids[o.who % ids.length]! }, method: 'tile', actor: 'test', at: when(o.minute) }).attendance.id));
        break;
      case 'guest':
        refusedOrDone(() => attendanceIds.push(checkIn(s.db, { sessionId: session.id, by: { guest: { name: o.name, category: o.category } }, method: 'guest', actor: 'test', at: when(o.minute) }).attendance.id));
        break;
      case 'undo':
        if (attendanceIds.length > 0) refusedOrDone(() => undoCheckIn(s.db, attendanceIds[o.which % attendanceIds.length]!, 'admin', when(30)));
        break;
      case 'excuse':
        if (ids.length > 0) members.setExcused(ids[o.who % ids.length]!, '2026-12', '外出务工', when(30));
        break;
      case 'edit':
        if (ids.length > 0) members.update(ids[o.who % ids.length]!, o.member, when(30));
        break;
      case 'end':
        if (session.status === 'checkin') startSession(s.db, program, occurrence, at(`${DATE} 19:30`));
        // Check-in stays open until 20:00: later check-ins count against the list fixed now.
        session = endSession(s.db, session.id, at(`${DATE} 19:42`), 'player');
        break;
    }
    session = new SessionStore(s.db).get(session.id)!;
    expect(doorFigures(s.db, session)).toEqual(rebuilt(s, session));
  }
  return session;
}

describe("the door's figures", () => {
  it('equal the full rebuild after any mix of check-ins, guests, late arrivals, undos, excusals, roster edits and the end', () => {
    fc.assert(
      fc.property(fc.array(member, { maxLength: 12 }), fc.array(op, { maxLength: 40 }), (initial, ops) => {
        run(initial, ops);
      }),
      { numRuns: 60 },
    );
  });

  it('count registered members, late arrivals and guests by category as the rebuild does (a worked case)', () => {
    const session = run(
      [{ category: 'full' }, { category: 'probationary' }, { category: 'activist' }, { category: 'full', activeFrom: '2026-12-06' }, { category: 'mobile_in' }],
      [
        { kind: 'checkin', who: 0, minute: 1 },
        { kind: 'checkin', who: 1, minute: 25 },
        { kind: 'checkin', who: 2, minute: 2 },
        { kind: 'checkin', who: 3, minute: 2 },
        { kind: 'checkin', who: 4, minute: 3 },
        { kind: 'guest', name: '孙八', category: 'employee', minute: 4 },
      ],
    );
    expect(doorFigures(station!.db, session)).toEqual({
      registered: 2,
      attendedRegistered: 2,
      rate: 1,
      late: 1,
      guests: 3,
      guestsByCategory: { non_registered: 0, mobile: 1, activist: 1, applicant: 0, employee: 1, other: 0 },
    });
  });
});
