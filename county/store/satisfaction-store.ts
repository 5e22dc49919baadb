// Owner of satisfaction_reports: each station's survey counts per group viewing, written in the transaction
// that stores the batch (ReportStore.storeBatch calls projectSatisfaction) and read for the month's figures.
import type { HubDb } from './database.ts';
import type { SatisfactionBody } from '../../protocol/event-bodies.pure.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';

export interface SatisfactionReport {
  stationId: string;
  sessionId: number;
  date: string;
  present: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  closedAt: number;
  reportedAt: number;
}

interface Row {
  station_id: string;
  session_id: number;
  date: string;
  present: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
  closed_at: number;
  reported_at: number;
}

/**
 * Keeps a satisfaction event's counts. They are final when the station sends them (its survey closed), so
 * there is one report per viewing; a second (another event id for the same viewing) replaces it only if newer,
 * as every projection does with store-and-forward.
 */
export function projectSatisfaction(db: HubDb, stationId: string, e: UplinkEvent): void {
  const b = e.body as unknown as SatisfactionBody;
  db.prepare(
    `INSERT INTO satisfaction_reports (station_id, session_id, event_id, reported_at, date, present, satisfied, basically_satisfied, dissatisfied, closed_at)
     VALUES (@stationId, @sessionId, @eventId, @at, @date, @present, @satisfied, @basicallySatisfied, @dissatisfied, @closedAt)
     ON CONFLICT (station_id, session_id) DO UPDATE SET
       event_id = excluded.event_id, reported_at = excluded.reported_at, date = excluded.date, present = excluded.present,
       satisfied = excluded.satisfied, basically_satisfied = excluded.basically_satisfied, dissatisfied = excluded.dissatisfied,
       closed_at = excluded.closed_at
     WHERE excluded.reported_at >= satisfaction_reports.reported_at`,
  ).run({
    stationId,
    sessionId: b.sessionId,
    eventId: e.id,
    at: e.at,
    date: b.date,
    present: b.present,
    satisfied: b.satisfied,
    basicallySatisfied: b.basicallySatisfied,
    dissatisfied: b.dissatisfied,
    closedAt: b.closedAt,
  });
}

export class SatisfactionReportStore {
  constructor(private readonly db: HubDb) {}

  /** Reports of group viewings dated fromDate..toDate (station-local dates), of one station or all. */
  between(stationId: string | null, fromDate: string, toDate: string): SatisfactionReport[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM satisfaction_reports WHERE (@stationId IS NULL OR station_id = @stationId) AND date >= @fromDate AND date <= @toDate
         ORDER BY date, session_id`,
      )
      .all({ stationId, fromDate, toDate }) as Row[];
    return rows.map((r) => ({
      stationId: r.station_id,
      sessionId: r.session_id,
      date: r.date,
      present: r.present,
      satisfied: r.satisfied,
      basicallySatisfied: r.basically_satisfied,
      dissatisfied: r.dissatisfied,
      closedAt: r.closed_at,
      reportedAt: r.reported_at,
    }));
  }
}
