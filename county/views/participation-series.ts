// A station's last twelve months for its page and its monthly report: participation, group viewings held
// against the minimum, and uptime, month by month.
//
// A month the station cannot speak for has no figures at all (every one null, shown as "—" or a gap): a
// month before the one it enrolled in, and a month still to come. Counting those as 0 held and "below the
// minimum" judged a station for months before it existed for the county. One exception: a month before
// the enrolment month for which the station itself sent a month summary (a station reports last month's
// figures too during the first days of a month, so one enrolled on the 3rd may report the month before)
// shows that summary — the station's own count, as the ranking and the monthly table show it.
import type { HubContext } from '../hub-context.ts';
import type { HubStation } from '../store/station-store.ts';
import type { MonthSummaryRow, SessionReport } from '../store/report-store.ts';
import type { UptimeSpan } from '../figures/uptime.pure.ts';
import { uptimeShare } from '../figures/uptime.pure.ts';
import { compliance } from '../figures/participation.pure.ts';
import { monthOf, monthPeriod } from './calendar.pure.ts';

export interface SeriesMonth {
  month: string;
  /** From the station's month summary; null when none came for the month. */
  registered: number | null;
  attendedRegistered: number | null;
  excused: number | null;
  participationRate: number | null;
  /** Null (with required and compliant) for a month the station cannot speak for. */
  sessionsHeld: number | null;
  sessionsRequired: number | null;
  compliant: boolean | null;
  uptime: number | null;
}

export interface SeriesInput {
  station: HubStation;
  months: readonly string[];
  summaries: ReadonlyMap<string, MonthSummaryRow>;
  /** The station's session reports over the months. */
  reports: readonly SessionReport[];
  spans: readonly UptimeSpan[];
  required: number;
  now: number;
}

export function participationSeries(ctx: Pick<HubContext, 'timeZone'>, input: SeriesInput): SeriesMonth[] {
  const { station, summaries, spans, now } = input;
  const enrolledMonth = station.enrolledAt === null ? null : monthOf(station.enrolledAt, ctx.timeZone);
  const currentMonth = monthOf(now, ctx.timeZone);
  return input.months.map((m) => {
    const s = summaries.get(m);
    const covered = m <= currentMonth && ((enrolledMonth !== null && m >= enrolledMonth) || s !== undefined);
    if (!covered) return noData(m);
    const p = monthPeriod(m, ctx.timeZone);
    const heldReports = input.reports.filter((r) => r.held && !r.makeUp && r.date >= p.firstDay && r.date <= p.lastDay).length;
    const held = Math.max(s?.sessionsHeld ?? 0, heldReports);
    const from = Math.max(p.from, station.enrolledAt ?? Infinity);
    return {
      month: m,
      registered: s?.registered ?? null,
      attendedRegistered: s?.attendedRegistered ?? null,
      excused: s?.excused ?? null,
      participationRate: s?.participationRate ?? null,
      sessionsHeld: held,
      sessionsRequired: input.required,
      compliant: compliance(held, input.required).compliant,
      uptime: station.enrolledAt === null ? null : uptimeShare(spans, from, Math.min(p.to, now)),
    };
  });
}

function noData(month: string): SeriesMonth {
  return { month, registered: null, attendedRegistered: null, excused: null, participationRate: null, sessionsHeld: null, sessionsRequired: null, compliant: null, uptime: null };
}
