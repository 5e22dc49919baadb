// Owner of satisfaction_reports: each station's survey counts per group viewing, written in the transaction
// that stores the batch (county/store/report-projections.ts) and read for the month's figures.
import type { HubKysely } from './hub-database.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';

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

export class SatisfactionReportStore {
  constructor(private readonly db: HubKysely) {}

  /** Reports of group viewings dated fromDate..toDate (station-local dates), of one station or all. */
  async between(stationId: string | null, fromDate: string, toDate: string, only: StationFilter = null): Promise<SatisfactionReport[]> {
    let query = this.db.selectFrom('satisfaction_reports').selectAll().where('date', '>=', fromDate).where('date', '<=', toDate);
    if (stationId !== null) query = query.where('station_id', '=', stationId);
    const of = stationCondition(this.db, only, 'station_id');
    if (of !== null) query = query.where(of);
    const rows = await query.orderBy('date').orderBy('session_id').execute();
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
