// What the hub keeps of a newly stored event beside the event itself, run in the batch's transaction by
// ReportStore.storeBatch: uptime runs and the latest heartbeat, the latest report of each viewing and month, the
// latest health and equipment, alerts, satisfaction counts, ledger entries, branch activities, weekly reports and
// room uses (the last three through their owners, activity-reports.ts and weekly-report-store.ts). Older news never overwrites
// newer (store-and-forward delivers out of order). One query text for SQLite and PostgreSQL: where SQLite's
// scalar max() would differ, a CASE says it.
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import type { ActivityBody, AlertBody, HeartbeatBody, MobileLedgerBody, MonthSummaryBody, SatisfactionBody, SessionBody } from '../../protocol/event-bodies.pure.ts';
import type { EventType } from '../../protocol/event-types.pure.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';
import { projectActivity } from './activity-reports.ts';
import { projectRoomUse, projectWeeklyReport } from './weekly-report-store.ts';

/**
 * What the batch's newly stored events add. Heartbeats (most of any batch) are projected together: one upsert per
 * run and one status update for the newest, which leaves the tables as projecting them one by one in order would
 * (the run keeps its latest end and the interval of the last heartbeat sent for it; the status the newest
 * heartbeat, the later one of a tie) at a fraction of the queries. No other event type touches those rows.
 */
export async function projectEvents(db: HubKysely, stationId: string, events: readonly UplinkEvent[], receivedAt: number): Promise<void> {
  const heartbeats: UplinkEvent[] = [];
  // Health samples (hourly, the next most of a batch) likewise: only the newest of each kind can win, the later
  // one of a tie, as `<=` lets a later event of the same time overwrite an earlier one when projected in order.
  const newestHealth = new Map<'health' | 'equipment', UplinkEvent>();
  for (const e of events) {
    const type = e.type as EventType;
    if (type === 'heartbeat') heartbeats.push(e);
    else if (type === 'health') {
      const kind = healthKind(e);
      const held = newestHealth.get(kind);
      if (held === undefined || e.at >= held.at) newestHealth.set(kind, e);
    } else await projectEvent(db, stationId, e, receivedAt);
  }
  if (heartbeats.length > 0) await projectHeartbeats(db, stationId, heartbeats);
  for (const e of newestHealth.values()) await projectHealth(db, stationId, e);
}

function healthKind(e: UplinkEvent): 'health' | 'equipment' {
  return e.body['kind'] === 'equipment' ? 'equipment' : 'health';
}

async function projectHeartbeats(db: HubKysely, stationId: string, events: readonly UplinkEvent[]): Promise<void> {
  const runs = new Map<number, { lastAt: number; intervalMs: number }>();
  let newest: { at: number; body: HeartbeatBody } | null = null;
  for (const e of events) {
    const b = e.body as unknown as HeartbeatBody;
    const start = Math.min(b.spanStart, e.at);
    const run = runs.get(start);
    runs.set(start, { lastAt: Math.max(run?.lastAt ?? e.at, e.at), intervalMs: b.intervalMs });
    if (newest === null || e.at >= newest.at) newest = { at: e.at, body: b };
  }
  for (const [spanStart, run] of runs) await upsertRun(db, stationId, spanStart, run.lastAt, run.intervalMs);
  await db
    .updateTable('station_status')
    .set({ heartbeat_at: newest!.at, clock_skew_ms: newest!.body.clockSkewMs })
    .where('station_id', '=', stationId)
    .where(sql<number>`coalesce(heartbeat_at, -1)`, '<=', newest!.at)
    .execute();
}

async function upsertRun(db: HubKysely, stationId: string, spanStart: number, lastAt: number, intervalMs: number): Promise<void> {
  await db
    .insertInto('uptime_spans')
    .values({ station_id: stationId, span_start: spanStart, last_at: lastAt, interval_ms: intervalMs })
    .onConflict((oc) =>
      oc.columns(['station_id', 'span_start']).doUpdateSet({
        last_at: sql<number>`CASE WHEN excluded.last_at > uptime_spans.last_at THEN excluded.last_at ELSE uptime_spans.last_at END`,
        interval_ms: (eb) => eb.ref('excluded.interval_ms'),
      }),
    )
    .execute();
}

async function projectEvent(db: HubKysely, stationId: string, e: UplinkEvent, receivedAt: number): Promise<void> {
  // Typed as the protocol's names so a misspelt case does not compile; a type this hub does not know falls through.
  switch (e.type as EventType) {
    case 'heartbeat':
      return projectHeartbeats(db, stationId, [e]);
    case 'session':
      return projectSession(db, stationId, e);
    case 'month_summary':
      return projectMonthSummary(db, stationId, e);
    case 'health':
      return projectHealth(db, stationId, e);
    case 'alert':
      return projectAlert(db, stationId, e.at, e.body as unknown as AlertBody);
    case 'satisfaction':
      return projectSatisfaction(db, stationId, e);
    case 'mobile_ledger':
      return projectMobileLedger(db, stationId, e.id, e.at, e.body as unknown as MobileLedgerBody);
    case 'activity':
      return projectActivity(db, stationId, e.id, e.at, e.body as unknown as ActivityBody);
    case 'weekly_report':
      return projectWeeklyReport(db, stationId, e, receivedAt);
    case 'room_use':
      return projectRoomUse(db, stationId, e);
  }
}

