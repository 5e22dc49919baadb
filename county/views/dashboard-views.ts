// What the dashboard's pages show, assembled from the stores and the pure figures: the overview, a
// station's page and the alert list. The shapes here are the staff API's answers.
import type { HubLedgerEntry } from '../store/mobile-ledger-rows.ts';
import type { HubContext } from '../hub-context.ts';
import type { Policy } from '../../protocol/downlink.pure.ts';
import { requiredViewings, SITE_GRADES, type Grade } from '../../protocol/site-grades.pure.ts';
import { ONLINE_WINDOW_MS, onlineRate, ratio } from '../figures/online.pure.ts';
import { countyParticipation } from '../figures/participation.pure.ts';
import { SATISFACTION_TARGET, satisfaction, type Satisfaction } from '../figures/satisfaction.pure.ts';
import { dailyUptime } from '../figures/uptime.pure.ts';
import type { HubAlert } from '../figures/alerts.pure.ts';
import { HubError } from '../hub-error.ts';
import { alertsByStation, satisfactionByStation, spansByStation, stationRows, type StationRow, type StationScope } from './station-rows.ts';
import { monthInputs } from './month-inputs.ts';
import { daysEndingAt, monthOf, monthPeriod, monthsEndingWith } from './calendar.pure.ts';
import { participationSeries, type SeriesMonth } from './participation-series.ts';
import { stationActivities, type StationActivities } from './station-activities.ts';
import type { HubStation } from '../store/station-store.ts';
import type { LogLine, MonthSummaryRow, SessionReport } from '../store/report-store.ts';
import { stationComplianceText, type StationCompliance } from '../figures/station-compliance.pure.ts';
import type { HubRoomUse, HubWeeklyReport } from '../store/weekly-report-store.ts';
import { lastOverdueWeek, missingWeeks } from '../figures/weekly-reports.pure.ts';
import { stationPolicy } from './station-policy.ts';
import type { UnitRef } from './org-rollup.ts';

export const UPTIME_TIMELINE_DAYS = 30;
export const PARTICIPATION_SERIES_MONTHS = 12;
export const STATION_LOG_TAIL = 50;

export interface Overview {
  hubTime: number;
  /** When the figures were read: hubTime, or up to a couple of minutes before for a province's (kept-month-figures.ts). */
  figuresAt: number;
  month: string;
  timeZone: string;
  /** Whether the month is over (a month still running is not yet "below the minimum"). */
  monthComplete: boolean;
  stations: { total: number; enrolled: number; pendingEnrollment: number; byGrade: Record<Grade, number> };
  online: { now: number; rate: number | null; windowMinutes: number };
  /** Average over enrolled stations of their uptime in the month (so far). */
  uptime: number | null;
  participation: { registered: number; attendedRegistered: number; rate: number | null; stationsReporting: number };
  sessionsHeld: number;
  /** 满意度 of the month over the stations of the table, weighted by answers, against 90 % (target). */
  satisfaction: Satisfaction & { target: number; stationsReporting: number };
  belowMinimum: { id: string; name: string; grade: Grade; sessionsHeld: number; sessionsRequired: number }[];
  alerts: { total: number; critical: number };
  policy: Policy;
  /** Group viewings a month each grade must hold: the grade's minimum or the county's policy, whichever is stricter. */
  requiredByGrade: Record<Grade, number>;
}

/**
 * The month's figures over the stations in scope: a unit's subtree (views/org-rollup.ts), or the whole hub.
 * `from`: 'kept' lets a province's or a city's page be narrowed from the figures this process keeps
 * (kept-month-figures.ts); a document (export, backup) reads live.
 */
