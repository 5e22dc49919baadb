// One row per station for a month — the ranking, the monthly table and its exports all read these — and
// the alerts standing now, both computed from the hub's tables with the pure figures.
//
// Decisions:
// - Monthly figures (registered, attended, excused, held) come from the station's month_summary: the
//   station counts members once a month with its roster, which the hub does not have. A station that has
//   not sent one for the month shows no rate (null).
// - Held group viewings: the larger of the summary's count and the held session reports of the month, so a
//   viewing counts as soon as its report arrives (the summary follows with the next heartbeat), and months
//   before enrollment, whose session reports were never sent, still count from the summary.
// - Sessions required are judged with the station's grade as the county registered it and the county's
//   current policy (the hub keeps no policy history).
// - Uptime of a month counts from the later of the month's start and the station's enrollment, up to now.
// - Satisfaction (满意度) of a month: the station's surveys of group viewings dated in it (county/figures/satisfaction.pure.ts).
import type { HubContext } from '../hub-context.ts';
import { requiredViewings, type Grade } from '../../protocol/site-grades.pure.ts';
import type { UptimeSpan } from '../figures/uptime.pure.ts';
import { monthUptimes } from './month-uptime.ts';
import { isOnline } from '../figures/online.pure.ts';
import { compliance } from '../figures/participation.pure.ts';
import { satisfaction } from '../figures/satisfaction.pure.ts';
import { SatisfactionReportStore, type SatisfactionReport } from '../store/satisfaction-store.ts';
import { diskFreeShare, stationAlerts, type HubAlert } from '../figures/alerts.pure.ts';
import { dayOfMonth, monthOf, monthPeriod } from './calendar.pure.ts';
import type { HubStation } from '../store/station-store.ts';
import type { MonthSummaryRow } from '../store/report-store.ts';
import { lastOverdueWeek, missingWeeks } from '../figures/weekly-reports.pure.ts';
import { sendDeadline, weekSpan } from '../../common/iso-week.pure.ts';
import { policiesByStation } from './station-policy.ts';
import type { StationFilter } from '../store/station-filter.ts';

export interface StationRow {
  id: string;
  name: string;
  grade: Grade;
  enrolledAt: number | null;
  lastSeenAt: number | null;
  online: boolean;
  /** Share of the month (so far) the station was up; null before enrollment or for a month to come. */
  uptime: number | null;
  sessionsHeld: number;
  sessionsRequired: number;
  compliant: boolean;
  /** From the station's month summary; null when it has not sent one for the month. */
  registered: number | null;
  attendedRegistered: number | null;
  excused: number | null;
  participationRate: number | null;
  studyMinutes: number | null;
  guests: number | null;
  summaryReportedAt: number | null;
  /** (满意 + 基本满意) ÷ answers of the month's surveys; null with no answers. */
  satisfactionShare: number | null;
  satisfactionAnswers: number;
  /** Alerts standing now (not only for this month). */
  alerts: number;
  /** Weekly reports (每周一报) owed since enrolment and not received by their deadline (not only this month). */
  weeklyReportsMissing: number;
}

/** The most rows of the ranking one request may ask for (?limit=); without a limit every row is answered. */
export const RANKING_PAGE_MAX = 1_000;

export const RANKING_SORTS = ['participationRate', 'uptime', 'sessionsHeld', 'compliance', 'name', 'lastSeenAt', 'alerts'] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

/**
 * The stations a view is about: those under a unit of the org tree (views/org-rollup.ts), one station, or null
 * for every station of the hub. Each of the month's queries reads only the scope's rows (store/station-filter.ts).
 */
export type StationScope = StationFilter;

/**
 * What a caller has read already of the scope (the month's inputs read the stations, the month's reads, the
 * alerts and the surveys for the page anyway), so the rows do not read it a second time. Each must be of the
 * same scope and month, read at the same instant.
 */
export interface ReadAlready {
  stations?: readonly HubStation[];
  reads?: MonthReads;
  /** The standing alerts of (at least) those stations, judged once for the rows and the overview's count. */
  alerts?: ReadonlyMap<string, readonly HubAlert[]>;
  surveys?: ReadonlyMap<string, readonly SatisfactionReport[]>;
}

