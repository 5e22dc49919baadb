// The program notice board (节目预告): the coming showings of every active program, soonest first.
import type { Db } from '../store/database.ts';
import { ProgramStore, type ProgramKind, type ProgramOrigin } from './program-store.ts';
import { describeRule, occurrencesBetween } from './recurrence.pure.ts';
import { SessionStore, type SessionStatus } from '../sessions/session-store.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { localTimeOf } from '../clock/local-time.pure.ts';

export interface Showing {
  programId: number;
  courseId: number;
  title: string;
  kind: ProgramKind;
  origin: ProgramOrigin;
  date: string;
  time: string;
  startsAt: number;
  checkinOpensAt: number;
  ruleText: string;
  notes: string | null;
  sessionId: number | null;
  sessionStatus: SessionStatus | null;
}

/** Showings that have not finished their window, from `at` for `days` days. */
export function upcomingShowings(db: Db, at: number, days: number): Showing[] {
  const settings = readStationSettings(db);
  const zone = settings.timeZone;
  const sessions = new SessionStore(db);
  const showings: Showing[] = [];
  for (const program of new ProgramStore(db).listActive()) {
    const windowMs = program.checkinClosesAfterMin * 60_000;
    for (const occ of occurrencesBetween(program.rule, zone, at - windowMs, at + days * 86_400_000)) {
      const session = sessions.findByOccurrence(program.id, occ.date);
      if (session?.status === 'ended' || session?.status === 'cancelled') continue;
      if (!session && occ.startsAt < at) continue;
      showings.push({
        programId: program.id,
        courseId: program.courseId,
        title: program.title,
        kind: program.kind,
        origin: program.origin,
        date: occ.date,
        time: localTimeOf(occ.startsAt, zone),
        startsAt: occ.startsAt,
        checkinOpensAt: occ.startsAt - program.checkinOpensBeforeMin * 60_000,
        ruleText: describeRule(program.rule, settings.language),
        notes: program.notes,
        sessionId: session?.id ?? null,
        sessionStatus: session?.status ?? null,
      });
    }
  }
  return showings.sort((a, b) => a.startsAt - b.startsAt || a.programId - b.programId);
}
