// A branch activity at the door: which activity's check-in the room's screen shows now, and the activity as that
// screen reads it — the same figures and attendee rows as a viewing's SessionView, so the door's screen
// (kiosk/ui/src/screens/checkin/) takes either. Also undoing a check-in, the administrator's, while it is open.
import { inTransaction, type Db } from '../store/database.ts';
import { ActivityStore, type Activity } from './activity-store.ts';
import { ActivityError } from './activity-error.ts';
import { requireActivity } from './activity-register.ts';
import { activityFigures } from './activity-figures.ts';
import type { ActivityCheckinOutcome } from './activity-checkin.ts';
import type { CheckinWindow } from '../attendance/checkin-rules.pure.ts';
import type { CheckinMethod } from '../attendance/attendance-store.ts';
import type { AttendeeView } from '../sessions/session-view.ts';
import type { SessionFigures } from '../reports/participation.pure.ts';
import { MemberStore } from '../roster/member-store.ts';
import { isRegisteredCategory } from '../roster/categories.pure.ts';
import { localTimeOf } from '../clock/local-time.pure.ts';
import { appendStationLog } from '../stationlog/station-log.ts';

export interface ActivityDoorView {
  activity: Activity;
  /** The administrator's window: opened and closed by hand (a withdrawn record's door is shut). */
  window: CheckinWindow;
  figures: Omit<SessionFigures, 'absentIds'>;
  attendees: AttendeeView[];
}

/** A check-in row in the shape of a viewing's attendance row, as far as the door reads it (no lateness kept). */
export interface DoorAttendance {
  id: number;
  memberId: number | null;
  memberCategory: AttendeeView['memberCategory'];
  guestCategory: AttendeeView['guestCategory'];
  method: CheckinMethod;
  checkedInAt: number;
  checkedOutAt: null;
  late: false;
  undoneAt: number | null;
}

/** The answer of the door's check-in to an activity: the viewing's answer's shape (checkin.ts CheckinOutcome). */
export interface ActivityDoorAnswer {
  status: 'checked_in' | 'already';
  attendance: DoorAttendance;
  name: string;
  /** When checked in, HH:MM on the station's clock (for `already`: the earlier check-in); the screen words it. */
  time: string;
  figures: ActivityDoorView['figures'];
}

export function doorWindow(activity: Activity): CheckinWindow {
  if (activity.checkinOpenedAt === null) return 'not_open';
  return activity.checkinClosedAt !== null || activity.withdrawn !== null ? 'closed' : 'open';
}

/**
 * The activity whose check-in the door shows: open, held today (a past meeting's attendance entered afterwards
 * on the admin record does not take the room's screen), the latest opened when several are.
 */
export function doorActivity(db: Db, today: string): Activity | null {
  const open = new ActivityStore(db).checkinOpen().filter((a) => a.date === today);
  open.sort((a, b) => (b.checkinOpenedAt ?? 0) - (a.checkinOpenedAt ?? 0) || b.id - a.id);
  return open[0] ?? null;
}

export function activityDoorView(db: Db, activity: Activity): ActivityDoorView {
  const members = new Map(new MemberStore(db).list().map((m) => [m.id, m]));
  const { absentIds: _absent, ...figures } = activityFigures(db, activity);
  const attendees = new ActivityStore(db).checkins(activity.id).map((c): AttendeeView => {
    const member = c.memberId === null ? undefined : members.get(c.memberId);
    return {
      attendanceId: c.id,
      memberId: c.memberId,
      name: member?.name ?? c.guestName ?? '',
      memberCategory: member?.category ?? c.memberCategory,
      guestCategory: c.guestCategory,
      registered: member !== undefined && isRegisteredCategory(member.category),
      checkedInAt: c.checkedInAt,
      checkedOutAt: null,
      late: false,
      method: c.method,
    };
  });
  return { activity, window: doorWindow(activity), figures, attendees };
}

/** The door's answer to a check-in to an activity, in the viewing's answer's shape. */
export function doorAnswer(db: Db, activity: Activity, outcome: ActivityCheckinOutcome, timeZone: string): ActivityDoorAnswer {
  const c = outcome.checkin;
  const time = localTimeOf(c.checkedInAt, timeZone);
  const { figures } = activityDoorView(db, activity);
  return {
    status: outcome.status,
    attendance: { id: c.id, memberId: c.memberId, memberCategory: c.memberCategory, guestCategory: c.guestCategory, method: c.method, checkedInAt: c.checkedInAt, checkedOutAt: null, late: false, undoneAt: null },
    name: outcome.name,
    time,
    figures,
  };
}

/** The administrator's undo of a check-in at the door (a wrong tile): only while the window is open, since closing is final. */
export function undoActivityCheckin(db: Db, checkinId: number, actor: string, at: number): { attendance: DoorAttendance; figures: ActivityDoorView['figures']; activity: Activity } | null {
  return inTransaction(db, () => {
    const row = new ActivityStore(db).liveCheckin(checkinId);
    if (!row) return null;
    const activity = requireActivity(db, row.activityId);
    if (doorWindow(activity) !== 'open') throw new ActivityError('activity_checkin_closed', { topic: activity.topic });
    const undone = new ActivityStore(db).undoCheckin(checkinId, at)!;
    const who = undone.memberId !== null ? (new MemberStore(db).get(undone.memberId)?.name ?? `#${undone.memberId}`) : undone.guestName;
    appendStationLog(db, { type: 'checkin', actor, at, message: `撤销签到：${who}（${activity.topic}）`, detail: { activityId: activity.id, checkinId } });
    const attendance: DoorAttendance = {
      id: undone.id,
      memberId: undone.memberId,
      memberCategory: undone.memberCategory,
      guestCategory: undone.guestCategory,
      method: undone.method,
      checkedInAt: undone.checkedInAt,
      checkedOutAt: null,
      late: false,
      undoneAt: at,
    };
    return { attendance, figures: activityDoorView(db, activity).figures, activity };
  });
}
