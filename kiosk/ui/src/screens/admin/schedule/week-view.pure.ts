// The schedule's week view: seven columns, Monday to Sunday, holding the showings the notice board lists.
// Pure, so the layout is tested without a browser.
import type { Showing } from '../../../api-types.ts';
import { addDays, isoWeekday, mondayOf } from './local-dates.pure.ts';

export interface WeekColumn {
  date: string;
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  isToday: boolean;
  /** Before today: the board no longer lists what was shown (the records tab does). */
  isPast: boolean;
  /** After the last day the board was asked about: showings there are not known yet. */
  beyondHorizon: boolean;
  showings: Showing[];
}

export function weekColumns(monday: string, today: string, lastKnownDay: string, showings: readonly Showing[]): WeekColumn[] {
  return Array.from({ length: 7 }, (_, i) => {
    const date = addDays(monday, i);
    return {
      date,
      weekday: isoWeekday(date),
      isToday: date === today,
      isPast: date < today,
      beyondHorizon: date > lastKnownDay,
      showings: showings.filter((s) => s.date === date).sort((a, b) => a.startsAt - b.startsAt || a.programId - b.programId),
    };
  });
}

/** Which weeks can be shown: from this week to the last one the board reaches into. */
export function weekBounds(today: string, lastKnownDay: string): { first: string; last: string } {
  return { first: mondayOf(today), last: mondayOf(lastKnownDay) };
}
