// What the scheduler must do now for one occurrence, given what it already did. Pure, so that a restart,
// a missed tick or a late cron callback all come to the same answer.
import type { ProgramKind } from '../programs/program-store.ts';

export const SCHEDULE_ACTIONS = ['checkin_open', 'start', 'checkin_close', 'missed'] as const;
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number];

export interface OccurrenceTimes {
  opensAt: number;
  startsAt: number;
  /** After this a showing that never started is missed; for a group viewing check-in closes. */
  closesAt: number;
}

export function dueActions(kind: ProgramKind, t: OccurrenceTimes, fired: ReadonlySet<ScheduleAction>, now: number): ScheduleAction[] {
  if (fired.has('missed')) return [];
  const actions: ScheduleAction[] = [];
  const inWindow = now < t.closesAt;
  if (kind === 'group_viewing' && now >= t.opensAt && inWindow && !fired.has('checkin_open')) actions.push('checkin_open');
  if (now >= t.startsAt && inWindow && !fired.has('start')) actions.push('start');
  if (!inWindow) {
    if (!fired.has('start')) actions.push('missed');
    else if (kind === 'group_viewing' && !fired.has('checkin_close')) actions.push('checkin_close');
  }
  return actions;
}

/** The instants at which something may fall due for an occurrence: where exact timers are set. */
export function dueInstants(kind: ProgramKind, t: OccurrenceTimes): number[] {
  return kind === 'group_viewing' ? [t.opensAt, t.startsAt, t.closesAt] : [t.startsAt, t.closesAt];
}
