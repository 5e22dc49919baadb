// A month's branch activities for the monthly report: every record of the month (withdrawn ones listed and marked,
// never counted), the count of each kind, and the 三会一课 rhythm as of the month's end (or today, in a month
// still running).
import type { Db } from '../store/database.ts';
import { ActivityStore } from './activity-store.ts';
import { activityFigures } from './activity-figures.ts';
import { rhythmAsOf } from './activity-rhythm.ts';
import { ACTIVITY_KINDS, periodOf, type ActivityKind, type RhythmLine } from '../../protocol/branch-rhythm.pure.ts';

export interface MonthlyActivityLine {
  id: number;
  kind: ActivityKind;
  date: string;
  startTime: string;
  topic: string;
  host: string;
  place: string;
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  guests: number;
  photos: number;
  sessionId: number | null;
  withdrawn: boolean;
}

export interface MonthlyActivities {
  /** Activities that stand (not withdrawn). */
  held: number;
  byKind: Record<ActivityKind, number>;
  withdrawn: number;
  /** The day the rhythm is judged as of. */
  asOf: string;
  rhythm: RhythmLine[];
  /** Whether every rule of the rhythm is met or still open (none short). */
  rhythmOnTrack: boolean;
  activities: MonthlyActivityLine[];
}

export function monthActivities(db: Db, month: string, today: string): MonthlyActivities {
  const { from, to } = periodOf('month', `${month}-01`);
  const store = new ActivityStore(db);
  const lines = store.between(from, to).map((a): MonthlyActivityLine => {
    const f = activityFigures(db, a);
    return {
      id: a.id,
      kind: a.kind,
      date: a.date,
      startTime: a.startTime,
      topic: a.topic,
      host: a.host,
      place: a.place,
      registered: f.registered,
      attendedRegistered: f.attendedRegistered,
      rate: f.rate,
      guests: f.guests,
      photos: store.photos(a.id).length,
      sessionId: a.sessionId,
      withdrawn: a.withdrawn !== null,
    };
  });
  const standing = lines.filter((l) => !l.withdrawn);
  const byKind = Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, standing.filter((l) => l.kind === k).length])) as Record<ActivityKind, number>;
  const asOf = today < to ? (today < from ? from : today) : to;
  const rhythm = rhythmAsOf(db, asOf);
  return { held: standing.length, byKind, withdrawn: lines.length - standing.length, asOf, rhythm, rhythmOnTrack: rhythm.every((l) => l.status !== 'short'), activities: lines };
}
