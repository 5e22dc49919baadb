// Which weekly reports (每周一报) a station owes and has not sent. Pure.
//
// Decision — a week is owed from the week the station enrolled in (its agent composes that week on the Monday
// after), and missing once its deadline (the Wednesday after, 12:00, common/iso-week.pure.ts — the same moment a
// station sends an unsent report by itself) has passed with nothing received. Weeks are the county's (the hub's
// time zone): a station elsewhere differs by hours at most, well inside the deadline's two and a half days.
import { sendDeadline, shiftWeek, weekOf, weeksFrom } from '../../common/iso-week.pure.ts';

/**
 * The latest week whose deadline has passed by `now`: two weeks back until Wednesday noon, then last week. The
 * same for every station, so a table computes it once, not once a row.
 */
export function lastOverdueWeek(now: number, zone: string): string {
  const lastWeek = shiftWeek(weekOf(now, zone), -1);
  return now >= sendDeadline(lastWeek, zone) ? lastWeek : shiftWeek(lastWeek, -1);
}

/** The weeks from the one the station enrolled in up to `lastOverdue` (lastOverdueWeek) that it has not sent. */
export function missingWeeks(enrolledAt: number | null, received: ReadonlySet<string>, lastOverdue: string, zone: string): string[] {
  if (enrolledAt === null) return [];
  return weeksFrom(weekOf(enrolledAt, zone), lastOverdue).filter((w) => !received.has(w));
}
