// What the weekly report owes by the clock: compose every ended week not yet composed (Monday's, or at the next
// start when the terminal was off on Monday — catch-up), and send every one left unsent past its deadline (or a
// day after it was composed, if that is later: autoSendAt).
// Idempotent: the week is the key, so running it twice, or in two processes, composes and sends once.
import type { Db } from '../store/database.ts';
import { lastEndedWeek, shiftWeek, weekOf, weeksFrom, weekSpan } from '../../common/iso-week.pure.ts';
import { queryStationLog } from '../stationlog/station-log.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { WeeklyReportStore } from './weekly-report-store.ts';
import { autoSendAt, composeWeek, sendWeek } from './weekly-report.ts';

/**
 * Composed this long after the week ends (Monday 00:15), not at midnight: the last 15-minute health bucket of
 * Sunday is rolled up by then, and a viewing that ran to midnight has ended.
 */
export const COMPOSE_DELAY_MS = 15 * 60_000;
/** A terminal off for longer composes only the weeks this far back: older ones are long past their deadline. */
export const CATCH_UP_WEEKS = 8;
/** How often the duty looks (it does nothing most minutes). */
export const DUTY_INTERVAL_MS = 60_000;

export interface DutyResult {
  composed: string[];
  sent: string[];
}

export function runWeeklyDuty(db: Db, now: number): DutyResult {
  const zone = readStationSettings(db).timeZone;
  const store = new WeeklyReportStore(db);
  const composed: string[] = [];
  // The latest week whose end (plus the delay) has passed: last week, or in Monday's first minutes the one before.
  const last = lastEndedWeek(now, zone);
  const due = now >= weekSpan(last, zone).end + COMPOSE_DELAY_MS ? last : shiftWeek(last, -1);
  const latest = store.latestWeek();
  // Decision — a station's first report is for the week it first ran in (its first station-log line), composed on
  // the Monday after: a week before the software ran has nothing to report, and a station just installed (or a
  // fresh test database) sends nothing at its first start. Afterwards every week since the latest composed one.
  const first = queryStationLog(db, { limit: 1 })[0];
  const earliest = shiftWeek(due, -(CATCH_UP_WEEKS - 1));
  const candidates = [earliest, latest === null ? (first ? weekOf(first.at, zone) : shiftWeek(due, 1)) : shiftWeek(latest, 1)];
  const next = candidates.reduce((a, b) => (a > b ? a : b));
  for (const week of weeksFrom(next, due)) {
    if (store.get(week)) continue;
    composeWeek(db, week, now, 'schedule');
    composed.push(week);
  }
  const sent: string[] = [];
  for (const week of store.unsent()) {
    if (now < autoSendAt(store.get(week)!, zone)) continue;
    if (sendWeek(db, week, now, 'deadline', 'system').sent) sent.push(week);
  }
  return { composed, sent };
}

/** The duty on a timer, started with the daemon: once at start (the catch-up), then every minute. */
export class WeeklyDuty {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    this.run();
    this.timer = setInterval(() => this.run(), DUTY_INTERVAL_MS);
  }

  run(): DutyResult | null {
    try {
      const result = runWeeklyDuty(this.db, this.now());
      if (result.composed.length > 0 || result.sent.length > 0) this.onChange();
      return result;
    } catch (err) {
      // A busy or full disk must not take the daemon down from a timer; the next minute tries again.
      process.emitWarning(`weekly report: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
