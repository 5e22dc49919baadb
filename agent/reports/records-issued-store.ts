// Owner of records_issued: the months whose attendance records left the terminal — a sign-in sheet, monthly
// report, viewing record or xAPI file exported, saved or opened for printing — and, read beside them, the months
// whose monthly summary was queued for the county. A roster change that would alter one of them asks first.
import type { Db } from '../store/database.ts';
import { isMonth } from '../clock/local-time.pure.ts';

export function markIssued(db: Db, months: readonly string[], at: number): void {
  const stmt = db.prepare(
    `INSERT INTO records_issued (month, first_at, last_at) VALUES (?, ?, ?)
     ON CONFLICT (month) DO UPDATE SET last_at = excluded.last_at`,
  );
  db.transaction(() => {
    for (const month of months) if (isMonth(month)) stmt.run(month, at, at);
  })();
}

/** Months issued as files or prints, and months reported to the county (month_summary events in the outbox), in order. */
export function issuedMonths(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT month FROM records_issued
       UNION SELECT json_extract(body, '$.month') FROM outbox WHERE type = 'month_summary'
       ORDER BY 1`,
    )
    .all() as { month: string | null }[];
  return rows.map((r) => r.month).filter((m): m is string => m !== null && isMonth(m));
}
