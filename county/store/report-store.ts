// Owner of events and of what the hub keeps from them (uptime_spans, session_reports, month_summaries,
// station_status, station_alerts; satisfaction_reports, mobile_ledger_entries, activity_reports, weekly_reports
// and room_uses, written by report-projections.ts): a verified batch is stored in one transaction, each event once — on SQLite and on
// PostgreSQL alike, also when two hub processes receive the same batch at once.
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import { mobileLedgerOf, type HubLedgerEntry } from './mobile-ledger-rows.ts';
import type { MonthSummaryBody } from '../../protocol/event-bodies.pure.ts';
import type { EventType } from '../../protocol/event-types.pure.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';
import { NO_STATUS_NEWS, projectEvents, writeStatus } from './report-projections.ts';
import { insertEvents } from './event-insert.ts';
import { activitiesOf, type HubActivity } from './activity-reports.ts';
import { runsByStation } from './uptime-runs.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';
import type { UptimeSpan } from '../figures/uptime.pure.ts';

/** The longest heartbeat interval ingest accepts (HeartbeatBodySchema's maximum), and so the longest tail of a run past its last heartbeat. */
const MAX_SPAN_INTERVAL_MS = 86_400_000;

export interface StoreOutcome {
  /** Ids stored now, and ids the hub already had from this station (a resend). Together: the whole batch. */
  inserted: string[];
  known: string[];
  /** Set when the gate refused the batch's new events: nothing was stored. */
  refused: { retryAfterMs: number } | null;
}

/** What a batch would add: its new events (not already stored for the station) and their bodies' bytes. */
export interface NewEventsCost {
  events: number;
  bytes: number;
}

/**
 * Decides, inside the batch's transaction (`db` is it), whether its new events may be stored (the station's
 * budget); what it writes there commits with the batch, and a refusal rolls the batch's inserts back.
 */
export type StoreGate = (cost: NewEventsCost, db: HubKysely) => Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;

/** Asks the gate; a refusal is thrown, which rolls the batch's transaction back. */
async function admitOrRefuse(gate: StoreGate, cost: NewEventsCost, db: HubKysely): Promise<void> {
  const verdict = await gate(cost, db);
  if (!verdict.ok) throw new BatchRefused(verdict.retryAfterMs);
}

/** Thrown inside the transaction so that a refused batch leaves nothing behind. */
class BatchRefused extends Error {
  constructor(readonly retryAfterMs: number) {
    super('batch refused by its gate');
  }
}

export interface UptimeSpanRow {
  stationId: string;
  spanStart: number;
  lastAt: number;
  intervalMs: number;
}

export interface SessionReport {
  stationId: string;
  sessionId: number;
  reportedAt: number;
  title: string;
  date: string;
  scheduledStart: number;
  startedAt: number | null;
  endedAt: number | null;
  playedMs: number;
  held: boolean;
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  guests: number;
  guestsByCategory: Record<string, number> | null;
  /** A make-up showing (补学): its own figures, never among the month's held viewings. */
  makeUp: boolean;
}


export interface MonthSummaryRow {
  stationId: string;
  month: string;
  reportedAt: number;
  registered: number;
  attendedRegistered: number;
  excused: number;
  participationRate: number | null;
  sessionsHeld: number;
  studyMinutes: number;
  guests: number;
  /** Members counted through a make-up showing (补学), and those not studied yet; null from an older station. */
  makeUpAttended: number | null;
  notStudied: number | null;
  /** What the station judged its month still needs (absent from older stations). */
  compliance: MonthSummaryBody['compliance'] | null;
}

export interface StationStatus {
  stationId: string;
  heartbeatAt: number | null;
  clockSkewMs: number | null;
  healthAt: number | null;
  health: Record<string, unknown> | null;
  equipmentAt: number | null;
  equipment: unknown[] | null;
}

export interface StationAlertRow {
  stationId: string;
  code: string;
  state: 'raised' | 'cleared';
  level: string | null;
  message: string | null;
  since: number;
  at: number;
}

// Routine events (protocol/event-types.pure.ts: heartbeat, health) live on whole in a projection once stored: a
// heartbeat in uptime_spans and station_status, a health sample in station_status. Nothing reads their rows
// again, and a station resending one after it was pruned changes nothing (every projection keeps the newer or
// the wider), so they need not be kept for ever — at about 300 a station a day they are nearly all of the table.

export interface LogLine {
  eventId: string;
  at: number;
  type: string;
  actor: string;
  message: string;
}

export class ReportStore {
  constructor(private readonly db: HubKysely) {}

