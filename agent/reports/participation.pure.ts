// Participation figures exactly as docs/domain.md defines them. Pure: the callers bring the rows.
//
// Decisions, written down once here:
// - "Registered" for a viewing that has ended is the list fixed when it ended (its 应到, kept by
//   roster/session-roster-store.ts); for one still open, each member's roster entry as it stands now
//   (category) and its active dates (on the session's date). The category at check-in is kept on the
//   attendance row for the record.
// - A roster member who is not registered (activist, mobile member flowing in, other) counts as a guest.
// - Monthly denominator: members registered on the date of at least one group viewing of the month that
//   ran; in a month with none, members registered on any day of the month. A member who joined after the
//   month's last viewing therefore does not lower the month's rate.
// - Excused members (请假 for the month) leave both sides of the monthly rate; the session rate is as defined.
// - A rate with no registered members is null ("—"), never 0 or NaN.
// - Make-up showings (补学): a registered member who attends one has studied in the month (the monthly rate and
//   the "not studied yet" list), but a make-up showing never widens the month's registered pool, and never
//   touches another session's figures (each session counts only its own check-ins).
import { GUEST_CATEGORIES, guestCategoryOf, isActiveOn, isRegisteredCategory, type GuestCategory, type MemberCategory } from '../roster/categories.pure.ts';

export interface RosterEntry {
  id: number;
  name: string;
  category: MemberCategory;
  activeFrom: string | null;
  activeTo: string | null;
}

export interface CheckinRecord {
  memberId: number | null;
  guestCategory: GuestCategory | null;
  late: boolean;
}

export interface SessionFigures {
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  late: number;
  guests: number;
  guestsByCategory: Record<GuestCategory, number>;
  absentIds: number[];
}

export function registeredOn<T extends RosterEntry>(roster: readonly T[], date: string): T[] {
  return roster.filter((m) => isRegisteredCategory(m.category) && isActiveOn(m, date));
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function emptyGuestCounts(): Record<GuestCategory, number> {
  return Object.fromEntries(GUEST_CATEGORIES.map((c) => [c, 0])) as Record<GuestCategory, number>;
}

/** `expected`: the registered members fixed when the viewing ended; absent, they are read off the roster by date. */
export function sessionFigures(
  roster: readonly RosterEntry[],
  date: string,
  checkins: readonly CheckinRecord[],
  expected?: readonly RosterEntry[],
): SessionFigures {
  const registered = expected ?? registeredOn(roster, date);
  const registeredIds = new Set(registered.map((m) => m.id));
  const byId = new Map(roster.map((m) => [m.id, m]));
  const attended = new Set<number>();
  const guestsByCategory = emptyGuestCounts();
  let late = 0;
  for (const c of checkins) {
    if (c.late) late += 1;
    if (c.memberId !== null && registeredIds.has(c.memberId)) {
      attended.add(c.memberId);
      continue;
    }
    const member = c.memberId === null ? undefined : byId.get(c.memberId);
    const category = c.guestCategory ?? (member ? guestCategoryOf(member.category) : 'other');
    guestsByCategory[category] += 1;
  }
  const guests = Object.values(guestsByCategory).reduce((a, b) => a + b, 0);
  return {
    registered: registered.length,
    attendedRegistered: attended.size,
    rate: ratio(attended.size, registered.length),
    late,
    guests,
    guestsByCategory,
    absentIds: registered.filter((m) => !attended.has(m.id)).map((m) => m.id),
  };
}

export interface MonthSession {
  date: string;
  checkins: readonly CheckinRecord[];
  /** The ids of the registered members fixed when the viewing ended; absent, read off the roster by date. */
  expectedIds?: readonly number[];
  /** A make-up showing (补学): its check-ins count for the month, its own 应到 never widens the month's pool. */
  makeUp?: boolean;
}

export interface MonthFigures {
  registered: number;
  attendedRegistered: number;
  participationRate: number | null;
  excused: number;
  excusedIds: number[];
  registeredIds: number[];
  /** Counted members who attended at least one make-up showing of the month (补学). */
  makeUpIds: number[];
  /** Counted members with no check-in to any group viewing of the month, make-up showings included. */
  notStudiedIds: number[];
}

export function monthFigures(
  roster: readonly RosterEntry[],
  month: { firstDay: string; lastDay: string },
  sessions: readonly MonthSession[],
  excusedIds: ReadonlySet<number>,
): MonthFigures {
  const regular = sessions.filter((s) => s.makeUp !== true);
  const fixed = regular.map((s) => (s.expectedIds === undefined ? null : new Set(s.expectedIds)));
  const pool =
    regular.length > 0
      ? roster.filter((m) => regular.some((s, i) => fixed[i]?.has(m.id) ?? (isRegisteredCategory(m.category) && isActiveOn(m, s.date))))
      : roster.filter(
          (m) =>
            isRegisteredCategory(m.category) &&
            (m.activeFrom === null || m.activeFrom <= month.lastDay) &&
            (m.activeTo === null || m.activeTo >= month.firstDay),
        );
  const excused = pool.filter((m) => excusedIds.has(m.id));
  const counted = pool.filter((m) => !excusedIds.has(m.id));
  const countedIds = new Set(counted.map((m) => m.id));
  const attended = new Set<number>();
  const madeUp = new Set<number>();
  for (const s of sessions) {
    for (const c of s.checkins) {
      if (c.memberId === null || !countedIds.has(c.memberId)) continue;
      attended.add(c.memberId);
      if (s.makeUp === true) madeUp.add(c.memberId);
    }
  }
  return {
    registered: counted.length,
    attendedRegistered: attended.size,
    participationRate: ratio(attended.size, counted.length),
    excused: excused.length,
    excusedIds: excused.map((m) => m.id),
    registeredIds: counted.map((m) => m.id),
    makeUpIds: counted.filter((m) => madeUp.has(m.id)).map((m) => m.id),
    notStudiedIds: counted.filter((m) => !attended.has(m.id)).map((m) => m.id),
  };
}