/** The month's rows of the scope's stations. */
export async function stationRows(ctx: HubContext, month: string, scope: StationScope = null, given: ReadAlready = {}): Promise<StationRow[]> {
  const now = ctx.now();
  const period = monthPeriod(month, ctx.timeZone);
  const stations = given.stations ?? (await ctx.stations.list({ only: scope }));
  const reads = given.reads ?? (await monthReads(ctx, month, scope));
  const { summaries, heldByReports } = reads;
  // Counted from kept prefixes and the runs since (month-uptime.ts): the same shares as uptimeShare over the month.
  const uptimes = await monthUptimes(ctx, stations, month, scope, { now });
  // Each station's own policy: its unit's, an ancestor's or the hub's (station-policy.ts).
  const policyOf = await policiesByStation(ctx, scope);
  // The alerts are of the month running now: for that month (the page's default) the reads above are theirs.
  const alerts = given.alerts ?? (await alertsByStation(ctx, stations, scope, month === monthOf(now, ctx.timeZone) ? reads : undefined));
  const surveys = given.surveys ?? (await satisfactionByStation(ctx, period.firstDay, period.lastDay, scope));
  const weeks = await ctx.weekly.weeksByStation(scope);
  const overdue = lastOverdueWeek(now, ctx.timeZone);
  // A station that sent no weekly report owes every week since it enrolled: the same list for every station
  // enrolled at the same time, worked out once (a year of ISO weeks per row was a visible share of the page).
  const owedSinceEnrolment = new Map<number, number>();
  const weeksMissing = (enrolledAt: number | null, received: ReadonlySet<string> | undefined): number => {
    if (received !== undefined && received.size > 0) return missingWeeks(enrolledAt, received, overdue, ctx.timeZone).length;
    if (enrolledAt === null) return 0;
    let owed = owedSinceEnrolment.get(enrolledAt);
    if (owed === undefined) owedSinceEnrolment.set(enrolledAt, (owed = missingWeeks(enrolledAt, new Set(), overdue, ctx.timeZone).length));
    return owed;
  };

  return stations.map((s) => {
    const satisfied = satisfaction(surveys.get(s.id) ?? []);
    const summary = summaries.get(s.id);
    const held = Math.max(summary?.sessionsHeld ?? 0, heldByReports.get(s.id) ?? 0);
    const required = requiredViewings(s.grade, policyOf(s.id).minViewingsPerMonth);
    return {
      id: s.id,
      name: s.name,
      grade: s.grade,
      enrolledAt: s.enrolledAt,
      lastSeenAt: s.lastSeenAt,
      online: isOnline(s.lastSeenAt, now),
      uptime: uptimes.get(s.id) ?? null,
      sessionsHeld: held,
      sessionsRequired: required,
      compliant: compliance(held, required).compliant,
      registered: summary?.registered ?? null,
      attendedRegistered: summary?.attendedRegistered ?? null,
      excused: summary?.excused ?? null,
      participationRate: summary?.participationRate ?? null,
      studyMinutes: summary?.studyMinutes ?? null,
      guests: summary?.guests ?? null,
      summaryReportedAt: summary?.reportedAt ?? null,
      satisfactionShare: satisfied.share,
      satisfactionAnswers: satisfied.answers,
      alerts: alerts.get(s.id)?.length ?? 0,
      weeklyReportsMissing: weeksMissing(s.enrolledAt, weeks.get(s.id)),
    };
  });
}

/**
 * The stations a month's table and figures are about: enrolled by the month's end, or (enrolled later but)
 * having reported that month's summary — a station enrolled on the 3rd still sends the month before.
 * A station that joined afterwards has no share in an earlier month: counting it as "0 held, below the
 * minimum" would blame it for a month it was not on the network.
 */
export async function rowsForMonth(ctx: HubContext, month: string, scope: StationScope = null, given: ReadAlready = {}): Promise<StationRow[]> {
  const period = monthPeriod(month, ctx.timeZone);
  return (await stationRows(ctx, month, scope, given)).filter((r) => r.enrolledAt !== null && (r.enrolledAt < period.to || r.summaryReportedAt !== null));
}

/**
 * The rows in the order asked for, each with its rank. The rank is the station's place by participation rate (the
 * figure the county ranks stations by), whatever column the table is sorted by: sorting by name or uptime must
 * not renumber the stations. Equal rates share a place (1, 2, 2, 4); stations without a rate share the last.
 */
export function rankRows(rows: readonly StationRow[], sort: RankingSort, order: 'asc' | 'desc'): (StationRow & { rank: number })[] {
  const rateRank = participationRanks(rows);
  return sortRows(rows, sort, order).map((r) => ({ ...r, rank: rateRank.get(r.id)! }));
}

/** 1 + the number of stations with a strictly better participation rate; no rate is worse than any. */
function participationRanks(rows: readonly StationRow[]): Map<string, number> {
  const rate = (r: StationRow) => r.participationRate ?? -1;
  const best = [...rows].sort((a, b) => rate(b) - rate(a));
  const ranks = new Map<string, number>();
  best.forEach((r, i) => ranks.set(r.id, i > 0 && rate(best[i - 1]!) === rate(r) ? ranks.get(best[i - 1]!.id)! : i + 1));
  return ranks;
}

