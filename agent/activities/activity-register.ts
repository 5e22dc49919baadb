// The branch activity register (支部活动记录): entering an activity, withdrawing one, opening and closing its
// check-in — each committed with its station-log line and its `activity` event for the county in one transaction.
import { inTransaction, type Db } from '../store/database.ts';
import { ActivityStore, type Activity, type NewActivity } from './activity-store.ts';
import { ActivityError } from './activity-error.ts';
import { activityFigures } from './activity-figures.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { isLocalDate, localDateOf } from '../clock/local-time.pure.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, type ActivityKind } from '../../protocol/branch-rhythm.pure.ts';
import type { ActivityBody } from '../../protocol/event-bodies.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

/** Bounds of what is written in the register (and what the county's schema accepts). */
export const ACTIVITY_LIMITS = { place: 100, host: 50, topic: 200, minutes: 20_000, branch: 100, reason: 500 } as const;

export interface ActivityInput {
  kind: string;
  date: string;
  startTime: string;
  endTime?: string | null;
  place: string;
  host: string;
  topic: string;
  minutes?: string;
  branch?: string | null;
  sessionId?: number | null;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function invalid(field: StationRefusals['invalid_activity']['field'], value: string): ActivityError<'invalid_activity'> {
  return new ActivityError('invalid_activity', { field, value: value.slice(0, 40) });
}

function text(field: 'place' | 'host' | 'topic', value: string): string {
  const t = value.trim();
  if (t === '' || t.length > ACTIVITY_LIMITS[field]) throw invalid(field, t);
  return t;
}

/** A checked record from what a person typed; refuses the first wrong field. `today`: the station-local date. */
export function checkActivityInput(db: Db, input: ActivityInput, today: string): Omit<NewActivity, 'recordedBy' | 'recordedAt'> {
  if (!(ACTIVITY_KINDS as readonly string[]).includes(input.kind)) throw invalid('kind', input.kind);
  // A record of what was held: not of a day still to come (the county would refuse it too).
  if (!isLocalDate(input.date) || input.date > today) throw invalid('date', input.date);
  if (!TIME.test(input.startTime)) throw invalid('time', input.startTime);
  const endTime = input.endTime ?? null;
  if (endTime !== null && (!TIME.test(endTime) || endTime < input.startTime)) throw invalid('time', endTime);
  const minutes = (input.minutes ?? '').trim();
  if (minutes.length > ACTIVITY_LIMITS.minutes) throw invalid('minutes', minutes);
  const branch = input.branch?.trim() || null;
  if (branch !== null && branch.length > ACTIVITY_LIMITS.branch) throw invalid('branch', branch);
  const sessionId = input.sessionId ?? null;
  if (sessionId !== null && !new SessionStore(db).get(sessionId)) throw new ActivityError('session_not_found', { sessionId });
  return {
    kind: input.kind as ActivityKind,
    date: input.date,
    startTime: input.startTime,
    endTime,
    place: text('place', input.place),
    host: text('host', input.host),
    topic: text('topic', input.topic),
    minutes,
    branch,
    sessionId,
  };
}

export function requireActivity(db: Db, id: number): Activity {
  const activity = new ActivityStore(db).get(id);
  if (!activity) throw new ActivityError('activity_not_found', { activityId: id });
  return activity;
}

/**
 * Which version of the record an event carries: entered 1, its check-in closed (counts final) 2, withdrawn 3.
 * The hub keeps the highest, so events that arrive out of order still leave it with the last word.
 */
function revisionOf(a: Activity): number {
  return a.withdrawn !== null ? 3 : a.checkinClosedAt !== null ? 2 : 1;
}

export function activityBody(db: Db, activity: Activity): ActivityBody {
  const f = activityFigures(db, activity);
  return {
    activityId: activity.id,
    revision: revisionOf(activity),
    kind: activity.kind,
    date: activity.date,
    startTime: activity.startTime,
    place: activity.place,
    host: activity.host,
    topic: activity.topic,
    minutes: activity.minutes,
    branch: activity.branch,
    sessionId: activity.sessionId,
    registered: f.registered,
    attendedRegistered: f.attendedRegistered,
    guests: f.guests,
    photoHashes: new ActivityStore(db).photos(activity.id).map((p) => p.sha256),
    withdrawn: activity.withdrawn,
  };
}

function report(db: Db, activity: Activity, at: number): void {
  enqueueOutbox(db, 'activity', at, activityBody(db, activity));
}

function label(a: Activity): string {
  return `${ACTIVITY_KIND_LABELS[a.kind].zh}“${a.topic}”（${a.date} ${a.startTime}）`;
}

export function recordActivity(db: Db, input: ActivityInput, actor: string, at: number): Activity {
  return inTransaction(db, () => {
    const checked = checkActivityInput(db, input, localDateOf(at, readStationSettings(db).timeZone));
    const activity = new ActivityStore(db).add({ ...checked, recordedBy: actor, recordedAt: at });
    appendStationLog(db, { type: 'station', actor, at, message: `登记支部活动：${label(activity)}`, detail: { activityId: activity.id } });
    report(db, activity, at);
    return activity;
  });
}

/** "Remove": the record stays, marked withdrawn with who, when and why; a print of it stays true. */
export function withdrawActivity(db: Db, id: number, reason: string, actor: string, at: number): Activity {
  return inTransaction(db, () => {
    const why = reason.trim();
    if (why === '' || why.length > ACTIVITY_LIMITS.reason) throw invalid('reason', why);
    const store = new ActivityStore(db);
    const activity = requireActivity(db, id);
    if (activity.withdrawn !== null) throw new ActivityError('activity_withdrawn', { activityId: id });
    // A withdrawn record takes no more check-ins.
    if (activity.checkinOpenedAt !== null) store.closeCheckin(id, at);
    store.withdraw(id, { at, by: actor, reason: why });
    const withdrawn = store.get(id)!;
    appendStationLog(db, { type: 'station', actor, at, message: `撤销支部活动记录：${label(withdrawn)}，原因：${why}`, detail: { activityId: id } });
    report(db, withdrawn, at);
    return withdrawn;
  });
}

/** Opens the door: members check in with tiles, cards and guests as for a viewing (activity-checkin.ts). */
export function openActivityCheckin(db: Db, id: number, actor: string, at: number): Activity {
  return inTransaction(db, () => {
    const activity = requireActivity(db, id);
    if (activity.withdrawn !== null) throw new ActivityError('activity_withdrawn', { activityId: id });
    if (activity.checkinClosedAt !== null) throw new ActivityError('activity_checkin_closed', { topic: activity.topic });
    if (new ActivityStore(db).openCheckin(id, at)) {
      appendStationLog(db, { type: 'checkin', actor, at, message: `开始签到：${label(activity)}`, detail: { activityId: id } });
    }
    return requireActivity(db, id);
  });
}

/** Closes the door for good: the counts are final and go to the county. */
export function closeActivityCheckin(db: Db, id: number, actor: string, at: number): Activity {
  return inTransaction(db, () => {
    const activity = requireActivity(db, id);
    if (activity.checkinOpenedAt === null) throw new ActivityError('activity_checkin_not_open', { topic: activity.topic });
    if (!new ActivityStore(db).closeCheckin(id, at)) return activity;
    const closed = requireActivity(db, id);
    const f = activityFigures(db, closed);
    appendStationLog(db, {
      type: 'checkin',
      actor,
      at,
      message: `结束签到：${label(closed)}，应到 ${f.registered} 人，实到 ${f.attendedRegistered} 人，列席 ${f.guests} 人`,
      detail: { activityId: id },
    });
    report(db, closed, at);
    return closed;
  });
}
