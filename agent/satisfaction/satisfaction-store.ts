// Owner of satisfaction_surveys, satisfaction_answers (append-only) and satisfaction_card_marks.
import type { Db } from '../store/database.ts';
import { NO_ANSWERS, countAnswers, type SatisfactionAnswer, type SatisfactionCounts } from './satisfaction.pure.ts';

export interface Survey {
  sessionId: number;
  openedAt: number;
  closesBy: number;
  closedAt: number | null;
  /** People present when it closed; null while open (then it is counted live). */
  present: number | null;
}

interface SurveyRow {
  session_id: number;
  opened_at: number;
  closes_by: number;
  closed_at: number | null;
  present: number | null;
  card_salt: Buffer | null;
}

const toSurvey = (r: SurveyRow): Survey => ({ sessionId: r.session_id, openedAt: r.opened_at, closesBy: r.closes_by, closedAt: r.closed_at, present: r.present });

export class SatisfactionStore {
  constructor(private readonly db: Db) {}

  get(sessionId: number): Survey | undefined {
    const row = this.db.prepare('SELECT * FROM satisfaction_surveys WHERE session_id = ?').get(sessionId) as SurveyRow | undefined;
    return row && toSurvey(row);
  }

  /** The open survey's salt for card marks; null once closed. */
  salt(sessionId: number): Buffer | null {
    const row = this.db.prepare('SELECT card_salt FROM satisfaction_surveys WHERE session_id = ?').get(sessionId) as { card_salt: Buffer | null } | undefined;
    return row?.card_salt ?? null;
  }

  /** Opens the session's survey; one that exists (open or closed) is left as it is. */
  open(sessionId: number, at: number, closesBy: number, salt: Buffer): Survey {
    this.db
      .prepare('INSERT INTO satisfaction_surveys (session_id, opened_at, closes_by, card_salt) VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING')
      .run(sessionId, at, closesBy, salt);
    return this.get(sessionId)!;
  }

  addAnswer(sessionId: number, answer: SatisfactionAnswer, at: number): void {
    this.db.prepare('INSERT INTO satisfaction_answers (session_id, answer, answered_at) VALUES (?, ?, ?)').run(sessionId, answer, at);
  }

  /** Records that a card answered; false when it already had. */
  markCard(sessionId: number, mark: Buffer): boolean {
    return this.db.prepare('INSERT INTO satisfaction_card_marks (session_id, mark) VALUES (?, ?) ON CONFLICT DO NOTHING').run(sessionId, mark).changes === 1;
  }

  counts(sessionId: number): SatisfactionCounts {
    return this.countsFor([sessionId]).get(sessionId) ?? { ...NO_ANSWERS };
  }

  /** Answer counts of many sessions at once (reports); a session without answers is absent. */
  countsFor(sessionIds: readonly number[]): Map<number, SatisfactionCounts> {
    const result = new Map<number, SatisfactionCounts>();
    if (sessionIds.length === 0) return result;
    const rows = this.db
      .prepare('SELECT session_id, answer FROM satisfaction_answers WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY id')
      .all(JSON.stringify(sessionIds)) as { session_id: number; answer: SatisfactionAnswer }[];
    const bySession = new Map<number, SatisfactionAnswer[]>();
    for (const r of rows) bySession.set(r.session_id, [...(bySession.get(r.session_id) ?? []), r.answer]);
    for (const [id, answers] of bySession) result.set(id, countAnswers(answers));
    return result;
  }

  surveysFor(sessionIds: readonly number[]): Map<number, Survey> {
    if (sessionIds.length === 0) return new Map();
    const rows = this.db
      .prepare('SELECT * FROM satisfaction_surveys WHERE session_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(sessionIds)) as SurveyRow[];
    return new Map(rows.map((r) => [r.session_id, toSurvey(r)]));
  }

  /**
   * Closes it: the counts are final, the salt and the card marks are gone. False when it was already closed
   * (so whoever closes it second queues nothing).
   */
  close(sessionId: number, at: number, present: number): boolean {
    const changed = this.db
      .prepare('UPDATE satisfaction_surveys SET closed_at = ?, present = ?, card_salt = NULL WHERE session_id = ? AND closed_at IS NULL')
      .run(at, present, sessionId).changes === 1;
    if (changed) this.db.prepare('DELETE FROM satisfaction_card_marks WHERE session_id = ?').run(sessionId);
    return changed;
  }

  /**
   * The survey the room should be looking at now, newest first: one open and within its time, or a group
   * viewing that ended since `endedSince` (played out or stopped by the administrator) and was never asked.
   */
  dueCandidates(now: number, endedSince: number): { sessionId: number; title: string; opened: boolean }[] {
    const rows = this.db
      .prepare(
        `SELECT s.id, s.title, v.session_id IS NOT NULL AS opened FROM sessions s
           LEFT JOIN satisfaction_surveys v ON v.session_id = s.id
          WHERE s.kind = 'group_viewing' AND s.status = 'ended' AND s.started_at IS NOT NULL
            AND ((v.session_id IS NULL AND s.ended_at >= ?) OR (v.closed_at IS NULL AND v.closes_by > ?))
          ORDER BY s.ended_at DESC, s.id DESC LIMIT 5`,
      )
      .all(endedSince, now) as { id: number; title: string; opened: number }[];
    return rows.map((r) => ({ sessionId: r.id, title: r.title, opened: r.opened === 1 }));
  }

  /** Open surveys past their closing time. */
  overdue(now: number): number[] {
    return (this.db.prepare('SELECT session_id FROM satisfaction_surveys WHERE closed_at IS NULL AND closes_by <= ?').all(now) as { session_id: number }[]).map((r) => r.session_id);
  }
}
