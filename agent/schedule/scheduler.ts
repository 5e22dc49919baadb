// Fires program starts and check-in windows in the station's time zone. node-cron supplies the timers;
// what was fired is persisted, and every tick reconciles, so a restart or a missed timer changes nothing.
import cron, { type ScheduledTask } from 'node-cron';
import { DateTime } from 'luxon';
import type { Db } from '../store/database.ts';
import { ProgramStore, type Program } from '../programs/program-store.ts';
import { occurrencesBetween, type Occurrence } from '../programs/recurrence.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { endSession, openCheckin, recordMissed, sessionTimes, startSession } from '../sessions/session-lifecycle.ts';
import { readSetting } from '../settings/settings-store.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { clockTrust } from '../clock/clock-trust.ts';
import { FiringStore } from './firing-store.ts';
import { dueActions, dueInstants, type OccurrenceTimes, type ScheduleAction } from './due-actions.ts';
import { programStarting, type StationEvents } from '../events.ts';
import type { AlertCenter } from '../alerts/alert-center.ts';

/** A showing missed while the terminal was off is logged if it fell within this many days. */
export const MISSED_LOOKBACK_DAYS = 35;
/** Exact timers are set this far ahead; the minute tick moves the horizon along. */
const TIMER_HORIZON_MS = 26 * 3600_000;
/** A playing session with no end report is closed this long after its course should have finished. */
const OVERDUE_GRACE_MS = 15 * 60_000;
const UNKNOWN_LENGTH_MS = 2 * 3600_000;
/**
 * node-cron skips a run that wakes more than 1 s late by default; on a busy set-top box a start would then
 * wait for the next minute tick. A late run is still right: reconcile judges what is due by the clock.
 */
const TIMER_LATE_TOLERANCE_MS = 60_000;

export const HUB_SKEW_SETTING = 'uplink.hubSkewMs';

export interface FiredAction {
  programId: number;
  occurrenceDate: string;
  action: ScheduleAction;
  dueAt: number;
  firedAt: number;
  sessionId: number | null;
}

export interface SchedulerDeps {
  db: Db;
  events: StationEvents;
  alerts: AlertCenter;
  now?: () => number;
}