async function projectSession(db: HubKysely, stationId: string, e: UplinkEvent): Promise<void> {
  const b = e.body as unknown as SessionBody;
  const row = {
    event_id: e.id,
    reported_at: e.at,
    title: b.title,
    date: b.date,
    scheduled_start: b.scheduledStart,
    started_at: b.startedAt,
    ended_at: b.endedAt,
    played_ms: b.playedMs,
    held: b.held ? 1 : 0,
    registered: b.registered,
    attended_registered: b.attendedRegistered,
    guests: b.guests,
    body: JSON.stringify(e.body),
  };
  await db
    .insertInto('session_reports')
    .values({ station_id: stationId, session_id: b.sessionId, ...row })
    .onConflict((oc) =>
      oc
        .columns(['station_id', 'session_id'])
        .doUpdateSet(row)
        .where('excluded.reported_at', '>=', (eb) => eb.ref('session_reports.reported_at')),
    )
    .execute();
}

async function projectMonthSummary(db: HubKysely, stationId: string, e: UplinkEvent): Promise<void> {
  const b = e.body as unknown as MonthSummaryBody;
  const row = {
    event_id: e.id,
    reported_at: e.at,
    registered: b.registered,
    attended_registered: b.attendedRegistered,
    excused: b.excused,
    sessions_held: b.sessionsHeld,
    study_minutes: b.studyMinutes,
    guests: b.guests,
    body: JSON.stringify(e.body),
  };
  await db
    .insertInto('month_summaries')
    .values({ station_id: stationId, month: b.month, ...row })
    .onConflict((oc) =>
      oc
        .columns(['station_id', 'month'])
        .doUpdateSet(row)
        .where('excluded.reported_at', '>=', (eb) => eb.ref('month_summaries.reported_at')),
    )
    .execute();
}

async function projectHealth(db: HubKysely, stationId: string, e: UplinkEvent): Promise<void> {
  if (healthKind(e) === 'equipment') {
    const items = JSON.stringify(Array.isArray(e.body['items']) ? e.body['items'] : []);
    await db
      .updateTable('station_status')
      .set({ equipment_at: e.at, equipment: items })
      .where('station_id', '=', stationId)
      .where(sql<number>`coalesce(equipment_at, -1)`, '<=', e.at)
      .execute();
    return;
  }
  await db
    .updateTable('station_status')
    .set({ health_at: e.at, health: JSON.stringify(e.body) })
    .where('station_id', '=', stationId)
    .where(sql<number>`coalesce(health_at, -1)`, '<=', e.at)
    .execute();
}

async function projectAlert(db: HubKysely, stationId: string, at: number, b: AlertBody): Promise<void> {
  await db
    .insertInto('station_alerts')
    .values({ station_id: stationId, code: b.code, state: b.state, level: b.level ?? null, message: b.message ?? null, since: at, at })
    .onConflict((oc) =>
      oc
        .columns(['station_id', 'code'])
        .doUpdateSet({
          // A raised alert raised again keeps when it was first raised.
          since: sql<number>`CASE WHEN excluded.state = 'raised' AND station_alerts.state = 'raised' THEN station_alerts.since ELSE excluded.since END`,
          state: (eb) => eb.ref('excluded.state'),
          level: sql<string | null>`coalesce(excluded.level, station_alerts.level)`,
          message: sql<string | null>`coalesce(excluded.message, station_alerts.message)`,
          at: (eb) => eb.ref('excluded.at'),
        })
        .where('excluded.at', '>=', (eb) => eb.ref('station_alerts.at')),
    )
    .execute();
}

/**
 * A satisfaction event's counts. They are final when the station sends them (its survey closed), so there is
 * one report per viewing; a second (another event id for the same viewing) replaces it only if newer.
 */
async function projectSatisfaction(db: HubKysely, stationId: string, e: UplinkEvent): Promise<void> {
  const b = e.body as unknown as SatisfactionBody;
  const row = {
    event_id: e.id,
    reported_at: e.at,
    date: b.date,
    present: b.present,
    satisfied: b.satisfied,
    basically_satisfied: b.basicallySatisfied,
    dissatisfied: b.dissatisfied,
    closed_at: b.closedAt,
  };
  await db
    .insertInto('satisfaction_reports')
    .values({ station_id: stationId, session_id: b.sessionId, ...row })
    .onConflict((oc) =>
      oc
        .columns(['station_id', 'session_id'])
        .doUpdateSet(row)
        .where('excluded.reported_at', '>=', (eb) => eb.ref('satisfaction_reports.reported_at')),
    )
    .execute();
}

/** A ledger entry, once: a station never changes one, so a second event for it (a resend) changes nothing. */
async function projectMobileLedger(db: HubKysely, stationId: string, eventId: string, at: number, b: MobileLedgerBody): Promise<void> {
  await db
    .insertInto('mobile_ledger_entries')
    .values({
      station_id: stationId,
      entry_id: b.entryId,
      event_id: eventId,
      reported_at: at,
      kind: b.kind,
      flow_date: b.date,
      member_name: b.memberName,
      branch: b.branch,
      organisation: b.organisation,
      contact: b.contact,
      certificate_no: b.certificateNo,
      note: b.note,
      corrects: b.corrects,
      entered_by: b.enteredBy,
    })
    .onConflict((oc) => oc.columns(['station_id', 'entry_id']).doNothing())
    .execute();
}
