// What the hub keeps of a newly stored event beside the event itself, run in the batch's transaction by
// ReportStore.storeBatch: uptime runs and the latest heartbeat, the latest report of each viewing and month, the
// latest health and equipment, alerts, satisfaction counts, ledger entries, branch activities, weekly reports and
// room uses (the last three through their owners, activity-reports.ts and weekly-report-store.ts). Older news never overwrites
// newer (store-and-forward delivers out of order). One query text for SQLite and PostgreSQL: where SQLite's
// scalar max() would differ, a CASE says it.
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import type { AlertBody, MobileLedgerBody } from '../../protocol/event-bodies.pure.ts';
import { bodyOf, type EventType } from '../../protocol/event-types.pure.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';
import { projectActivity } from './activity-reports.ts';
import { projectRoomUse, projectWeeklyReport } from './weekly-report-store.ts';
import { projectDelivery } from './delivery-store.ts';
import { projectViewingProof } from './proof-store.ts';
import { projectRemoteHelpResult } from './remote-help-store.ts';
import { noteRunWrite } from './uptime-prefixes.ts';

/**
 * What the batch's newly stored events add. Heartbeats (most of any batch) are projected together: one upsert per
 * run, which leaves the runs as projecting them one by one in order would (a run keeps its latest end and the
 * interval of the last heartbeat sent for it). The station's status — its newest heartbeat, health sample and
 * equipment list — is returned for writeStatus, one statement for the batch. No other event type touches those rows.
 */
export async function projectEvents(db: HubKysely, stationId: string, events: readonly UplinkEvent[], receivedAt: number): Promise<StatusNews> {
  const heartbeats: UplinkEvent[] = [];
  // Of heartbeats and health samples (hourly, the next most of a batch) only the newest of each kind can win the
  // status, the later one of a tie, as `<=` lets a later event of the same time overwrite an earlier one in order.
  const news: StatusNews = { heartbeat: null, health: null, equipment: null };
  for (const e of events) {
    const type = e.type as EventType;
    if (type === 'heartbeat') {
      heartbeats.push(e);
      if (news.heartbeat === null || e.at >= news.heartbeat.at) news.heartbeat = e;
    } else if (type === 'health') {
      const kind = healthKind(e);
      const held = news[kind];
      if (held === null || e.at >= held.at) news[kind] = e;
    } else await projectEvent(db, stationId, e, receivedAt);
  }
  if (heartbeats.length > 0) await projectRuns(db, stationId, heartbeats, receivedAt);
  return news;
}

/** The newest heartbeat, health sample and equipment list among a batch's new events (null: none of that kind). */
export interface StatusNews {
  heartbeat: UplinkEvent | null;
  health: UplinkEvent | null;
  equipment: UplinkEvent | null;
}

export const NO_STATUS_NEWS: StatusNews = { heartbeat: null, health: null, equipment: null };

type StatusColumn = 'heartbeat_at' | 'clock_skew_ms' | 'health_at' | 'health' | 'equipment_at' | 'equipment';

/**
 * The station's status row: made if missing, and each part replaced by the batch's newest of its kind unless the
 * row holds a newer one already (store-and-forward delivers out of order). One statement where the row's insert
 * and an update per kind were up to four; a batch with none of them leaves an existing row untouched.
 */
export async function writeStatus(db: HubKysely, stationId: string, news: StatusNews): Promise<void> {
  const { heartbeat, health, equipment } = news;
  // In SET, station_status.* is the row as it was (both databases): each part is judged by its own time.
  const pick = (when: StatusColumn, column: StatusColumn) =>
    sql<never>`CASE WHEN excluded.${sql.ref(when)} IS NOT NULL AND coalesce(station_status.${sql.ref(when)}, -1) <= excluded.${sql.ref(when)} THEN excluded.${sql.ref(column)} ELSE station_status.${sql.ref(column)} END`;
  await db
    .insertInto('station_status')
    .values({
      station_id: stationId,
      heartbeat_at: heartbeat?.at ?? null,
      clock_skew_ms: heartbeat ? bodyOf(heartbeat, 'heartbeat').clockSkewMs : null,
      health_at: health?.at ?? null,
      health: health ? JSON.stringify(health.body) : null,
      equipment_at: equipment?.at ?? null,
      equipment: equipment ? JSON.stringify(Array.isArray(equipment.body['items']) ? equipment.body['items'] : []) : null,
    })
    .onConflict((oc) =>
      oc
        .column('station_id')
        .doUpdateSet({
          heartbeat_at: pick('heartbeat_at', 'heartbeat_at'),
          clock_skew_ms: pick('heartbeat_at', 'clock_skew_ms'),
          health_at: pick('health_at', 'health_at'),
          health: pick('health_at', 'health'),
          equipment_at: pick('equipment_at', 'equipment_at'),
          equipment: pick('equipment_at', 'equipment'),
        })
        .where((eb) => eb.or([eb('excluded.heartbeat_at', 'is not', null), eb('excluded.health_at', 'is not', null), eb('excluded.equipment_at', 'is not', null)])),
    )
    .execute();
}

function healthKind(e: UplinkEvent): 'health' | 'equipment' {
  return e.body['kind'] === 'equipment' ? 'equipment' : 'health';
}

async function projectRuns(db: HubKysely, stationId: string, events: readonly UplinkEvent[], receivedAt: number): Promise<void> {
  const runs = new Map<number, { lastAt: number; intervalMs: number }>();
  for (const e of events) {
    const b = bodyOf(e, 'heartbeat');
    const start = Math.min(b.spanStart, e.at);
    const run = runs.get(start);
    runs.set(start, { lastAt: Math.max(run?.lastAt ?? e.at, e.at), intervalMs: b.intervalMs });
  }
  for (const [spanStart, run] of runs) {
    // A run changed before today voids the station's kept months of uptime (store/uptime-prefixes.ts).
    await noteRunWrite(db, stationId, spanStart, receivedAt);
    await upsertRun(db, stationId, spanStart, run.lastAt, run.intervalMs);
  }
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
    case 'health':
      return; // projectEvents: the runs, and the status through writeStatus
    case 'session':
      return projectSession(db, stationId, e);
    case 'month_summary':
      return projectMonthSummary(db, stationId, e);
    case 'alert':
      return projectAlert(db, stationId, e.at, bodyOf(e, 'alert'));
    case 'satisfaction':
      return projectSatisfaction(db, stationId, e);
    case 'mobile_ledger':
      return projectMobileLedger(db, stationId, e.id, e.at, bodyOf(e, 'mobile_ledger'));
    case 'activity':
      return projectActivity(db, stationId, e.id, e.at, bodyOf(e, 'activity'));
    case 'weekly_report':
      return projectWeeklyReport(db, stationId, e, receivedAt);
    case 'room_use':
      return projectRoomUse(db, stationId, e);
    case 'delivery':
      return projectDelivery(db, stationId, e.at, bodyOf(e, 'delivery'));
    case 'viewing_proof':
      return projectViewingProof(db, stationId, e, receivedAt);
    case 'remote_help_result':
      return projectRemoteHelpResult(db, stationId, e, receivedAt);
  }
}

async function projectSession(db: HubKysely, stationId: string, e: UplinkEvent): Promise<void> {
  const b = bodyOf(e, 'session');
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
  const b = bodyOf(e, 'month_summary');
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
  const b = bodyOf(e, 'satisfaction');
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
