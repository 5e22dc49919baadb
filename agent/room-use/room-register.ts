// The room usage register: hand entries (each with its station-log line and its `room_use` event, in one
// transaction) and the register as printed — viewings from the sessions, hand entries, and after the merge
// branch activities through ROOM_USE_SOURCES.
import type { Db } from '../store/database.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { addDays, localDateTimeOf, localTimeOf, startOfLocalDay } from '../clock/local-time.pure.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { AttendanceStore } from '../attendance/attendance-store.ts';
import { RoomUseStore, type RoomUse } from './room-use-store.ts';
import { ActivityStore } from '../activities/activity-store.ts';
import { activityFigures } from '../activities/activity-figures.ts';
import { ACTIVITY_KIND_LABELS } from '../../protocol/branch-rhythm.pure.ts';
import { checkRoomUse, MAX_REASON_CHARS, registerLines, type RoomRegisterLine, type RoomUseInput } from './room-use.pure.ts';

export type RoomUseErrorCode = 'invalid_room_use' | 'room_use_not_found' | 'room_use_removed';

export class RoomUseError<C extends RoomUseErrorCode = RoomUseErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'RoomUseError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

export function addRoomUse(db: Db, input: RoomUseInput, now: number, actor: string): RoomUse {
  const checked = checkRoomUse(input);
  if ('problem' in checked) throw new RoomUseError('invalid_room_use', checked.problem);
  const use = checked.ok;
  return db.transaction(() => {
    const store = new RoomUseStore(db);
    const id = store.add(use, now, actor);
    appendStationLog(db, { type: 'station', actor, at: now, message: `场所使用登记：${use.date} ${use.from}–${use.to} ${use.purpose}（${use.headcount} 人）`, detail: { roomUseId: id } });
    enqueueOutbox(db, 'room_use', now, { useId: id, kind: 'use', ...use, reason: null, enteredBy: actor });
    return store.get(id)!;
  })();
}

/** Removes a hand entry by a removal that says why; the entry itself stays (and prints as removed). */
export function removeRoomUse(db: Db, useId: number, reason: string, now: number, actor: string): RoomUse {
  const why = reason.trim();
  if ([...why].length > MAX_REASON_CHARS) throw new RoomUseError('invalid_room_use', { rule: 'reason', value: why.slice(0, 40) });
  return db.transaction(() => {
    const store = new RoomUseStore(db);
    const use = store.get(useId);
    if (!use) throw new RoomUseError('room_use_not_found', { useId });
    if (!store.remove(useId, now, actor, why || null)) throw new RoomUseError('room_use_removed', { useId });
    appendStationLog(db, { type: 'station', actor, at: now, message: `撤销场所使用登记 ${useId}：${use.date} ${use.purpose}${why ? `（${why}）` : ''}`, detail: { roomUseId: useId } });
    const { id: _id, enteredAt: _at, enteredBy: _by, removal: _r, ...fields } = use;
    enqueueOutbox(db, 'room_use', now, { useId, kind: 'removal', ...fields, reason: why || null, enteredBy: actor });
    return store.get(useId)!;
  })();
}

/** Group viewings that ran in the days, as room uses: from start to end (or now), the people checked in. */
function viewingLines(db: Db, from: string, to: string, zone: string, now: number): RoomRegisterLine[] {
  const sessions = new SessionStore(db)
    .between(startOfLocalDay(from, zone), startOfLocalDay(addDays(to, 1), zone))
    .filter((s) => s.kind === 'group_viewing' && s.startedAt !== null);
  const attendance = new AttendanceStore(db).forSessions(sessions.map((s) => s.id));
  return sessions.map((s) => ({
    date: s.occurrenceDate,
    from: localTimeOf(s.startedAt!, zone),
    to: localTimeOf(s.endedAt ?? now, zone),
    purpose: `集中收看：${s.title}`,
    organiser: s.tutor ?? s.operator ?? '',
    headcount: attendance.filter((a) => a.sessionId === s.id).length,
    source: 'viewing' as const,
    useId: null,
    removed: null,
  }));
}

function manualLines(db: Db, from: string, to: string, zone: string): RoomRegisterLine[] {
  return new RoomUseStore(db).between(from, to).map((u) => ({
    date: u.date,
    from: u.from,
    to: u.to,
    purpose: u.purpose,
    organiser: u.organiser,
    headcount: u.headcount,
    source: 'manual' as const,
    useId: u.id,
    removed: u.removal && { at: localDateTimeOf(u.removal.at, zone), by: u.removal.by, reason: u.removal.reason },
  }));
}

/** Branch activities held in the days (三会一课, 主题党日): their place is in the purpose; a withdrawn one stays, marked. */
function activityLines(db: Db, from: string, to: string, zone: string): RoomRegisterLine[] {
  return new ActivityStore(db).between(from, to).map((a) => {
    const f = activityFigures(db, a);
    return {
      date: a.date,
      from: a.startTime,
      to: a.endTime ?? '',
      purpose: `${ACTIVITY_KIND_LABELS[a.kind].zh}：${a.topic}${a.place ? `（${a.place}）` : ''}`,
      organiser: a.host,
      headcount: f.attendedRegistered + f.guests,
      source: 'activity' as const,
      useId: null,
      removed: a.withdrawn && { at: localDateTimeOf(a.withdrawn.at, zone), by: a.withdrawn.by, reason: a.withdrawn.reason },
    };
  });
}

/** Where the register's lines come from: viewings and branch activities by themselves, other uses by hand. */
export const ROOM_USE_SOURCES: readonly ((db: Db, from: string, to: string, zone: string, now: number) => RoomRegisterLine[])[] = [viewingLines, activityLines, manualLines];

/** The register for the days from..to (station-local, inclusive). */
export function roomRegister(db: Db, from: string, to: string, now: number): RoomRegisterLine[] {
  const zone = readStationSettings(db).timeZone;
  return registerLines(...ROOM_USE_SOURCES.map((source) => source(db, from, to, zone, now)));
}
