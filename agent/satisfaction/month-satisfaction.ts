// A month's satisfaction (满意度) for the monthly report: per group viewing and for the month, from closed surveys.
import type { Db } from '../store/database.ts';
import type { Session } from '../sessions/session-store.ts';
import { SatisfactionStore } from './satisfaction-store.ts';
import { NO_ANSWERS, addCounts, satisfactionFigures, type SatisfactionFigures } from './satisfaction.pure.ts';

export interface MonthlySatisfactionLine extends SatisfactionFigures {
  sessionId: number;
  programTitle: string;
  date: string;
  /** People checked in when the survey closed: the most answers it could have had. */
  present: number;
}

export interface MonthlySatisfaction extends SatisfactionFigures {
  /** Surveys closed for the month's group viewings. */
  surveys: number;
  sessions: MonthlySatisfactionLine[];
}

/**
 * Decision — only closed surveys count: their answers are final and are what the county received, so the
 * station's report and the hub's figure agree. A survey still open (minutes at most) joins when it closes.
 */
export function monthSatisfaction(db: Db, sessions: readonly Session[]): MonthlySatisfaction {
  const store = new SatisfactionStore(db);
  const ids = sessions.map((s) => s.id);
  const surveys = store.surveysFor(ids);
  const counts = store.countsFor(ids);
  const lines: MonthlySatisfactionLine[] = [];
  let total = { ...NO_ANSWERS };
  for (const s of sessions) {
    const survey = surveys.get(s.id);
    if (!survey || survey.closedAt === null) continue;
    const c = counts.get(s.id) ?? { ...NO_ANSWERS };
    total = addCounts(total, c);
    lines.push({ sessionId: s.id, programTitle: s.title, date: s.occurrenceDate, present: survey.present ?? 0, ...satisfactionFigures(c) });
  }
  return { ...satisfactionFigures(total), surveys: lines.length, sessions: lines };
}
