// "Play now" from the admin screen: a one-off program starting this minute, started at once, with its
// firings recorded so the scheduler does not start it a second time. A group viewing may instead open its
// check-in first (checkInFirst): the room signs in, and the showing starts when someone presses 立即开始 at the
// door (startNow) or, failing that, by itself at the time set.
import type { Db } from '../store/database.ts';
import { ProgramStore, type ProgramKind } from '../programs/program-store.ts';
import { occurrenceOn } from '../programs/recurrence.pure.ts';
import { openCheckin, startSession } from '../sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../sessions/session-store.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { localDateOf, localTimeOf } from '../clock/local-time.pure.ts';
import { FiringStore } from './firing-store.ts';

export function playNow(db: Db, input: { courseId: number; kind: ProgramKind; title?: string | null; actor: string }, at: number): Session {
  const settings = readStationSettings(db);
  const zone = settings.timeZone;
  return db.transaction(() => {
    const program = new ProgramStore(db).add(
      {
        courseId: input.courseId,
        title: input.title ?? null,
        kind: input.kind,
        rule: { type: 'once', date: localDateOf(at, zone), time: localTimeOf(at, zone) },
        checkinOpensBeforeMin: settings.checkinOpensBeforeMinutes,
        checkinClosesAfterMin: settings.checkinClosesAfterMinutes,
        origin: 'manual',
      },
      at,
    );
    const occurrence = occurrenceOn(program.rule, zone, localDateOf(at, zone))!;
    const firings = new FiringStore(db);
    if (program.kind === 'group_viewing') {
      firings.record(program.id, occurrence.date, 'checkin_open', occurrence.startsAt - program.checkinOpensBeforeMin * 60_000, at);
      openCheckin(db, program, occurrence, at);
    }
    firings.record(program.id, occurrence.date, 'start', occurrence.startsAt, at);
    return startSession(db, program, occurrence, at, input.actor).session;
  })();
}

/** How long a check-in opened by "play now" waits for 立即开始 before the showing starts by itself. */
export const CHECKIN_FIRST_MINUTES = 10;

/** A group viewing whose check-in opens now and which starts CHECKIN_FIRST_MINUTES later unless started sooner. */
export function checkInFirst(db: Db, input: { courseId: number; title?: string | null; actor: string }, at: number): Session {
  const settings = readStationSettings(db);
  const zone = settings.timeZone;
  // On a whole minute, as programs are: the showing starts at the first minute CHECKIN_FIRST_MINUTES from now.
  const startsAt = Math.ceil((at + CHECKIN_FIRST_MINUTES * 60_000) / 60_000) * 60_000;
  return db.transaction(() => {
    const program = new ProgramStore(db).add(
      {
        courseId: input.courseId,
        title: input.title ?? null,
        kind: 'group_viewing',
        rule: { type: 'once', date: localDateOf(startsAt, zone), time: localTimeOf(startsAt, zone) },
        checkinOpensBeforeMin: CHECKIN_FIRST_MINUTES + 1,
        checkinClosesAfterMin: settings.checkinClosesAfterMinutes,
        origin: 'manual',
      },
      at,
    );
    const occurrence = occurrenceOn(program.rule, zone, localDateOf(startsAt, zone))!;
    new FiringStore(db).record(program.id, occurrence.date, 'checkin_open', occurrence.startsAt - program.checkinOpensBeforeMin * 60_000, at);
    return openCheckin(db, program, occurrence, at);
  })();
}

/** 立即开始: a manual group viewing still at its check-in starts now; its scheduled start will not fire again. */
export function startNow(db: Db, sessionId: number, actor: string, at: number): Session | null {
  return db.transaction((): Session | null => {
    const session = new SessionStore(db).get(sessionId);
    if (!session || session.status !== 'checkin') return null;
    const program = new ProgramStore(db).get(session.programId);
    if (!program || program.origin !== 'manual') return null;
    const zone = readStationSettings(db).timeZone;
    const occurrence = occurrenceOn(program.rule, zone, session.occurrenceDate);
    if (!occurrence) return null;
    if (!new FiringStore(db).record(program.id, occurrence.date, 'start', occurrence.startsAt, at)) return null;
    return startSession(db, program, occurrence, at, actor).session;
  })();
}
