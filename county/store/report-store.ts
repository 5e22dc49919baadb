// Owner of events and of what the hub keeps from them (uptime_spans, session_reports, month_summaries,
// station_status, station_alerts; satisfaction_reports through satisfaction-store.ts): a verified batch is
// stored in one transaction, each event once.
import type { HubDb } from './database.ts';
import type { ActivityBody, AlertBody, HeartbeatBody, MobileLedgerBody, MonthSummaryBody, SessionBody } from '../../protocol/event-bodies.pure.ts';
import { mobileLedgerOf, projectMobileLedger, type HubLedgerEntry } from './mobile-ledger-rows.ts';
import type { EventType } from '../../protocol/event-types.pure.ts';
import type { UplinkEvent } from '../../protocol/wire.pure.ts';
import { projectSatisfaction } from './satisfaction-store.ts';
import { activitiesOf, projectActivity, type HubActivity } from './activity-reports.ts';
import { projectRoomUse, projectWeeklyReport } from './weekly-report-store.ts';

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

/** Decides, inside the batch's transaction, whether its new events may be stored (the station's budget). */
export type StoreGate = (cost: NewEventsCost) => { ok: true } | { ok: false; retryAfterMs: number };

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
  constructor(private readonly db: HubDb) {}

  /**
   * Stores a verified batch in one transaction; an event this station already sent changes nothing. Event
   * ids are the station's own (another station may use the same id). `gate`, when given, sees what the batch
   * adds before anything is written and may refuse it whole; whatever it records commits with the batch.
   */
  storeBatch(stationId: string, events: readonly UplinkEvent[], receivedAt: number, gate?: StoreGate): StoreOutcome {
    const stored = this.db.prepare('SELECT 1 FROM events WHERE station_id = ? AND id = ?');
    const insert = this.db.prepare(
      'INSERT INTO events (id, station_id, type, at, body, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (station_id, id) DO NOTHING',
    );
    return this.db.transaction((): StoreOutcome => {
      const outcome: StoreOutcome = { inserted: [], known: [], refused: null };
      const bodies = events.map((e) => JSON.stringify(e.body));
      if (gate) {
        const fresh = new Set<string>();
        let bytes = 0;
        events.forEach((e, i) => {
          if (fresh.has(e.id) || stored.get(stationId, e.id) !== undefined) return;
          fresh.add(e.id);
          bytes += Buffer.byteLength(bodies[i]!);
        });
        const verdict = gate({ events: fresh.size, bytes });
        if (!verdict.ok) return { ...outcome, refused: { retryAfterMs: verdict.retryAfterMs } };
      }
      this.db.prepare('INSERT INTO station_status (station_id) VALUES (?) ON CONFLICT (station_id) DO NOTHING').run(stationId);
      for (const [i, e] of events.entries()) {
        if (insert.run(e.id, stationId, e.type, e.at, bodies[i]!, receivedAt).changes === 0) {
          outcome.known.push(e.id);
          continue;
        }
        outcome.inserted.push(e.id);
        this.project(stationId, e, receivedAt);
      }
      return outcome;
    }).immediate();
  }

  /**
   * One bounded step of pruning: deletes up to `limit` of a station's events of one routine type that
   * happened (station clock) before `cutoff`, through the (station_id, type, at) index, in one short
   * transaction. Returns how many went; fewer than `limit` means none are left.
   */
  pruneRoutineStep(stationId: string, type: EventType, cutoff: number, limit: number): number {
    return this.db
      .prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE station_id = ? AND type = ? AND at < ? LIMIT ?)')
      .run(stationId, type, cutoff, limit).changes;
  }

  /** What the hub keeps of a newly stored event, beside the event itself. Older news never overwrites newer. */
  private project(stationId: string, e: UplinkEvent, receivedAt: number): void {
    const db = this.db;
    // Typed as the protocol's names so a misspelt case does not compile; a type this hub does not know falls through.
    switch (e.type as EventType) {
      case 'heartbeat': {
        const b = e.body as unknown as HeartbeatBody;
        db.prepare(
          `INSERT INTO uptime_spans (station_id, span_start, last_at, interval_ms) VALUES (?, ?, ?, ?)
           ON CONFLICT (station_id, span_start) DO UPDATE SET last_at = max(last_at, excluded.last_at), interval_ms = excluded.interval_ms`,
        ).run(stationId, Math.min(b.spanStart, e.at), e.at, b.intervalMs);
        db.prepare(
          `UPDATE station_status SET heartbeat_at = ?, clock_skew_ms = ? WHERE station_id = ? AND coalesce(heartbeat_at, -1) <= ?`,
        ).run(e.at, b.clockSkewMs, stationId, e.at);
        break;
      }
      case 'session': {
        const b = e.body as unknown as SessionBody;
        db.prepare(
          `INSERT INTO session_reports (station_id, session_id, event_id, reported_at, title, date, scheduled_start, started_at, ended_at,
                                        played_ms, held, registered, attended_registered, guests, body)
           VALUES (@stationId, @sessionId, @eventId, @at, @title, @date, @scheduledStart, @startedAt, @endedAt, @playedMs, @held,
                   @registered, @attendedRegistered, @guests, @body)
           ON CONFLICT (station_id, session_id) DO UPDATE SET
             event_id = excluded.event_id, reported_at = excluded.reported_at, title = excluded.title, date = excluded.date,
             scheduled_start = excluded.scheduled_start, started_at = excluded.started_at, ended_at = excluded.ended_at,
             played_ms = excluded.played_ms, held = excluded.held, registered = excluded.registered,
             attended_registered = excluded.attended_registered, guests = excluded.guests, body = excluded.body
           WHERE excluded.reported_at >= session_reports.reported_at`,
        ).run({
          stationId,
          sessionId: b.sessionId,
          eventId: e.id,
          at: e.at,
          title: b.title,
          date: b.date,
          scheduledStart: b.scheduledStart,
          startedAt: b.startedAt,
          endedAt: b.endedAt,
          playedMs: b.playedMs,
          held: b.held ? 1 : 0,
          registered: b.registered,
          attendedRegistered: b.attendedRegistered,
          guests: b.guests,
          body: JSON.stringify(e.body),
        });
        break;
      }
      case 'month_summary': {
        const b = e.body as unknown as MonthSummaryBody;
        db.prepare(
          `INSERT INTO month_summaries (station_id, month, event_id, reported_at, registered, attended_registered, excused, sessions_held,
                                        study_minutes, guests, body)
           VALUES (@stationId, @month, @eventId, @at, @registered, @attendedRegistered, @excused, @sessionsHeld, @studyMinutes, @guests, @body)
           ON CONFLICT (station_id, month) DO UPDATE SET
             event_id = excluded.event_id, reported_at = excluded.reported_at, registered = excluded.registered,
             attended_registered = excluded.attended_registered, excused = excluded.excused, sessions_held = excluded.sessions_held,
             study_minutes = excluded.study_minutes, guests = excluded.guests, body = excluded.body
           WHERE excluded.reported_at >= month_summaries.reported_at`,
        ).run({
          stationId,
          month: b.month,
          eventId: e.id,
          at: e.at,
          registered: b.registered,
          attendedRegistered: b.attendedRegistered,
          excused: b.excused,
          sessionsHeld: b.sessionsHeld,
          studyMinutes: b.studyMinutes,
          guests: b.guests,
          body: JSON.stringify(e.body),
        });
        break;
      }
      case 'health': {
        const equipment = e.body['kind'] === 'equipment';
        const column = equipment ? 'equipment' : 'health';
        const value = equipment ? JSON.stringify(Array.isArray(e.body['items']) ? e.body['items'] : []) : JSON.stringify(e.body);
        db.prepare(`UPDATE station_status SET ${column}_at = ?, ${column} = ? WHERE station_id = ? AND coalesce(${column}_at, -1) <= ?`).run(
          e.at,
          value,
          stationId,
          e.at,
        );
        break;
      }
      case 'alert': {
        const b = e.body as unknown as AlertBody;
        db.prepare(
          `INSERT INTO station_alerts (station_id, code, state, level, message, since, at) VALUES (@stationId, @code, @state, @level, @message, @at, @at)
           ON CONFLICT (station_id, code) DO UPDATE SET
             since = CASE WHEN excluded.state = 'raised' AND station_alerts.state = 'raised' THEN station_alerts.since ELSE excluded.since END,
             state = excluded.state, level = coalesce(excluded.level, station_alerts.level),
             message = coalesce(excluded.message, station_alerts.message), at = excluded.at
           WHERE excluded.at >= station_alerts.at`,
        ).run({ stationId, code: b.code, state: b.state, level: b.level ?? null, message: b.message ?? null, at: e.at });
        break;
      }
      case 'satisfaction':
        projectSatisfaction(db, stationId, e);
        break;
      case 'mobile_ledger':
        projectMobileLedger(db, stationId, e.id, e.at, e.body as unknown as MobileLedgerBody);
        break;
      case 'activity':
        projectActivity(db, stationId, e.id, e.at, e.body as unknown as ActivityBody);
        break;
      case 'weekly_report':
        projectWeeklyReport(db, stationId, e, receivedAt);
        break;
      case 'room_use':
        projectRoomUse(db, stationId, e);
        break;
    }
  }

  /** A station's branch activities (支部活动记录) held fromDate..toDate, as it last sent them. */
  activities(stationId: string, fromDate: string, toDate: string): HubActivity[] {
    return activitiesOf(this.db, stationId, fromDate, toDate);
  }

  /** A station's mobile-member ledger (流动党员台帐) as it sent it, of one year or all. */
  mobileLedger(stationId: string, year: string | null): HubLedgerEntry[] {
    return mobileLedgerOf(this.db, stationId, year);
  }

  spans(stationIds: readonly string[] | null, from: number, to: number): UptimeSpanRow[] {
    // `last_at > from − the longest interval` is implied (ingest validates interval_ms) and lets SQLite
    // find the period's runs by the last_at index instead of scanning every run ever reported; the unary +
    // keeps it from preferring the primary key's order to that index (it then sorts the period's few rows).
    const rows = this.db
      .prepare(
        `SELECT station_id, span_start, last_at, interval_ms FROM uptime_spans
         WHERE last_at > @from - ${MAX_SPAN_INTERVAL_MS} AND span_start < @to AND last_at + interval_ms > @from
         ORDER BY +station_id, span_start`,
      )
      .all({ from, to }) as { station_id: string; span_start: number; last_at: number; interval_ms: number }[];
    const wanted = stationIds === null ? null : new Set(stationIds);
    return rows
      .filter((r) => wanted === null || wanted.has(r.station_id))
      .map((r) => ({ stationId: r.station_id, spanStart: r.span_start, lastAt: r.last_at, intervalMs: r.interval_ms }));
  }

  sessionReports(stationId: string | null, fromDate: string, toDate: string): SessionReport[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM session_reports WHERE (@stationId IS NULL OR station_id = @stationId) AND date >= @fromDate AND date <= @toDate
         ORDER BY date, scheduled_start, session_id`,
      )
      .all({ stationId, fromDate, toDate }) as Record<string, unknown>[];
    return rows.map((r) => {
      const body = JSON.parse(String(r['body'])) as { rate?: number | null; guestsByCategory?: Record<string, number>; makeUp?: boolean };
      return {
        stationId: String(r['station_id']),
        sessionId: Number(r['session_id']),
        reportedAt: Number(r['reported_at']),
        title: String(r['title']),
        date: String(r['date']),
        scheduledStart: Number(r['scheduled_start']),
        startedAt: r['started_at'] as number | null,
        endedAt: r['ended_at'] as number | null,
        playedMs: Number(r['played_ms']),
        held: r['held'] === 1,
        registered: Number(r['registered']),
        attendedRegistered: Number(r['attended_registered']),
        rate: body.rate ?? null,
        guests: Number(r['guests']),
        guestsByCategory: body.guestsByCategory ?? null,
        makeUp: body.makeUp === true,
      };
    });
  }

  monthSummaries(filter: { month?: string; stationId?: string }): MonthSummaryRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM month_summaries WHERE (@month IS NULL OR month = @month) AND (@stationId IS NULL OR station_id = @stationId)
         ORDER BY station_id, month`,
      )
      .all({ month: filter.month ?? null, stationId: filter.stationId ?? null }) as Record<string, unknown>[];
    return rows.map((r) => {
      const body = JSON.parse(String(r['body'])) as Partial<Pick<MonthSummaryBody, 'participationRate' | 'makeUpAttended' | 'notStudied' | 'compliance'>>;
      return {
        stationId: String(r['station_id']),
        month: String(r['month']),
        reportedAt: Number(r['reported_at']),
        registered: Number(r['registered']),
        attendedRegistered: Number(r['attended_registered']),
        excused: Number(r['excused']),
        participationRate: body.participationRate ?? null,
        sessionsHeld: Number(r['sessions_held']),
        studyMinutes: Number(r['study_minutes']),
        guests: Number(r['guests']),
        makeUpAttended: body.makeUpAttended ?? null,
        notStudied: body.notStudied ?? null,
        compliance: body.compliance ?? null,
      };
    });
  }

  statuses(): Map<string, StationStatus> {
    const rows = this.db.prepare('SELECT * FROM station_status').all() as Record<string, unknown>[];
    return new Map(
      rows.map((r) => [
        String(r['station_id']),
        {
          stationId: String(r['station_id']),
          heartbeatAt: r['heartbeat_at'] as number | null,
          clockSkewMs: r['clock_skew_ms'] as number | null,
          healthAt: r['health_at'] as number | null,
          health: r['health'] === null ? null : (JSON.parse(String(r['health'])) as Record<string, unknown>),
          equipmentAt: r['equipment_at'] as number | null,
          equipment: r['equipment'] === null ? null : (JSON.parse(String(r['equipment'])) as unknown[]),
        },
      ]),
    );
  }

  raisedAlerts(): StationAlertRow[] {
    const rows = this.db.prepare(`SELECT * FROM station_alerts WHERE state = 'raised' ORDER BY station_id, since`).all() as Record<string, unknown>[];
    return rows.map((r) => ({
      stationId: String(r['station_id']),
      code: String(r['code']),
      state: 'raised',
      level: r['level'] as string | null,
      message: r['message'] as string | null,
      since: Number(r['since']),
      at: Number(r['at']),
    }));
  }

  /** The station log as reported, newest first. */
  logTail(stationId: string, limit: number): LogLine[] {
    const rows = this.db
      .prepare(`SELECT id, at, body FROM events WHERE station_id = ? AND type = 'station_log' ORDER BY at DESC, seq DESC LIMIT ?`)
      .all(stationId, limit) as { id: string; at: number; body: string }[];
    return rows.map((r) => {
      const b = JSON.parse(r.body) as { type?: string; actor?: string; message?: string };
      return { eventId: r.id, at: r.at, type: b.type ?? '', actor: b.actor ?? '', message: b.message ?? '' };
    });
  }
}