export class Scheduler {
  private readonly now: () => number;
  private tick: ScheduledTask | null = null;
  private readonly timers = new Map<number, ScheduledTask>();

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): FiredAction[] {
    const fired = this.reconcile();
    this.replan();
    this.tick = cron.schedule(
      '* * * * *',
      () => {
        this.reconcile();
        this.replan();
      },
      { name: 'yuanjiao-minute-tick', timezone: readStationSettings(this.deps.db).timeZone, missedExecutionTolerance: TIMER_LATE_TOLERANCE_MS },
    );
    return fired;
  }

  async stop(): Promise<void> {
    await this.tick?.destroy();
    this.tick = null;
    await Promise.all([...this.timers.values()].map((t) => t.destroy()));
    this.timers.clear();
  }

  /** Does whatever is due at `at` and has not been done; returns what it did. */
  reconcile(at: number = this.now()): FiredAction[] {
    const { db, alerts, events } = this.deps;
    const trust = clockTrust(at, readSetting<number>(db, HUB_SKEW_SETTING) ?? null);
    if (!trust.trusted) {
      alerts.raise({ code: 'clock_untrusted', level: 'critical', message: trust.message, messageEn: trust.messageEn }, at);
      return [];
    }
    alerts.clear('clock_untrusted', at);

    const zone = readStationSettings(db).timeZone;
    const firings = new FiringStore(db);
    const done: FiredAction[] = [];
    for (const program of new ProgramStore(db).listActive()) {
      const toCheck = this.occurrencesToCheck(program, zone, at);
      if (toCheck.length === 0) continue;
      const firedByDate = firings.firedSince(program.id, toCheck[0]!.occurrence.date);
      for (const { occurrence, times } of toCheck) {
        const fired = firedByDate.get(occurrence.date) ?? new Set<ScheduleAction>();
        for (const action of dueActions(program.kind, times, fired, at)) {
          const result = this.apply(program, occurrence, times, action, at);
          if (result) done.push(result);
        }
      }
    }
    this.endOverdue(at);
    for (const a of done) this.announce(a);
    if (done.length > 0) events.emit({ type: 'schedule_changed' });
    return done;
  }

  /** Sets an exact node-cron timer for each instant something may fall due within the horizon. */
  replan(at: number = this.now()): void {
    const zone = readStationSettings(this.deps.db).timeZone;
    const wanted = new Set<number>();
    for (const program of new ProgramStore(this.deps.db).listActive()) {
      for (const occurrence of occurrencesBetween(program.rule, zone, at - 12 * 3600_000, at + TIMER_HORIZON_MS + 12 * 3600_000)) {
        for (const instant of dueInstants(program.kind, timesOf(program, occurrence))) {
          if (instant > at && instant <= at + TIMER_HORIZON_MS) wanted.add(instant);
        }
      }
    }
    for (const [instant, task] of this.timers) {
      if (!wanted.has(instant)) {
        void task.destroy();
        this.timers.delete(instant);
      }
    }
    for (const instant of wanted) {
      if (this.timers.has(instant)) continue;
      const t = DateTime.fromMillis(instant, { zone });
      const expression = `${t.second} ${t.minute} ${t.hour} ${t.day} ${t.month} *`;
      const task = cron.schedule(
        expression,
        (ctx) => {
          this.timers.delete(instant);
          void task.destroy();
          // A timer may wake a hair early; what is due is judged at the instant it was set for.
          this.reconcile(Math.max(this.now(), ctx.date.getTime(), instant));
        },
        { name: `yuanjiao-due-${instant}`, timezone: zone, maxExecutions: 1, missedExecutionTolerance: TIMER_LATE_TOLERANCE_MS },
      );
      this.timers.set(instant, task);
    }
  }

  /** Instants with a timer set (tests and the bench read them). */
  plannedInstants(): number[] {
    return [...this.timers.keys()].sort((a, b) => a - b);
  }

  private occurrencesToCheck(program: Program, zone: string, at: number): { occurrence: Occurrence; times: OccurrenceTimes }[] {
    const lookbackFrom = Math.max(program.createdAt, at - MISSED_LOOKBACK_DAYS * 86_400_000);
    const from = lookbackFrom - program.checkinClosesAfterMin * 60_000;
    const to = at + program.checkinOpensBeforeMin * 60_000 + 1;
    return occurrencesBetween(program.rule, zone, from, to)
      .map((occurrence) => ({ occurrence, times: timesOf(program, occurrence) }))
      // An occurrence whose window had closed before the program existed was never due.
      .filter(({ times }) => times.closesAt > program.createdAt);
  }

  private apply(program: Program, occurrence: Occurrence, times: OccurrenceTimes, action: ScheduleAction, at: number): FiredAction | null {
    const { db } = this.deps;
    const firings = new FiringStore(db);
    const dueAt = action === 'checkin_open' ? times.opensAt : action === 'start' ? times.startsAt : times.closesAt;
    return db.transaction((): FiredAction | null => {
      if (!firings.record(program.id, occurrence.date, action, dueAt, at)) return null;
      let sessionId: number | null = null;
      switch (action) {
        case 'checkin_open':
          sessionId = openCheckin(db, program, occurrence, at).id;
          break;
        case 'start':
          sessionId = startSession(db, program, occurrence, at).session.id;
          break;
        case 'checkin_close': {
          const session = new SessionStore(db).findByOccurrence(program.id, occurrence.date);
          sessionId = session?.id ?? null;
          appendStationLog(db, { type: 'schedule', actor: 'system', at, message: `签到结束：${program.title}`, detail: { sessionId, programId: program.id } });
          break;
        }
        case 'missed':
          recordMissed(db, program, occurrence, at);
          break;
      }
      return { programId: program.id, occurrenceDate: occurrence.date, action, dueAt, firedAt: at, sessionId };
    })();
  }

  private endOverdue(at: number): void {
    const sessions = new SessionStore(this.deps.db);
    for (const s of sessions.live(at)) {
      if (s.status !== 'playing' || s.startedAt === null) continue;
      if (at > s.startedAt + (s.courseDurationMs ?? UNKNOWN_LENGTH_MS) + OVERDUE_GRACE_MS) {
        endSession(this.deps.db, s.id, at, 'overdue');
        this.deps.events.emit({ type: 'playback_state', sessionId: s.id, courseId: s.courseId, state: 'ended' });
      }
    }
  }

  private announce(a: FiredAction): void {
    const { events, db } = this.deps;
    if (a.sessionId === null) return;
    const session = new SessionStore(db).get(a.sessionId);
    if (!session) return;
    if (a.action === 'checkin_open') events.emit({ type: 'checkin_window', sessionId: session.id, state: 'open', title: session.title });
    if (a.action === 'checkin_close') events.emit({ type: 'checkin_window', sessionId: session.id, state: 'closed', title: session.title });
    if (a.action === 'start') events.emit(programStarting(session));
  }
}

export function timesOf(program: Program, occurrence: Occurrence): OccurrenceTimes {
  const { checkinOpensAt, checkinClosesAt } = sessionTimes(program, occurrence);
  return {
    opensAt: program.kind === 'group_viewing' ? checkinOpensAt : occurrence.startsAt,
    startsAt: occurrence.startsAt,
    closesAt: checkinClosesAt,
  };
}