export async function overview(ctx: HubContext, month: string, scope: StationScope = null, from: 'live' | 'kept' = 'live'): Promise<Overview> {
  const now = ctx.now();
  const { at, stations: all, alerts: alertsOf, rows, surveys } = await monthInputs(ctx, month, scope, from);
  const online = onlineRate(all, at);
  const reporting = rows.filter((r) => r.registered !== null);
  const participation = countyParticipation(reporting.map((r) => ({ registered: r.registered!, attendedRegistered: r.attendedRegistered! })));
  const uptimes = rows.map((r) => r.uptime).filter((u): u is number => u !== null);
  const alerts = [...alertsOf.values()].flat();
  const byGrade = Object.fromEntries(SITE_GRADES.map((g) => [g, all.filter((s) => s.grade === g).length])) as Record<Grade, number>;
  const policy = await ctx.downlink.policy();
  const surveyed = rows.flatMap((r) => surveys.get(r.id) ?? []);
  return {
    hubTime: now,
    figuresAt: at,
    month,
    timeZone: ctx.timeZone,
    monthComplete: monthPeriod(month, ctx.timeZone).to <= now,
    stations: { total: all.length, enrolled: online.enrolled, pendingEnrollment: all.length - online.enrolled, byGrade },
    online: { now: online.online, rate: online.rate, windowMinutes: ONLINE_WINDOW_MS / 60_000 },
    uptime: uptimes.length === 0 ? null : ratio(uptimes.reduce((a, b) => a + b, 0), uptimes.length),
    participation: { ...participation, stationsReporting: reporting.length },
    sessionsHeld: rows.reduce((n, r) => n + r.sessionsHeld, 0),
    satisfaction: { ...satisfaction(surveyed), target: SATISFACTION_TARGET, stationsReporting: rows.filter((r) => surveys.has(r.id)).length },
    belowMinimum: rows
      .filter((r) => !r.compliant)
      .map((r) => ({ id: r.id, name: r.name, grade: r.grade, sessionsHeld: r.sessionsHeld, sessionsRequired: r.sessionsRequired })),
    alerts: { total: alerts.length, critical: alerts.filter((a) => a.level === 'critical').length },
    policy,
    requiredByGrade: Object.fromEntries(SITE_GRADES.map((g) => [g, requiredViewings(g, policy.minViewingsPerMonth)])) as Record<Grade, number>,
  };
}

export interface StationDetail {
  hubTime: number;
  month: string;
  /** The county's time zone: the days and months below are its days and months. */
  timeZone: string;
  station: HubStation & { online: boolean };
  row: StationRow;
  clockSkewMs: number | null;
  heartbeatAt: number | null;
  /** The last 30 local days, oldest first; null for days before enrollment. */
  uptimeTimeline: { date: string; share: number | null }[];
  /** The 12 months ending with `month`, oldest first; every figure null for a month before enrolment or to come. */
  participationSeries: SeriesMonth[];
  /** 满意度 of `month`: the station's surveys, each viewing's counts, against 90 % (target). */
  satisfaction: Satisfaction & { target: number; sessions: { sessionId: number; date: string; present: number; satisfied: number; basicallySatisfied: number; dissatisfied: number; share: number | null }[] };
  /** Whether `month` is over: before then a station below the minimum can still catch up (进行中). */
  monthComplete: boolean;
  /** Group viewings of `month` as the station last reported them. */
  sessions: (Omit<SessionReport, 'stationId'> & { playedMinutes: number })[];
  latestHealth: { at: number; report: Record<string, unknown> } | null;
  equipment: { at: number; items: unknown[] } | null;
  stationLog: LogLine[];
  alerts: HubAlert[];
  /** The station's mobile-member ledger (流动党员台帐) of `month`'s year, by flow date. */
  mobileLedger: HubLedgerEntry[];
  /** 补学 of `month`: make-up showings reported, members counted through one, members not studied yet (null: not said). */
  makeUp: { showings: number; attended: number | null; notStudied: number | null };
  /** What `month` still needs as the station judged it (its month summary), with the sentence; null from an older station. */
  compliance: (StationCompliance & { text: string }) | null;
  /** The station's branch activities (支部活动记录) of `month` and its 三会一课 rhythm. */
  branchActivities: StationActivities;
  /** 每周一报: every report received (newest first) and the weeks owed since enrolment not received by their deadline. */
  weeklyReports: { reports: HubWeeklyReport[]; missing: string[] };
  /** Uses of the room entered by hand at the station in `month` (viewings are in `sessions`). */
  roomUses: HubRoomUse[];
  /** The org tree's units above the station, top first (empty: it sits at the hub's top). */
  unitPath: UnitRef[];
}

