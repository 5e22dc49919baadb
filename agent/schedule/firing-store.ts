// Owner of schedule_firings: the scheduler's memory of what it did for each occurrence.
import type { Db } from '../store/database.ts';
import type { ScheduleAction } from './due-actions.pure.ts';

export class FiringStore {
  constructor(private readonly db: Db) {}

  /** Returns false when this action was already recorded for the occurrence (nothing changes). */
  record(programId: number, occurrenceDate: string, action: ScheduleAction, dueAt: number, firedAt: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO schedule_firings (program_id, occurrence_date, event, due_at, fired_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(programId, occurrenceDate, action, dueAt, firedAt).changes === 1
    );
  }

  /**
   * What was fired per occurrence date of a program, from a date on. A 'missed' fired after `missedUntil`
   * is left out: it was recorded under a clock running ahead that has been set back since (the showing's
   * time had not come), so it must not keep the showing from starting when its time does come.
   */
  firedSince(programId: number, fromDate: string, missedUntil: number = Number.MAX_SAFE_INTEGER): Map<string, Set<ScheduleAction>> {
    const rows = this.db
      .prepare(`SELECT occurrence_date, event FROM schedule_firings WHERE program_id = ? AND occurrence_date >= ? AND NOT (event = 'missed' AND fired_at > ?)`)
      .all(programId, fromDate, missedUntil) as { occurrence_date: string; event: ScheduleAction }[];
    const map = new Map<string, Set<ScheduleAction>>();
    for (const r of rows) {
      const set = map.get(r.occurrence_date) ?? new Set<ScheduleAction>();
      set.add(r.event);
      map.set(r.occurrence_date, set);
    }
    return map;
  }
}
