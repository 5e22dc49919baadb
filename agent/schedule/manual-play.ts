// "Play now" from the admin screen: a one-off program starting this minute, started at once, with its
// firings recorded so the scheduler does not start it a second time.
import type { Db } from '../store/database.ts';
import { ProgramStore, type ProgramKind } from '../programs/program-store.ts';
import { occurrenceOn } from '../programs/recurrence.ts';
import { openCheckin, startSession } from '../sessions/session-lifecycle.ts';
import type { Session } from '../sessions/session-store.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { localDateOf, localTimeOf } from '../clock/local-time.ts';
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
