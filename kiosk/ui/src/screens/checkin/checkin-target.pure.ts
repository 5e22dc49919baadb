// What the door's check-in screen checks in to: a group viewing's session or a branch activity (支部活动), and
// the agent's addresses for each. The rules behind both are the agent's (attendance/checkin.ts). Pure.
export type CheckinTarget = { kind: 'session'; id: number } | { kind: 'activity'; id: number };

export function checkinTargetOf(route: { sessionId: number } | { activityId: number }): CheckinTarget {
  return 'activityId' in route ? { kind: 'activity', id: route.activityId } : { kind: 'session', id: route.sessionId };
}

export function targetPaths(target: CheckinTarget) {
  const base = target.kind === 'session' ? `/api/sessions/${target.id}` : `/api/activities/${target.id}`;
  return {
    view: base,
    checkins: `${base}/checkins`,
    /** The administrator's undo of one check-in (admin rights: the PIN). */
    undo: (attendanceId: number) => (target.kind === 'session' ? `/api/admin/attendance/${attendanceId}` : `/api/admin/activities/checkins/${attendanceId}`),
  };
}