/** Sorted by the chosen figure either way; stations without it come last; ties by name. */
function sortRows(rows: readonly StationRow[], sort: RankingSort, order: 'asc' | 'desc'): StationRow[] {
  const value = (r: StationRow): number | string | null => {
    switch (sort) {
      case 'participationRate':
        return r.participationRate;
      case 'uptime':
        return r.uptime;
      case 'sessionsHeld':
        return r.sessionsHeld;
      case 'compliance':
        return r.sessionsHeld - r.sessionsRequired;
      case 'name':
        return r.name;
      case 'lastSeenAt':
        return r.lastSeenAt;
      case 'alerts':
        return r.alerts;
    }
  };
  const sign = order === 'asc' ? 1 : -1;
  const sorted = [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return a.name.localeCompare(b.name, 'zh-CN');
    if (va === null) return 1;
    if (vb === null) return -1;
    const c = typeof va === 'string' ? va.localeCompare(vb as string, 'zh-CN') : va - (vb as number);
    return c !== 0 ? sign * c : a.name.localeCompare(b.name, 'zh-CN');
  });
  return sorted;
}

/** Each station's (of the scope's) satisfaction surveys of group viewings dated firstDay..lastDay. */
export async function satisfactionByStation(ctx: HubContext, firstDay: string, lastDay: string, scope: StationScope = null): Promise<Map<string, SatisfactionReport[]>> {
  const map = new Map<string, SatisfactionReport[]>();
  for (const r of await new SatisfactionReportStore(ctx.database.kysely).between(null, firstDay, lastDay, scope)) pushTo(map, r.stationId, r);
  return map;
}

export async function spansByStation(ctx: HubContext, from: number, to: number, scope: StationScope = null): Promise<Map<string, UptimeSpan[]>> {
  if (to <= from) return new Map();
  return ctx.reports.runsByStation(from, to, scope);
}

/** A month's summaries and held viewings by station, of the scope's stations. */
export interface MonthReads {
  summaries: Map<string, MonthSummaryRow>;
  heldByReports: Map<string, number>;
}

export async function monthReads(ctx: HubContext, month: string, scope: StationScope): Promise<MonthReads> {
  const period = monthPeriod(month, ctx.timeZone);
  return {
    summaries: new Map((await ctx.reports.monthSummaries({ month, only: scope })).map((s) => [s.stationId, s])),
    heldByReports: await ctx.reports.heldViewingsByStation(period.firstDay, period.lastDay, scope),
  };
}

/**
 * Alerts standing now for each station, judged in the county's time zone. `scope`, when given, holds every
 * station of `given` (it only narrows what is read); `current`, the current month's reads when the caller has them.
 */
export async function alertsByStation(ctx: HubContext, given?: readonly HubStation[], scope: StationScope = null, current?: MonthReads): Promise<Map<string, HubAlert[]>> {
  const stations = given ?? (await ctx.stations.list({ only: scope }));
  const now = ctx.now();
  const month = monthOf(now, ctx.timeZone);
  const { summaries, heldByReports } = current ?? (await monthReads(ctx, month, scope));
  const statuses = await ctx.reports.statuses(scope);
  const standing = new Map<string, { code: string; level: string | null; message: string | null; since: number }[]>();
  for (const a of await ctx.reports.raisedAlerts(scope)) pushTo(standing, a.stationId, a);
  const day = dayOfMonth(now, ctx.timeZone);
  // The last week past its deadline: owed by every station enrolled before it ended, one read of who sent it.
  const overdueWeek = lastOverdueWeek(now, ctx.timeZone);
  const overdue = { week: overdueWeek, deadline: sendDeadline(overdueWeek, ctx.timeZone), end: weekSpan(overdueWeek, ctx.timeZone).end };
  const sentOverdue = await ctx.weekly.stationsThatSent(overdueWeek, scope);
  const result = new Map<string, HubAlert[]>();
  for (const s of stations) {
    const status = statuses.get(s.id);
    result.set(
      s.id,
      stationAlerts({
        stationId: s.id,
        stationName: s.name,
        enrolledAt: s.enrolledAt,
        lastSeenAt: s.lastSeenAt,
        now,
        dayOfMonth: day,
        sessionsHeldThisMonth: Math.max(summaries.get(s.id)?.sessionsHeld ?? 0, heldByReports.get(s.id) ?? 0),
        diskFreeShare: diskFreeShare(status?.health ?? null),
        healthAt: status?.healthAt ?? null,
        clockSkewMs: status?.clockSkewMs ?? null,
        weeklyReportMissing: s.enrolledAt !== null && s.enrolledAt < overdue.end && !sentOverdue.has(s.id) ? { week: overdue.week, deadline: overdue.deadline } : null,
        standing: standing.get(s.id) ?? [],
      }),
    );
  }
  return result;
}

/** Appends in place: copying each station's list on every row was quadratic in its rows. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
