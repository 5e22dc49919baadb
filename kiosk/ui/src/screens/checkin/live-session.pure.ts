// The check-in screen's copy of its session (or branch activity): the agent's answer to our own check-in or undo shows at
// once, and a station snapshot replaces it only when it is newer, so a refresh that was already in flight
// cannot briefly take a check-in back off the screen. Pure.
import type { AttendeeView, CheckinOutcome, SessionView } from '../../api-types.ts';

export type Figures = SessionView['figures'];
export type Attendance = CheckinOutcome['attendance'];

/** What the door reads of what it checks in to: a viewing's SessionView or an activity's ActivityDoorView. */
export interface DoorCopy {
  figures: Figures;
  attendees: AttendeeView[];
}

export interface HeldView<V extends DoorCopy = SessionView> {
  view: V;
  /** The agent's time at which this copy was known to be right. */
  asOf: number;
}

/** A check-in row as far as the door reads it (a viewing's attendance row, an activity's in the same shape). */
export type DoorAttendance = Pick<Attendance, 'id' | 'memberId' | 'memberCategory' | 'guestCategory' | 'checkedInAt' | 'checkedOutAt' | 'late' | 'method'>;

/** The agent's answer to POST /api/sessions/:id/checkins (or /api/activities/:id/checkins, in the same shape). */
export type CheckinReply = Omit<CheckinOutcome, 'attendance'> & { attendance: DoorAttendance & Partial<Attendance>; figures: Figures };

/** A snapshot of the session as of agent time `at` (the station state's `now`). */
export function adoptSnapshot<V extends DoorCopy>(held: HeldView<V> | null, view: V, at: number): HeldView<V> {
  if (held === null || at > held.asOf) return { view, asOf: at };
  return held;
}

/** Our own check-in, answered by the agent; `registered` says whether the member counts as 在册. */
export function applyCheckin<V extends DoorCopy>(held: HeldView<V>, reply: CheckinReply, registered: boolean): HeldView<V> {
  const view = { ...held.view, figures: reply.figures };
  if (reply.status === 'already' || held.view.attendees.some((a) => a.attendanceId === reply.attendance.id)) {
    return { view, asOf: held.asOf };
  }
  const a = reply.attendance;
  const attendee: AttendeeView = {
    attendanceId: a.id,
    memberId: a.memberId,
    name: reply.name,
    memberCategory: a.memberCategory,
    guestCategory: a.guestCategory,
    registered: a.memberId !== null && registered,
    checkedInAt: a.checkedInAt,
    checkedOutAt: a.checkedOutAt,
    late: a.late,
    method: a.method,
  };
  return { view: { ...view, attendees: [...held.view.attendees, attendee] }, asOf: Math.max(held.asOf, a.checkedInAt) };
}

/** An administrator's undo, answered by the agent with the undone row and the new figures. */
export function applyUndo<V extends DoorCopy>(held: HeldView<V>, undone: Pick<Attendance, 'id' | 'undoneAt'>, figures: Figures): HeldView<V> {
  return {
    view: { ...held.view, figures, attendees: held.view.attendees.filter((a) => a.attendanceId !== undone.id) },
    asOf: Math.max(held.asOf, undone.undoneAt ?? held.asOf),
  };
}

/** Member id → their check-in, for marking tiles. */
export function checkinsByMember(view: DoorCopy | null): Map<number, AttendeeView> {
  const map = new Map<number, AttendeeView>();
  for (const a of view?.attendees ?? []) if (a.memberId !== null) map.set(a.memberId, a);
  return map;
}
