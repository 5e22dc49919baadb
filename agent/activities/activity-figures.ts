// An activity's attendance figures — registered members on its day, how many of them checked in, guests — counted
// by the same pure rule as a viewing's (reports/participation.pure.ts).
import type { Db } from '../store/database.ts';
import { ActivityStore, type Activity } from './activity-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { sessionFigures, type SessionFigures } from '../reports/participation.pure.ts';

export function activityFigures(db: Db, activity: Activity): SessionFigures {
  const roster = new MemberStore(db).list();
  const checkins = new ActivityStore(db).checkins(activity.id).map((c) => ({ memberId: c.memberId, guestCategory: c.guestCategory, late: false }));
  return sessionFigures(roster, activity.date, checkins);
}