  /**
   * Stores a verified batch in one transaction; an event this station already sent changes nothing. Event
   * ids are the station's own (another station may use the same id). `gate`, when given, sees what the batch
   * adds before anything commits (its new events, as the insert answered) and may refuse it whole, which rolls
   * the transaction back; whatever it records commits with the batch.
   *
   * Exactly once, also with two hub processes on one PostgreSQL: the transaction first writes the station's row
   * (when the hub heard from it, `heardAt`, else a no-op update), which holds the station's other batches back
   * until it ends — on SQLite it takes the file's write lock — so the gate counts what is really new; and the
   * events go in with ON CONFLICT DO NOTHING on (station_id, id), so only the rows this transaction inserted are
   * projected. Hearing from the station commits with the batch (one commit, one wait for the disk), and not at
   * all when the gate refuses it.
   */
  async storeBatch(stationId: string, events: readonly UplinkEvent[], receivedAt: number, gate?: StoreGate, heardAt?: number): Promise<StoreOutcome> {
    const bodies = events.map((e) => JSON.stringify(e.body));
    try {
      return await this.db.transaction().execute(async (trx): Promise<StoreOutcome> => {
        await trx
          .updateTable('stations')
          .set((eb) => ({
            last_seen_at: heardAt === undefined ? eb.ref('last_seen_at') : sql<number>`CASE WHEN coalesce(last_seen_at, 0) > ${heardAt} THEN last_seen_at ELSE ${heardAt} END`,
          }))
          .where('id', '=', stationId)
          .execute();
        const outcome: StoreOutcome = { inserted: [], known: [], refused: null };
        if (events.length === 0) {
          if (gate) await admitOrRefuse(gate, { events: 0, bytes: 0 }, trx);
          return outcome;
        }
        // RETURNING names the ids this transaction inserted: what is new, learnt in the same round trip (the
        // station's row lock keeps another batch of it from inserting between). The gate sees their cost after
        // the insert, and a refusal rolls the whole transaction back, so a refused batch still leaves nothing.
        const inserted = await insertEvents(trx, stationId, events, bodies, receivedAt);
        const fresh: UplinkEvent[] = [];
        let bytes = 0;
        events.forEach((e, i) => {
          // A batch naming an id twice stores it once: the first is the one inserted, the second is known.
          if (!inserted.delete(e.id)) {
            outcome.known.push(e.id);
            return;
          }
          outcome.inserted.push(e.id);
          fresh.push(e);
          bytes += Buffer.byteLength(bodies[i]!);
        });
        if (gate) await admitOrRefuse(gate, { events: fresh.length, bytes }, trx);
        // The status row is made for any station that sent events, new or not, as before anything read it.
        await writeStatus(trx, stationId, fresh.length === 0 ? NO_STATUS_NEWS : await projectEvents(trx, stationId, fresh, receivedAt));
        return outcome;
      });
    } catch (err) {
      if (err instanceof BatchRefused) return { inserted: [], known: [], refused: { retryAfterMs: err.retryAfterMs } };
      throw err;
    }
  }

