// The rules of the door: when a session takes check-ins, and when a check-in is late.
import type { Session } from '../sessions/session-store.ts';

export type CheckinWindow = 'not_open' | 'open' | 'closed';

/**
 * Check-in opens with the window and stays open until the window closes; if the showing runs longer,
 * people arriving during it may still check in (they are marked late).
 */
export function checkinWindow(session: Pick<Session, 'status' | 'checkinOpensAt' | 'checkinClosesAt' | 'endedAt'>, now: number): CheckinWindow {
  if (session.status === 'cancelled') return 'closed';
  if (now < session.checkinOpensAt) return 'not_open';
  if (session.status === 'playing') return 'open';
  const closesAt = Math.max(session.checkinClosesAt, session.endedAt ?? 0);
  return now < closesAt ? 'open' : 'closed';
}

export function isLate(scheduledStart: number, checkedInAt: number, graceMinutes: number): boolean {
  return checkedInAt > scheduledStart + graceMinutes * 60_000;
}
