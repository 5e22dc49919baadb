// The check-in screen's copy of its session: the agent's answer to our own check-in or undo shows at
// once, and a station snapshot replaces it only when it is newer, so a refresh that was already in flight
// cannot briefly take a check-in back off the screen. Pure.
import type { AttendeeView, CheckinOutcome, CheckinReply, SessionView } from '../../api-types.ts';

export type Figures = SessionView['figures'];
export type Attendance = CheckinOutcome['attendance'];

export interface HeldView {
  view: SessionView;
  /** The agent's time at which this copy was known to be right. */
  asOf: number;
}

/** The agent's answer to POST /api/sessions/:id/checkins (its response schema's type). */
export type { CheckinReply };

/** A snapshot of the session as of agent time `at` (the station state's `now`). */
export function adoptSnapshot(held: HeldView | null, view: SessionView, at: number): HeldView {
  if (held === null || at > held.asOf) return { view, asOf: at };
  return held;
}

/** Our own check-in, answered by the agent; `registered` says whether the member counts as 在册. */
export function applyCheckin(held: HeldView, reply: CheckinReply, registered: boolean): HeldView {
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
export function applyUndo(held: HeldView, undone: Attendance, figures: Figures): HeldView {
  return {
    view: { ...held.view, figures, attendees: held.view.attendees.filter((a) => a.attendanceId !== undone.id) },
    asOf: Math.max(held.asOf, undone.undoneAt ?? held.asOf),
  };
}

/** Member id → their check-in, for marking tiles. */
export function checkinsByMember(view: SessionView | null): Map<number, AttendeeView> {
  const map = new Map<number, AttendeeView>();
  for (const a of view?.attendees ?? []) if (a.memberId !== null) map.set(a.memberId, a);
  return map;
}
