// The door's figures of one session (应到, 实到, 参学率, late, guests by category), counted by SQLite from the
// session's own rows: what a check-in answers with. The same figures as reports/participation.pure.ts's
// sessionFigures over the whole roster and the session's check-ins (test/agent/attendance/door-figures.test.ts
// holds the two equal), without reading the roster into JavaScript at every check-in: 50 members at the door
// at once each waited for the whole roster to be read, mapped and counted after their own commit.
import type { Db } from '../store/database.ts';
import type { Session } from './session-store.ts';
import { statement } from '../../common/prepared-statements.ts';
import { GUEST_CATEGORIES, REGISTERED_CATEGORIES, guestCategoryOf, type GuestCategory, type MemberCategory } from '../roster/categories.pure.ts';
import { ratio, type SessionFigures } from '../reports/participation.pure.ts';

export type DoorFigures = Omit<SessionFigures, 'absentIds'>;

/**
 * The registered members (应到) of a session: the list fixed when it ended (session_rosters) if it has one,
 * otherwise the roster's registered members on the session's date (agent/roster/README.md).
 */
const REGISTERED = `
  registered(id) AS (
    SELECT CAST(json_extract(e.value, '$.id') AS INTEGER) FROM session_rosters r, json_each(r.members) e WHERE r.session_id = @session
    UNION ALL
    SELECT m.id FROM members m
     WHERE NOT EXISTS (SELECT 1 FROM session_rosters r WHERE r.session_id = @session)
       AND m.category IN (${REGISTERED_CATEGORIES.map((c) => `'${c}'`).join(', ')})
       AND (m.active_from IS NULL OR m.active_from <= @day) AND (m.active_to IS NULL OR @day <= m.active_to)
  )`;

const COUNT_REGISTERED = `WITH ${REGISTERED} SELECT count(*) AS n FROM registered`;

/**
 * The live check-ins grouped by how they count: a registered member's (counted), or a guest's by the guest
 * category given at the door or, for a roster member not registered, by their category now.
 */
const GROUPED_CHECKINS = `WITH ${REGISTERED}
  SELECT a.member_id IN (SELECT id FROM registered) AS counted, a.guest_category AS guestCategory, m.category AS memberCategory,
         count(*) AS n, count(DISTINCT a.member_id) AS members, sum(a.late) AS late
    FROM attendance a LEFT JOIN members m ON m.id = a.member_id
   WHERE a.session_id = @session AND a.undone_at IS NULL
   GROUP BY 1, 2, 3`;

interface CheckinGroup {
  counted: 0 | 1 | null;
  guestCategory: GuestCategory | null;
  memberCategory: MemberCategory | null;
  n: number;
  members: number;
  late: number;
}

export function doorFigures(db: Db, session: Pick<Session, 'id' | 'occurrenceDate'>): DoorFigures {
  const params = { session: session.id, day: session.occurrenceDate };
  const registered = (statement(db, COUNT_REGISTERED).get(params) as { n: number }).n;
  const guestsByCategory = Object.fromEntries(GUEST_CATEGORIES.map((c) => [c, 0])) as Record<GuestCategory, number>;
  let attendedRegistered = 0;
  let late = 0;
  for (const g of statement(db, GROUPED_CHECKINS).all(params) as CheckinGroup[]) {
    late += g.late;
    if (g.counted === 1) {
      attendedRegistered += g.members;
      continue;
    }
    // As sessionFigures: a member no longer on the roster file at all would count as 'other' (members are never deleted).
    const category = g.guestCategory ?? (g.memberCategory ? guestCategoryOf(g.memberCategory) : 'other');
    guestsByCategory[category] += g.n;
  }
  const guests = Object.values(guestsByCategory).reduce((a, b) => a + b, 0);
  return { registered, attendedRegistered, rate: ratio(attendedRegistered, registered), late, guests, guestsByCategory };
}