export async function stationDetail(ctx: HubContext, id: string, month: string): Promise<StationDetail> {
  const now = ctx.now();
  const station = await ctx.stations.get(id);
  if (!station) throw new HubError(404, 'station_not_found', { stationId: id });
  const policy = await stationPolicy(ctx, id);
  const only = { stations: [id] };
  const row = (await stationRows(ctx, month, only))[0] ?? rowForRetired(policy, station);
  const status = (await ctx.reports.statuses(only)).get(id);
  const days = daysEndingAt(now, UPTIME_TIMELINE_DAYS, ctx.timeZone);
  const months = monthsEndingWith(month, PARTICIPATION_SERIES_MONTHS);
  const firstPeriod = monthPeriod(months[0]!, ctx.timeZone);
  const spanFrom = Math.min(days[0]!.from, firstPeriod.from);
  const spans = (await spansByStation(ctx, spanFrom, now, only)).get(id) ?? [];
  const summaries = new Map((await ctx.reports.monthSummaries({ stationId: id })).map((s) => [s.month, s]));
  const required = requiredViewings(station.grade, policy.minViewingsPerMonth);
  const reports = await ctx.reports.sessionReports(id, firstPeriod.firstDay, monthPeriod(month, ctx.timeZone).lastDay);
  const period = monthPeriod(month, ctx.timeZone);
  const surveys = (await satisfactionByStation(ctx, period.firstDay, period.lastDay, only)).get(id) ?? [];

  return {
    hubTime: now,
    month,
    timeZone: ctx.timeZone,
    station: { ...station, online: row.online },
    row,
    clockSkewMs: status?.clockSkewMs ?? null,
    heartbeatAt: status?.heartbeatAt ?? null,
    uptimeTimeline: dailyUptime(spans, days, now, station.enrolledAt),
    participationSeries: participationSeries(ctx, { station, months, summaries, reports, spans, required, now }),
    satisfaction: {
      ...satisfaction(surveys),
      target: SATISFACTION_TARGET,
      sessions: surveys.map((r) => ({ sessionId: r.sessionId, date: r.date, present: r.present, satisfied: r.satisfied, basicallySatisfied: r.basicallySatisfied, dissatisfied: r.dissatisfied, share: satisfaction([r]).share })),
    },
    monthComplete: period.to <= now,
    sessions: reports
      .filter((r) => r.date >= period.firstDay && r.date <= period.lastDay)
      .map(({ stationId: _s, ...r }) => ({ ...r, playedMinutes: Math.round(r.playedMs / 6_000) / 10 })),
    latestHealth: status?.health && status.healthAt !== null ? { at: status.healthAt, report: status.health } : null,
    equipment: status?.equipment && status.equipmentAt !== null ? { at: status.equipmentAt, items: status.equipment } : null,
    stationLog: await ctx.reports.logTail(id, STATION_LOG_TAIL),
    alerts: (await alertsByStation(ctx, [station], only)).get(id) ?? [],
    mobileLedger: await ctx.reports.mobileLedger(id, month.slice(0, 4)),
    weeklyReports: await weeklyReportsOf(ctx, station),
    roomUses: await ctx.weekly.roomUses(id, period.firstDay, period.lastDay),
    branchActivities: await stationActivities(ctx, id, month),
    unitPath: await unitPathOf(ctx, id),
    ...makeUpAndCompliance(summaries.get(month), reports.filter((r) => r.makeUp && r.date >= period.firstDay && r.date <= period.lastDay).length),
  };
}

async function unitPathOf(ctx: HubContext, stationId: string): Promise<UnitRef[]> {
  const unitId = (await ctx.org.placeOf(stationId))?.unitId ?? null;
  return unitId === null ? [] : (await ctx.org.pathTo(unitId)).map((u) => ({ id: u.id, name: u.name, level: u.level }));
}

function makeUpAndCompliance(summary: MonthSummaryRow | undefined, showings: number): Pick<StationDetail, 'makeUp' | 'compliance'> {
  const c = summary?.compliance ?? null;
  return {
    makeUp: { showings, attended: summary?.makeUpAttended ?? null, notStudied: summary?.notStudied ?? null },
    compliance: c === null ? null : { ...c, text: stationComplianceText(c, summary?.studyMinutes ?? null, 'zh-CN')! },
  };
}

async function weeklyReportsOf(ctx: HubContext, station: HubStation): Promise<StationDetail['weeklyReports']> {
  const reports = await ctx.weekly.ofStation(station.id);
  return { reports, missing: missingWeeks(station.enrolledAt, new Set(reports.map((r) => r.week)), lastOverdueWeek(ctx.now(), ctx.timeZone), ctx.timeZone).reverse() };
}

/** A retired station is left out of the month's rows, but its page still opens. */
function rowForRetired(policy: Policy, station: HubStation): StationRow {
  const required = requiredViewings(station.grade, policy.minViewingsPerMonth);
  return {
    id: station.id,
    name: station.name,
    grade: station.grade,
    enrolledAt: station.enrolledAt,
    lastSeenAt: station.lastSeenAt,
    online: false,
    uptime: null,
    sessionsHeld: 0,
    sessionsRequired: required,
    compliant: false,
    registered: null,
    attendedRegistered: null,
    excused: null,
    participationRate: null,
    studyMinutes: null,
    guests: null,
    summaryReportedAt: null,
    satisfactionShare: null,
    satisfactionAnswers: 0,
    alerts: 0,
    weeklyReportsMissing: 0,
  };
}

export async function alertList(ctx: HubContext): Promise<{ hubTime: number; month: string; timeZone: string; alerts: HubAlert[] }> {
  const now = ctx.now();
  const alerts = [...(await alertsByStation(ctx)).values()]
    .flat()
    .sort((a, b) => (a.level === b.level ? a.stationName.localeCompare(b.stationName, 'zh-CN') : a.level === 'critical' ? -1 : 1));
  return { hubTime: now, month: monthOf(now, ctx.timeZone), timeZone: ctx.timeZone, alerts };
}
