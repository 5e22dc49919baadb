// The weekly report's life: composed once per ended week (frozen), remarked on by the administrator (appended),
// sent once (one `weekly_report` event, in the transaction that marks it sent). Decisions: README.md.
import type { Db } from '../store/database.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import type { WeeklyReportBody } from '../../protocol/event-bodies.pure.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import { isIsoWeek, sendDeadline, weekOf, weekSpan, compareWeeks } from '../../common/iso-week.pure.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { localDateTimeOf } from '../clock/local-time.pure.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { composeWeeklyReport, sectionLines } from './weekly-report.pure.ts';
import { WEEKLY_SECTIONS, type WeeklySectionSource } from './weekly-sections.ts';
import { WeeklyReportStore, type SentBy, type StoredWeeklyReport } from './weekly-report-store.ts';

/** The longest remark: a short paragraph, as the paper form's line for it. */
export const MAX_REMARK_CHARS = 500;

export type WeeklyReportErrorCode = 'invalid_week' | 'week_not_ended' | 'weekly_report_not_found' | 'weekly_report_sent' | 'invalid_remark';

export class WeeklyReportError<C extends WeeklyReportErrorCode = WeeklyReportErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'WeeklyReportError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

export function checkWeek(week: string): string {
  if (!isIsoWeek(week)) throw new WeeklyReportError('invalid_week', { week });
  return week;
}

/**
 * Composes an ended week, or returns the one composed before: a week is composed once, whoever asks (the
 * schedule on Monday, the catch-up at start, the administrator, the CLI), and never again.
 */
export function composeWeek(db: Db, week: string, now: number, actor: string, sections: readonly WeeklySectionSource[] = WEEKLY_SECTIONS): StoredWeeklyReport {
  checkWeek(week);
  const settings = readStationSettings(db);
  const zone = settings.timeZone;
  if (compareWeeks(week, weekOf(now, zone)) >= 0) throw new WeeklyReportError('week_not_ended', { week });
  const store = new WeeklyReportStore(db);
  return db.transaction(() => {
    const existing = store.get(week);
    if (existing) return existing;
    const span = weekSpan(week, zone);
    const snapshot = composeWeeklyReport(
      { week, from: span.from, to: span.to, station: { id: settings.stationId, name: settings.stationName, timeZone: zone }, composedAt: localDateTimeOf(now, zone) },
      sections.map((s) => s.compose(db, span, zone)),
    );
    store.insert(snapshot, now, actor);
    // The schedule's compositions are the system's in the log, as its other timed work is.
    appendStationLog(db, { type: 'station', actor: actor === 'schedule' ? 'system' : actor, at: now, message: `每周一报已生成：${week}（${span.from} 至 ${span.to}）`, detail: { week } });
    return store.get(week)!;
  }).immediate();
}

export function weeklyReport(db: Db, week: string): StoredWeeklyReport {
  const report = new WeeklyReportStore(db).get(checkWeek(week));
  if (!report) throw new WeeklyReportError('weekly_report_not_found', { week });
  return report;
}

/** Appends the administrator's remark; the figures stay as composed. Refused once the report went out. */
export function addRemark(db: Db, week: string, text: string, now: number, actor: string): StoredWeeklyReport {
  const remark = text.trim();
  if (remark.length === 0 || [...remark].length > MAX_REMARK_CHARS) throw new WeeklyReportError('invalid_remark', { max: MAX_REMARK_CHARS });
  return db.transaction(() => {
    const report = weeklyReport(db, week);
    if (report.sentAt !== null) throw new WeeklyReportError('weekly_report_sent', { week });
    new WeeklyReportStore(db).addRemark(week, remark, now, actor);
    appendStationLog(db, { type: 'station', actor, at: now, message: `每周一报 ${week} 添加备注`, detail: { week } });
    return weeklyReport(db, week);
  }).immediate();
}

export interface SendResult {
  report: StoredWeeklyReport;
  /** False when it had been sent already: nothing was queued this time. */
  sent: boolean;
}

/**
 * Sends the week: marks it sent and queues its one event in one transaction (IMMEDIATE, so a second press, a
 * second process or the deadline sweep waits and then finds it sent). A kill -9 before the commit leaves it
 * unsent with nothing queued; after, sent with its event in the outbox.
 */
export function sendWeek(db: Db, week: string, now: number, sentBy: SentBy, actor: string): SendResult {
  return db.transaction((): SendResult => {
    const report = weeklyReport(db, week);
    if (report.sentAt !== null) return { report, sent: false };
    const body = eventBody(report, now, sentBy);
    const eventId = enqueueOutbox(db, 'weekly_report', now, body);
    new WeeklyReportStore(db).markSent(week, now, sentBy, actor, eventId);
    const how = sentBy === 'deadline' ? '截止时间已到，自动报送' : '已报送';
    appendStationLog(db, { type: 'station', actor, at: now, message: `每周一报 ${week} ${how}`, detail: { week, sentBy, eventId } });
    return { report: weeklyReport(db, week), sent: true };
  }).immediate();
}

/**
 * Decision — the administrator always has a day to see a report and remark on it before it goes by itself: a week
 * composed late (the terminal was off until after Wednesday noon) goes 24 hours after it was composed, not at once.
 */
export const MIN_REVIEW_MS = 24 * 3600_000;

/** When an unsent report goes by itself: the week's deadline (Wednesday 12:00 after it), or a day after composing. */
export function autoSendAt(report: Pick<StoredWeeklyReport, 'week' | 'composedAt'>, zone: string): number {
  return Math.max(sendDeadline(report.week, zone), report.composedAt + MIN_REVIEW_MS);
}

export function latestRemark(report: StoredWeeklyReport): string | null {
  return report.remarks.at(-1)?.text ?? null;
}

function eventBody(report: StoredWeeklyReport, now: number, sentBy: SentBy): WeeklyReportBody {
  const s = report.snapshot;
  return {
    week: report.week,
    from: report.from,
    to: report.to,
    composedAt: report.composedAt,
    sentAt: now,
    sentBy,
    remark: latestRemark(report),
    viewings: s.headline.viewings,
    viewingsHeld: s.headline.viewingsHeld,
    participationRate: s.headline.participationRate,
    coursewareReceived: s.headline.coursewareReceived,
    uptime: s.headline.uptime,
    alerts: s.headline.alerts,
    sections: s.sections.slice(0, 12).map((sec) => ({ id: sec.id.slice(0, 32), title: sec.title.slice(0, 60), lines: sectionLines(sec) })),
  };
}
