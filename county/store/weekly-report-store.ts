// Owner of the hub's weekly_reports and room_uses (migration 0012): each station's weekly reports (每周一报) as it
// sent them, and the uses of its room entered by hand, written in the transaction that stores the batch
// (ReportStore.storeBatch, through report-projections.ts) and read for the station page, the dashboard and the
// exports. Every query of these two tables is here, on the query builder (SQLite and PostgreSQL).
import type { Selectable } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';
import type { WeeklyReportsTable } from './hub-tables.ts';
import type { WeeklyReportBody } from '../../protocol/event-bodies.pure.ts';
import { bodyOf } from '../../protocol/event-types.pure.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';

export interface HubWeeklyReport {
  stationId: string;
  week: string;
  from: string;
  to: string;
  composedAt: number;
  sentAt: number;
  sentBy: 'admin' | 'deadline';
  remark: string | null;
  viewings: number;
  viewingsHeld: number;
  participationRate: number | null;
  coursewareReceived: number;
  uptime: number | null;
  alerts: number;
  sections: WeeklyReportBody['sections'];
  receivedAt: number;
}

export interface HubRoomUse {
  useId: number;
  date: string;
  from: string;
  to: string;
  purpose: string;
  organiser: string;
  headcount: number;
  enteredBy: string;
  removedAt: number | null;
  removalReason: string | null;
}

type WeeklyRow = Selectable<WeeklyReportsTable>;

/**
 * Keeps a weekly report. A station sends each week once; should a second arrive for the same week (a station
 * restored from an old backup), the first one received stands: the county already read it.
 */
export async function projectWeeklyReport(db: HubKysely, stationId: string, e: UplinkEvent, receivedAt: number): Promise<void> {
  const b = bodyOf(e, 'weekly_report');
  await db
    .insertInto('weekly_reports')
    .values({
      station_id: stationId,
      week: b.week,
      event_id: e.id,
      from_date: b.from,
      to_date: b.to,
      composed_at: b.composedAt,
      sent_at: b.sentAt,
      sent_by: b.sentBy,
      remark: b.remark,
      viewings: b.viewings,
      viewings_held: b.viewingsHeld,
      participation_rate: b.participationRate,
      courseware_received: b.coursewareReceived,
      uptime: b.uptime,
      alerts: b.alerts,
      sections: JSON.stringify(b.sections),
      received_at: receivedAt,
    })
    .onConflict((oc) => oc.columns(['station_id', 'week']).doNothing())
    .execute();
}

/** Keeps a room use entered by hand, or marks it removed (the removal names the use). */
export async function projectRoomUse(db: HubKysely, stationId: string, e: UplinkEvent): Promise<void> {
  const b = bodyOf(e, 'room_use');
  if (b.kind === 'removal') {
    await db
      .updateTable('room_uses')
      .set({ removed_at: e.at, removal_reason: b.reason })
      .where('station_id', '=', stationId)
      .where('use_id', '=', b.useId)
      .where('removed_at', 'is', null)
      .execute();
    return;
  }
  await db
    .insertInto('room_uses')
    .values({
      station_id: stationId,
      use_id: b.useId,
      event_id: e.id,
      date: b.date,
      time_from: b.from,
      time_to: b.to,
      purpose: b.purpose,
      organiser: b.organiser,
      headcount: b.headcount,
      entered_by: b.enteredBy,
      reported_at: e.at,
    })
    .onConflict((oc) => oc.columns(['station_id', 'use_id']).doNothing())
    .execute();
}

function toReport(r: WeeklyRow): HubWeeklyReport {
  return {
    stationId: r.station_id,
    week: r.week,
    from: r.from_date,
    to: r.to_date,
    composedAt: r.composed_at,
    sentAt: r.sent_at,
    sentBy: r.sent_by as HubWeeklyReport['sentBy'],
    remark: r.remark,
    viewings: r.viewings,
    viewingsHeld: r.viewings_held,
    participationRate: r.participation_rate,
    coursewareReceived: r.courseware_received,
    uptime: r.uptime,
    alerts: r.alerts,
    sections: JSON.parse(r.sections) as WeeklyReportBody['sections'],
    receivedAt: r.received_at,
  };
}

export class WeeklyReportHubStore {
  constructor(private readonly db: HubKysely) {}

  /** A station's reports, newest week first. */
  async ofStation(stationId: string): Promise<HubWeeklyReport[]> {
    return (await this.db.selectFrom('weekly_reports').selectAll().where('station_id', '=', stationId).orderBy('week', 'desc').execute()).map(toReport);
  }

  /** A station's room uses entered by hand, dated from..to, removed ones too (marked). */
  async roomUses(stationId: string, from: string, to: string): Promise<HubRoomUse[]> {
    const rows = await this.db
      .selectFrom('room_uses')
      .selectAll()
      .where('station_id', '=', stationId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .orderBy('time_from')
      .orderBy('use_id')
      .execute();
    return rows.map((r) => ({ useId: r.use_id, date: r.date, from: r.time_from, to: r.time_to, purpose: r.purpose, organiser: r.organiser, headcount: r.headcount, enteredBy: r.entered_by, removedAt: r.removed_at, removalReason: r.removal_reason }));
  }

  /** The stations (every station, or a filter's) that sent their report for `week`: the standing alert's one read. */
  async stationsThatSent(week: string, only: StationFilter = null): Promise<Set<string>> {
    let query = this.db.selectFrom('weekly_reports').select('station_id').where('week', '=', week);
    const of = stationCondition(this.db, only, 'station_id');
    if (of !== null) query = query.where(of);
    return new Set((await query.execute()).map((r) => r.station_id));
  }

  /** The weeks each station has sent (every station at once, or a filter's, for the dashboard's counts). */
  async weeksByStation(only: StationFilter = null): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    let query = this.db.selectFrom('weekly_reports').select(['station_id', 'week']);
    const of = stationCondition(this.db, only, 'station_id');
    if (of !== null) query = query.where(of);
    for (const r of await query.execute()) {
      let weeks = out.get(r.station_id);
      if (!weeks) out.set(r.station_id, (weeks = new Set()));
      weeks.add(r.week);
    }
    return out;
  }
}