  /**
   * One bounded step of pruning: deletes up to `limit` of a station's events of one routine type that
   * happened (station clock) before `cutoff`, through the (station_id, type, at) index, in one short
   * transaction. Returns how many went; fewer than `limit` means none are left.
   */
  async pruneRoutineStep(stationId: string, type: EventType, cutoff: number, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('events')
      .where('seq', 'in', (eb) => eb.selectFrom('events').select('seq').where('station_id', '=', stationId).where('type', '=', type).where('at', '<', cutoff).limit(limit))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** A station's branch activities (支部活动记录) held fromDate..toDate, as it last sent them. */
  activities(stationId: string, fromDate: string, toDate: string): Promise<HubActivity[]> {
    return activitiesOf(this.db, stationId, fromDate, toDate);
  }

  /** A station's mobile-member ledger (流动党员台帐) as it sent it, of one year or all. */
  mobileLedger(stationId: string, year: string | null): Promise<HubLedgerEntry[]> {
    return mobileLedgerOf(this.db, stationId, year);
  }

  /** Each station's runs overlapping [from, to), each station's unordered (uptime-runs.ts): spans() for a whole hub or a filter's stations. */
  runsByStation(from: number, to: number, only: StationFilter = null): Promise<Map<string, UptimeSpan[]>> {
    return runsByStation(this.db, from, to, MAX_SPAN_INTERVAL_MS, only);
  }

  async spans(stationIds: readonly string[] | null, from: number, to: number): Promise<UptimeSpanRow[]> {
    // `last_at > from − the longest interval` is implied (ingest validates interval_ms) and lets the database
    // find the period's runs by the last_at index instead of scanning every run ever reported; ordering by an
    // expression keeps SQLite from preferring the primary key's order to that index (it then sorts the
    // period's few rows).
    const rows = await this.db
      .selectFrom('uptime_spans')
      .select(['station_id', 'span_start', 'last_at', 'interval_ms'])
      .where('last_at', '>', from - MAX_SPAN_INTERVAL_MS)
      .where('span_start', '<', to)
      .where(sql<number>`last_at + interval_ms`, '>', from)
      .orderBy(sql`station_id || ''`)
      .orderBy('span_start')
      .execute();
    const wanted = stationIds === null ? null : new Set(stationIds);
    return rows
      .filter((r) => wanted === null || wanted.has(r.station_id))
      .map((r) => ({ stationId: r.station_id, spanStart: r.span_start, lastAt: r.last_at, intervalMs: r.interval_ms }));
  }

  async sessionReports(stationId: string | null, fromDate: string, toDate: string): Promise<SessionReport[]> {
    let query = this.db.selectFrom('session_reports').selectAll().where('date', '>=', fromDate).where('date', '<=', toDate);
    if (stationId !== null) query = query.where('station_id', '=', stationId);
    const rows = await query.orderBy('date').orderBy('scheduled_start').orderBy('session_id').execute();
    return rows.map((r) => {
      const body = JSON.parse(r.body) as { rate?: number | null; guestsByCategory?: Record<string, number>; makeUp?: boolean };
      return {
        stationId: r.station_id,
        sessionId: r.session_id,
        reportedAt: r.reported_at,
        title: r.title,
        date: r.date,
        scheduledStart: r.scheduled_start,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        playedMs: r.played_ms,
        held: r.held === 1,
        registered: r.registered,
        attendedRegistered: r.attended_registered,
        rate: body.rate ?? null,
        guests: r.guests,
        guestsByCategory: body.guestsByCategory ?? null,
        makeUp: body.makeUp === true,
      };
    });
  }

  /**
   * Each station's held group viewings dated fromDate..toDate, make-up showings (补学) left out: what the
   * month's rows count, without reading and sorting every report's columns.
   */
  async heldViewingsByStation(fromDate: string, toDate: string, only: StationFilter = null): Promise<Map<string, number>> {
    let query = this.db.selectFrom('session_reports').select(['station_id', 'body']).where('date', '>=', fromDate).where('date', '<=', toDate).where('held', '=', 1);
    const of = stationCondition(this.db, only, 'station_id');
    if (of !== null) query = query.where(of);
    const rows = await query.execute();
    const held = new Map<string, number>();
    for (const r of rows) if ((JSON.parse(r.body) as { makeUp?: boolean }).makeUp !== true) held.set(r.station_id, (held.get(r.station_id) ?? 0) + 1);
    return held;
  }

  async monthSummaries(filter: { month?: string; stationId?: string; only?: StationFilter }): Promise<MonthSummaryRow[]> {
    let query = this.db.selectFrom('month_summaries').selectAll();
    if (filter.month !== undefined) query = query.where('month', '=', filter.month);
    if (filter.stationId !== undefined) query = query.where('station_id', '=', filter.stationId);
    const of = stationCondition(this.db, filter.only ?? null, 'station_id');
    if (of !== null) query = query.where(of);
    const rows = await query.orderBy('station_id').orderBy('month').execute();
    return rows.map((r) => {
      const body = JSON.parse(r.body) as Partial<Pick<MonthSummaryBody, 'participationRate' | 'makeUpAttended' | 'notStudied' | 'compliance'>>;
      return {
        stationId: r.station_id,
        month: r.month,
        reportedAt: r.reported_at,
        registered: r.registered,
        attendedRegistered: r.attended_registered,
        excused: r.excused,
        participationRate: body.participationRate ?? null,
        sessionsHeld: r.sessions_held,
        studyMinutes: r.study_minutes,
        guests: r.guests,
        makeUpAttended: body.makeUpAttended ?? null,
        notStudied: body.notStudied ?? null,
        compliance: body.compliance ?? null,
      };
    });
  }

  async statuses(only: StationFilter = null): Promise<Map<string, StationStatus>> {
    let query = this.db.selectFrom('station_status').selectAll();
    const of = stationCondition(this.db, only, 'station_id');
    if (of !== null) query = query.where(of);
    const rows = await query.execute();
    return new Map(
      rows.map((r) => [
        r.station_id,
        {
          stationId: r.station_id,
          heartbeatAt: r.heartbeat_at,
          clockSkewMs: r.clock_skew_ms,
          healthAt: r.health_at,
          health: r.health === null ? null : (JSON.parse(r.health) as Record<string, unknown>),
          equipmentAt: r.equipment_at,
          equipment: r.equipment === null ? null : (JSON.parse(r.equipment) as unknown[]),
        },
      ]),
    );
  }

  async raisedAlerts(only: StationFilter = null): Promise<StationAlertRow[]> {
    let query = this.db.selectFrom('station_alerts').selectAll().where('state', '=', 'raised');
    const of = stationCondition(this.db, only, 'station_id');
    if (of !== null) query = query.where(of);
    const rows = await query.orderBy('station_id').orderBy('since').execute();
    return rows.map((r) => ({ stationId: r.station_id, code: r.code, state: 'raised', level: r.level, message: r.message, since: r.since, at: r.at }));
  }

  /** The station log as reported, newest first. */
  async logTail(stationId: string, limit: number): Promise<LogLine[]> {
    const rows = await this.db
      .selectFrom('events')
      .select(['id', 'at', 'body'])
      .where('station_id', '=', stationId)
      .where('type', '=', 'station_log')
      .orderBy('at', 'desc')
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const b = JSON.parse(r.body) as { type?: string; actor?: string; message?: string };
      return { eventId: r.id, at: r.at, type: b.type ?? '', actor: b.actor ?? '', message: b.message ?? '' };
    });
  }
}
