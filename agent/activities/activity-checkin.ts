// Checking in to a branch activity: the door's rules for a viewing (attendance/checkin.ts) — a member by tile,
// search or card, a guest by name and category, once each, the member active on the day — against the activity's
// own window, which the administrator opens and closes (activity-register.ts). Durable before it answers.
import { inTransaction, type Db } from '../store/database.ts';
import { ActivityStore, type ActivityCheckin } from './activity-store.ts';
import { ActivityError } from './activity-error.ts';
import { requireActivity } from './activity-register.ts';
import { activityFigures } from './activity-figures.ts';
import { CheckinError, findMember, type CheckinBy } from '../attendance/checkin.ts';
import type { CheckinMethod } from '../attendance/attendance-store.ts';
import { isActiveOn } from '../roster/categories.pure.ts';
import { appendStationLog } from '../stationlog/station-log.ts';

export interface ActivityCheckinRequest {
  activityId: number;
  by: CheckinBy;
  method: CheckinMethod;
  actor: string;
  at: number;
}

export interface ActivityCheckinOutcome {
  status: 'checked_in' | 'already';
  checkin: ActivityCheckin;
  name: string;
  figures: { registered: number; attendedRegistered: number; rate: number | null; guests: number };
}

export function checkInToActivity(db: Db, request: ActivityCheckinRequest): ActivityCheckinOutcome {
  return inTransaction(db, () => {
    const activity = requireActivity(db, request.activityId);
    if (activity.withdrawn !== null) throw new ActivityError('activity_withdrawn', { activityId: activity.id });
    if (activity.checkinOpenedAt === null) throw new ActivityError('activity_checkin_not_open', { topic: activity.topic });
    if (activity.checkinClosedAt !== null) throw new ActivityError('activity_checkin_closed', { topic: activity.topic });
    const store = new ActivityStore(db);
    const answer = (status: 'checked_in' | 'already', checkin: ActivityCheckin, name: string): ActivityCheckinOutcome => {
      const f = activityFigures(db, activity);
      return { status, checkin, name, figures: { registered: f.registered, attendedRegistered: f.attendedRegistered, rate: f.rate, guests: f.guests } };
    };

    if ('guest' in request.by) {
      const name = request.by.guest.name.trim();
      if (name === '') throw new CheckinError('guest_name_required', {});
      const category = request.by.guest.category;
      const existing = store.findGuestCheckin(activity.id, name, category);
      if (existing) return answer('already', existing, name);
      const added = store.addCheckin({ activityId: activity.id, guestName: name, guestCategory: category, method: request.method, at: request.at });
      appendStationLog(db, { type: 'checkin', actor: request.actor, at: request.at, message: `${name} 签到：${activity.topic}`, detail: { activityId: activity.id, checkinId: added.id } });
      return answer('checked_in', added, name);
    }

    const member = findMember(db, request.by);
    if (!isActiveOn(member, activity.date)) throw new CheckinError('member_inactive', { name: member.name });
    const existing = store.findMemberCheckin(activity.id, member.id);
    if (existing) return answer('already', existing, member.name);
    const added = store.addCheckin({ activityId: activity.id, memberId: member.id, memberCategory: member.category, method: request.method, at: request.at });
    appendStationLog(db, { type: 'checkin', actor: request.actor, at: request.at, message: `${member.name} 签到：${activity.topic}`, detail: { activityId: activity.id, checkinId: added.id } });
    return answer('checked_in', added, member.name);
  });
}
