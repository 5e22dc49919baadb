// Fires program starts and check-in windows in the station's time zone. node-cron supplies the exact timers,
// a plain monotonic interval the minute tick; what was fired is persisted, and every tick reconciles, so a
// restart or a missed timer changes nothing.
//
// The clock, as the clock drill (test/drills/clock.test.ts) found it must be handled:
// - The minute tick is setInterval, not node-cron's '* * * * *': node-cron plans its next run from the wall
//   clock, so a clock set back three days stalled the tick (and every start) for three days, and a clock
//   set forward by years — a dead RTC battery corrected by NTP — made it walk every missed minute one by
//   one, freezing the agent's API for minutes.
// - A jump of the wall clock against the monotonic one (set by hand or NTP, or the terminal slept) is
//   raised as a warning alert for a day, with how many showings it made count as missed. Not when the
//   clock was untrusted before: that jump is the correction clock_untrusted asked for.
// - A 'missed' recorded at an instant later than now was recorded under a clock that ran ahead and has
//   been set back since: that showing's time has not come, so it is not taken as missed.
import cron, { type ScheduledTask } from 'node-cron';
import { DateTime } from 'luxon';
import type { Db } from '../store/database.ts';
import { ProgramStore, type Program } from '../programs/program-store.ts';
import { occurrencesBetween, type Occurrence } from '../programs/recurrence.pure.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { endSession, openCheckin, recordMissed, sessionTimes, startSession } from '../sessions/session-lifecycle.ts';
import { readSetting } from '../settings/settings-store.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { clockTrust } from '../clock/clock-trust.pure.ts';
import { localDateTimeOf } from '../clock/local-time.pure.ts';
import { FiringStore } from './firing-store.ts';
import { dueActions, dueInstants, type OccurrenceTimes, type ScheduleAction } from './due-actions.pure.ts';
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

/** How often the scheduler reconciles and replans whatever its timers did. */
const TICK_MS = 60_000;
/** A wall-clock jump beyond this between two ticks is raised; NTP's ordinary slewing stays far below it. */
export const CLOCK_JUMP_ALERT_MS = 10 * 60_000;
/** The jump alert reports an event, not a state: it stands this long, then clears by itself. */
export const CLOCK_JUMP_ALERT_HOLD_MS = 24 * 3600_000;
export const CLOCK_JUMP_ALERT = 'clock_jumped';

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
  /** A clock that neither jumps nor runs while the machine sleeps (performance.now), to see the wall clock jump. */
  monotonic?: () => number;
}

export class Scheduler {
  private readonly now: () => number;
  private readonly monotonic: () => number;
  private tick: NodeJS.Timeout | null = null;
  private readonly timers = new Map<number, ScheduledTask>();
  /** Wall and monotonic time at the last tick, and whether the clock was trusted then. */
  private lastTick: { wall: number; mono: number; trusted: boolean } | null = null;
  private jumpAlertMono: number | null = null;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
    this.monotonic = deps.monotonic ?? (() => performance.now());
  }

  start(): FiredAction[] {
    const fired = this.reconcile();
    this.replan();
    this.lastTick = { wall: this.now(), mono: this.monotonic(), trusted: this.trusted(this.now()) };
    this.tick = setInterval(() => this.onTick(), TICK_MS);
    return fired;
  }

  /** The minute tick: notice a clock jump, do what is due, move the timers along. */
  onTick(): void {
    try {
      const wall = this.now();
      const mono = this.monotonic();
      const previous = this.lastTick;
      const trusted = this.trusted(wall);
      this.lastTick = { wall, mono, trusted };
      const jumpMs = previous === null ? 0 : wall - previous.wall - (mono - previous.mono);
      const done = this.reconcile(wall);
      if (Math.abs(jumpMs) > CLOCK_JUMP_ALERT_MS && previous!.trusted && trusted) {
        this.raiseJump(jumpMs, previous!.wall + (mono - previous!.mono), wall, done.filter((a) => a.action === 'missed').length);
        // The exact timers were set by the old clock: set them again by the new one.
        for (const task of this.timers.values()) void task.destroy();
        this.timers.clear();
      } else if (this.jumpAlertMono !== null && mono - this.jumpAlertMono > CLOCK_JUMP_ALERT_HOLD_MS) {
        this.jumpAlertMono = null;
        this.deps.alerts.clear(CLOCK_JUMP_ALERT, wall);
      }
      this.replan(wall);
    } catch (err) {
      // A busy or full disk must not take the daemon down from a timer; the next tick tries again.
      process.emitWarning(`scheduler: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Cheap enough to call every second (the daemon does): a clock that jumped — NTP correcting a dead RTC at
   * boot, an operator setting the time — is acted on at once rather than at the next minute tick.
   */
  watchClock(): void {
    if (this.tick === null || this.lastTick === null) return;
    const jumpMs = this.now() - this.lastTick.wall - (this.monotonic() - this.lastTick.mono);
    if (Math.abs(jumpMs) > CLOCK_JUMP_ALERT_MS) this.onTick();
  }

  async stop(): Promise<void> {
    if (this.tick) clearInterval(this.tick);
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
      const firedByDate = firings.firedSince(program.id, toCheck[0]!.occurrence.date, at + CLOCK_JUMP_ALERT_MS);
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

  private trusted(at: number): boolean {
    return clockTrust(at, readSetting<number>(this.deps.db, HUB_SKEW_SETTING) ?? null).trusted;
  }

  private raiseJump(jumpMs: number, expected: number, actual: number, missed: number): void {
    const zone = readStationSettings(this.deps.db).timeZone;
    const size = describeDuration(Math.abs(jumpMs));
    const forward = jumpMs > 0;
    const span = `${localDateTimeOf(expected, zone)} → ${localDateTimeOf(actual, zone)}`;
    const missedZh = missed > 0 ? `，因此 ${missed} 个节目记为未播放` : '';
    const missedEn = missed > 0 ? `; ${missed} showing(s) were logged as missed` : '';
    this.jumpAlertMono = this.monotonic();
    this.deps.alerts.raise(
      {
        code: CLOCK_JUMP_ALERT,
        level: 'warning',
        message: forward
          ? `终端时钟向前跳了 ${size.zh}（${span}），或终端曾休眠${missedZh}；请核对时间是否正确`
          : `终端时钟被调回 ${size.zh}（${span}）；请核对时间是否正确`,
        messageEn: forward
          ? `The terminal clock jumped forward by ${size.en} (${span}), or the terminal slept${missedEn}; check that the time is right`
          : `The terminal clock was set back by ${size.en} (${span}); check that the time is right`,
      },
      actual,
    );
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

/** '3 天 2 小时' / '3 d 2 h', to the minute below an hour. */
function describeDuration(ms: number): { zh: string; en: string } {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const zh = [days ? `${days} 天` : '', hours ? `${hours} 小时` : '', !days && mins ? `${mins} 分钟` : ''].filter(Boolean).join(' ') || '0 分钟';
  const en = [days ? `${days} d` : '', hours ? `${hours} h` : '', !days && mins ? `${mins} min` : ''].filter(Boolean).join(' ') || '0 min';
  return { zh, en };
}
