// Owner of weekly_reports (a frozen snapshot per ISO week, sent once) and weekly_report_remarks (append-only).
// The triggers of migration 0013 hold what this file promises: a snapshot never changes, a sent week is final.
import type { Db } from '../store/database.ts';
import type { WeeklyReportSnapshot } from './weekly-report.pure.ts';

export type SentBy = 'admin' | 'deadline';

export interface WeeklyRemark {
  id: number;
  text: string;
  at: number;
  actor: string;
}

export interface StoredWeeklyReport {
  week: string;
  from: string;
  to: string;
  composedAt: number;
  composedBy: string;
  snapshot: WeeklyReportSnapshot;
  sentAt: number | null;
  sentBy: SentBy | null;
  sentActor: string | null;
  eventId: string | null;
  /** Every remark, oldest first; the latest is the one the report carries. */
  remarks: WeeklyRemark[];
}

interface Row {
  week: string;
  from_date: string;
  to_date: string;
  composed_at: number;
  composed_by: string;
  snapshot: string;
  sent_at: number | null;
  sent_by: SentBy | null;
  sent_actor: string | null;
  event_id: string | null;
}

export class WeeklyReportStore {
  constructor(private readonly db: Db) {}

  get(week: string): StoredWeeklyReport | undefined {
    const row = this.db.prepare('SELECT * FROM weekly_reports WHERE week = ?').get(week) as Row | undefined;
    return row && this.toReport(row);
  }

  /** Newest week first. */
  list(limit = 60): StoredWeeklyReport[] {
    return (this.db.prepare('SELECT * FROM weekly_reports ORDER BY week DESC LIMIT ?').all(limit) as Row[]).map((r) => this.toReport(r));
  }

  latestWeek(): string | null {
    return (this.db.prepare('SELECT max(week) AS week FROM weekly_reports').get() as { week: string | null }).week;
  }

  /** Stores a composed week; false (and nothing written) when the week was composed already. */
  insert(snapshot: WeeklyReportSnapshot, composedAt: number, composedBy: string): boolean {
    return (
      this.db
        .prepare('INSERT INTO weekly_reports (week, from_date, to_date, composed_at, composed_by, snapshot) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (week) DO NOTHING')
        .run(snapshot.week, snapshot.from, snapshot.to, composedAt, composedBy, JSON.stringify(snapshot)).changes === 1
    );
  }

  addRemark(week: string, text: string, at: number, actor: string): number {
    return Number(this.db.prepare('INSERT INTO weekly_report_remarks (week, text, at, actor) VALUES (?, ?, ?, ?)').run(week, text, at, actor).lastInsertRowid);
  }

  /** Marks the week sent; false when it was sent already (whoever sends second queues nothing). */
  markSent(week: string, at: number, sentBy: SentBy, actor: string, eventId: string): boolean {
    return (
      this.db
        .prepare('UPDATE weekly_reports SET sent_at = ?, sent_by = ?, sent_actor = ?, event_id = ? WHERE week = ? AND sent_at IS NULL')
        .run(at, sentBy, actor, eventId, week).changes === 1
    );
  }

  /** Composed weeks not sent yet, oldest first. */
  unsent(): string[] {
    return (this.db.prepare('SELECT week FROM weekly_reports WHERE sent_at IS NULL ORDER BY week').all() as { week: string }[]).map((r) => r.week);
  }

  private toReport(r: Row): StoredWeeklyReport {
    const remarks = this.db.prepare('SELECT id, text, at, actor FROM weekly_report_remarks WHERE week = ? ORDER BY id').all(r.week) as WeeklyRemark[];
    return {
      week: r.week,
      from: r.from_date,
      to: r.to_date,
      composedAt: r.composed_at,
      composedBy: r.composed_by,
      snapshot: JSON.parse(r.snapshot) as WeeklyReportSnapshot,
      sentAt: r.sent_at,
      sentBy: r.sent_by,
      sentActor: r.sent_actor,
      eventId: r.event_id,
      remarks,
    };
  }
}
