// Owner of the hub's weekly_reports and room_uses (migration 0012): each station's weekly reports (每周一报) as it
// sent them, and the uses of its room entered by hand, written in the transaction that stores the batch
// (ReportStore.storeBatch) and read for the station page, the dashboard and the exports. Every query of these
// two tables is here, so it can move to the query builder in one place.
import type { HubDb } from './database.ts';
import type { RoomUseBody, WeeklyReportBody } from '../../protocol/event-bodies.pure.ts';
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

interface WeeklyRow {
  station_id: string;
  week: string;
  from_date: string;
  to_date: string;
  composed_at: number;
  sent_at: number;
  sent_by: 'admin' | 'deadline';
  remark: string | null;
  viewings: number;
  viewings_held: number;
  participation_rate: number | null;
  courseware_received: number;
  uptime: number | null;
  alerts: number;
  sections: string;
  received_at: number;
}

/**
 * Keeps a weekly report. A station sends each week once; should a second arrive for the same week (a station
 * restored from an old backup), the first one received stands: the county already read it.
 */
export function projectWeeklyReport(db: HubDb, stationId: string, e: UplinkEvent, receivedAt: number): void {
  const b = e.body as unknown as WeeklyReportBody;
  db.prepare(
    `INSERT INTO weekly_reports (station_id, week, event_id, from_date, to_date, composed_at, sent_at, sent_by, remark, viewings, viewings_held,
       participation_rate, courseware_received, uptime, alerts, sections, received_at)
     VALUES (@stationId, @week, @eventId, @from, @to, @composedAt, @sentAt, @sentBy, @remark, @viewings, @viewingsHeld,
       @participationRate, @coursewareReceived, @uptime, @alerts, @sections, @receivedAt)
     ON CONFLICT (station_id, week) DO NOTHING`,
  ).run({
    stationId,
    week: b.week,
    eventId: e.id,
    from: b.from,
    to: b.to,
    composedAt: b.composedAt,
    sentAt: b.sentAt,
    sentBy: b.sentBy,
    remark: b.remark,
    viewings: b.viewings,
    viewingsHeld: b.viewingsHeld,
    participationRate: b.participationRate,
    coursewareReceived: b.coursewareReceived,
    uptime: b.uptime,
    alerts: b.alerts,
    sections: JSON.stringify(b.sections),
    receivedAt,
  });
}

/** Keeps a room use entered by hand, or marks it removed (the removal names the use). */
export function projectRoomUse(db: HubDb, stationId: string, e: UplinkEvent): void {
  const b = e.body as unknown as RoomUseBody;
  if (b.kind === 'removal') {
    db.prepare('UPDATE room_uses SET removed_at = ?, removal_reason = ? WHERE station_id = ? AND use_id = ? AND removed_at IS NULL').run(e.at, b.reason, stationId, b.useId);
    return;
  }
  db.prepare(
    `INSERT INTO room_uses (station_id, use_id, event_id, date, time_from, time_to, purpose, organiser, headcount, entered_by, reported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (station_id, use_id) DO NOTHING`,
  ).run(stationId, b.useId, e.id, b.date, b.from, b.to, b.purpose, b.organiser, b.headcount, b.enteredBy, e.at);
}

function toReport(r: WeeklyRow): HubWeeklyReport {
  return {
    stationId: r.station_id,
    week: r.week,
    from: r.from_date,
    to: r.to_date,
    composedAt: r.composed_at,
    sentAt: r.sent_at,
    sentBy: r.sent_by,
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
  constructor(private readonly db: HubDb) {}

  /** A station's reports, newest week first. */
  ofStation(stationId: string): HubWeeklyReport[] {
    return (this.db.prepare('SELECT * FROM weekly_reports WHERE station_id = ? ORDER BY week DESC').all(stationId) as WeeklyRow[]).map(toReport);
  }

  /** A station's room uses entered by hand, dated from..to, removed ones too (marked). */
  roomUses(stationId: string, from: string, to: string): HubRoomUse[] {
    const rows = this.db
      .prepare('SELECT * FROM room_uses WHERE station_id = ? AND date >= ? AND date <= ? ORDER BY date, time_from, use_id')
      .all(stationId, from, to) as { use_id: number; date: string; time_from: string; time_to: string; purpose: string; organiser: string; headcount: number; entered_by: string; removed_at: number | null; removal_reason: string | null }[];
    return rows.map((r) => ({ useId: r.use_id, date: r.date, from: r.time_from, to: r.time_to, purpose: r.purpose, organiser: r.organiser, headcount: r.headcount, enteredBy: r.entered_by, removedAt: r.removed_at, removalReason: r.removal_reason }));
  }

  /** The weeks each station has sent (every station at once, for the dashboard's counts). */
  weeksByStation(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const r of this.db.prepare('SELECT station_id, week FROM weekly_reports').all() as { station_id: string; week: string }[]) {
      let weeks = out.get(r.station_id);
      if (!weeks) out.set(r.station_id, (weeks = new Set()));
      weeks.add(r.week);
    }
    return out;
  }
}
