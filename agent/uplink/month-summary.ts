// The month_summary event: the station's monthly figures (agent/reports/monthly-report.ts), queued whenever
// they change, so the county's monthly participation rate counts each member once a month as docs/domain.md
// defines — a count only the station, which holds the roster, can make.
import { DateTime } from 'luxon';
import type { Db } from '../store/database.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { readSetting, readStationSettings, writeSetting } from '../settings/settings-store.ts';
import { monthlyReport } from '../reports/monthly-report.ts';
import { localDateOf } from '../clock/local-time.pure.ts';
import { canonicalJson } from '../../protocol/downlink.pure.ts';
import type { MonthSummaryBody } from '../../protocol/event-bodies.pure.ts';
import type { EventType } from '../../protocol/event-types.pure.ts';
import { MONTH_SUMMARIES_SETTING } from './uplink-settings.ts';

export const MONTH_SUMMARY_EVENT = 'month_summary' satisfies EventType;
/** Late check-ins, undos and excusals still change last month's figures during the first days of a month. */
export const PREVIOUS_MONTH_DAYS = 10;
/** Fingerprints older than this many months are forgotten. */
const KEEP_MONTHS = 13;

export function monthSummary(db: Db, month: string, at: number): MonthSummaryBody {
  const r = monthlyReport(db, month, at);
  return {
    month,
    registered: r.registered,
    attendedRegistered: r.attendedRegistered,
    excused: r.excused,
    participationRate: r.participationRate,
    sessionsHeld: r.sessionsHeld,
    sessionsRequired: r.sessionsRequired,
    studyMinutes: r.studyMinutes,
    guests: r.guests,
    makeUpAttended: r.makeUp.members.length,
    notStudied: r.makeUp.notStudied.length,
    compliance: {
      state: r.compliance.state,
      viewingsStillNeeded: r.compliance.viewings.stillNeeded,
      minutesRequired: r.compliance.minutes.required,
      minutesStillNeeded: r.compliance.minutes.stillNeeded,
      fixedStudyDays: r.compliance.fixedStudyDays.map((d) => d.date),
      missedFixedDays: r.compliance.missedFixedDays,
      met: r.compliance.met,
    },
  };
}

/** Queues a month_summary for this month (and last month early on) when its figures changed; returns the event ids. */
export function queueMonthSummaries(db: Db, at: number): string[] {
  const zone = readStationSettings(db).timeZone;
  const today = DateTime.fromISO(localDateOf(at, zone));
  const months = [today.toFormat('yyyy-MM')];
  if (today.day <= PREVIOUS_MONTH_DAYS) months.push(today.minus({ months: 1 }).toFormat('yyyy-MM'));
  return db.transaction(() => {
    const sent = { ...(readSetting<Record<string, string>>(db, MONTH_SUMMARIES_SETTING) ?? {}) };
    const ids: string[] = [];
    for (const month of months) {
      const body = monthSummary(db, month, at);
      const fingerprint = canonicalJson(body);
      if (sent[month] === fingerprint) continue;
      ids.push(enqueueOutbox(db, MONTH_SUMMARY_EVENT, at, body));
      sent[month] = fingerprint;
    }
    if (ids.length > 0) {
      const oldest = today.minus({ months: KEEP_MONTHS }).toFormat('yyyy-MM');
      for (const month of Object.keys(sent)) if (month < oldest) delete sent[month];
      writeSetting(db, MONTH_SUMMARIES_SETTING, sent, at);
    }
    return ids;
  })();
}
