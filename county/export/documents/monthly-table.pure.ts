// The county's monthly table (县级月度汇总表) as a document: every enrolled station's row exactly as the
// ranking gives it, the county's totals exactly as the overview gives them, and the policy they were judged
// by. Pure: every figure is the views' own number, never recomputed here.
import type { ExportDocument, Figure, Row } from '../../../common/documents/document.pure.ts';
import type { Overview } from '../../views/dashboard-views.ts';
import type { RankingSort, StationRow } from '../../views/station-rows.ts';
import { ONLINE_WINDOW_MS } from '../../figures/online.pure.ts';
import { GRADE_MINIMUM_VIEWINGS } from '../../../protocol/site-grades.pure.ts';
import type { ExportLanguage, SortOrder } from '../export-request.pure.ts';
import { childUnitsSection, scopeName, type MonthlyTableUnit } from './unit-children.pure.ts';
import { guidanceSection, type StationGuidanceLine } from './guidance-section.pure.ts';
import { COUNTY_SOURCE_LINE, columnsIn, compliantText, gradeText, localDateTime, monthPeriodOf, pick, type Bilingual, type ColumnDef } from './county-words.pure.ts';

export const MONTHLY_TABLE_TITLE: Bilingual = { zh: '县级月度汇总表', en: 'County monthly summary' };

export interface MonthlyTableInput {
  month: string;
  lang: ExportLanguage;
  /** County-local 'YYYY-MM-DD HH:mm'. */
  generatedAt: string;
  timeZone: string;
  /** The ranking's rows, in its order, as /api/county/ranking answers them. */
  rows: readonly (StationRow & { rank: number })[];
  sort: RankingSort;
  order: SortOrder;
  /** /api/county/overview for the same month: the county's totals and the policy. */
  overview: Overview;
  /** The org tree's unit the table is over and its children's figures; null or absent on a hub without a tree. */
  unit?: MonthlyTableUnit | null;
  /** Each ranked station's instructor and month's guidance count (issue 17); absent: no such section. */
  guidance?: readonly StationGuidanceLine[];
}

// Sixteen columns across an A4 landscape page: the English titles are short words (the notes below the
// table say what each figure is), so that no title breaks mid-word; the Chinese keep their full names.
const RANKING_COLUMNS: ColumnDef[] = [
  { key: 'rank', zh: '名次', en: 'Rank', type: 'integer', width: 9 },
  { key: 'station_id', zh: '站点编号', en: 'Station ID', type: 'text', width: 12, nowrap: true },
  { key: 'station', zh: '站点名称', en: 'Station', type: 'text', width: 24, enWidth: 20 },
  // 'Demonstration site' must break between its words, not inside the first.
  { key: 'grade', zh: '站点类别', en: 'Grade', type: 'text', width: 10, enWidth: 15 },
  { key: 'sessions_held', zh: '集中收看次数', en: 'Held', type: 'integer', width: 8, enWidth: 6 },
  { key: 'sessions_required', zh: '要求次数', en: 'Required', type: 'integer', width: 6, enWidth: 10 },
  { key: 'compliant', zh: '是否达标', en: 'Met', type: 'text', width: 8, enWidth: 6 },
  { key: 'registered', zh: '在册党员', en: 'Members', type: 'integer', width: 6, enWidth: 10 },
  { key: 'attended', zh: '参学党员', en: 'Attended', type: 'integer', width: 6, enWidth: 10 },
  { key: 'excused', zh: '请假', en: 'Excused', type: 'integer', width: 5, enWidth: 10 },
  { key: 'participation_rate', zh: '月参学率', en: 'Rate', type: 'percent', width: 8 },
  { key: 'study_minutes', zh: '学习时长（分钟）', en: 'Minutes', type: 'number', width: 8, enWidth: 10 },
  { key: 'guests', zh: '来宾人次', en: 'Guests', type: 'integer', width: 6, enWidth: 9 },
  { key: 'uptime', zh: '开机率', en: 'Uptime', type: 'percent', width: 8, enWidth: 9 },
  { key: 'alerts', zh: '告警', en: 'Alerts', type: 'integer', width: 5, enWidth: 8 },
  { key: 'last_seen', zh: '最后联系时间', en: 'Last contact', type: 'datetime', width: 16 },
];

const BELOW_COLUMNS: ColumnDef[] = [
  { key: 'station_id', zh: '站点编号', en: 'Station ID', type: 'text', width: 12, nowrap: true },
  { key: 'station', zh: '站点名称', en: 'Station', type: 'text', width: 30 },
  { key: 'grade', zh: '站点类别', en: 'Grade', type: 'text', width: 12 },
  { key: 'sessions_held', zh: '集中收看次数', en: 'Viewings held', type: 'integer', width: 10 },
  { key: 'sessions_required', zh: '要求次数', en: 'Required', type: 'integer', width: 10 },
];

// The ranking's sixteen columns fill the A4 landscape page: the weekly reports missing are a table of their own.
const WEEKLY_MISSING_COLUMNS: ColumnDef[] = [
  { key: 'station_id', zh: '站点编号', en: 'Station ID', type: 'text', width: 12, nowrap: true },
  { key: 'station', zh: '站点名称', en: 'Station', type: 'text', width: 30 },
  { key: 'grade', zh: '站点类别', en: 'Grade', type: 'text', width: 12 },
  { key: 'weeks_missing', zh: '缺报周数', en: 'Weeks missing', type: 'integer', width: 10 },
];

const SORT_TEXT: Record<RankingSort, Bilingual> = {
  participationRate: { zh: '月参学率', en: 'participation rate' },
  uptime: { zh: '开机率', en: 'uptime' },
  sessionsHeld: { zh: '集中收看次数', en: 'group viewings held' },
  compliance: { zh: '达标情况（收看次数减要求次数）', en: 'compliance (viewings held minus required)' },
  name: { zh: '站点名称', en: 'station name' },
  lastSeenAt: { zh: '最后联系时间', en: 'last contact' },
  alerts: { zh: '告警数', en: 'alerts' },
};

function stationLine(r: StationRow & { rank: number }, lang: ExportLanguage, zone: string): Row {
  return {
    rank: r.rank,
    station_id: r.id,
    station: r.name,
    grade: gradeText(r.grade, lang),
    sessions_held: r.sessionsHeld,
    sessions_required: r.sessionsRequired,
    compliant: compliantText(r.compliant, lang),
    registered: r.registered,
    attended: r.attendedRegistered,
    excused: r.excused,
    participation_rate: r.participationRate,
    study_minutes: r.studyMinutes,
    guests: r.guests,
    uptime: r.uptime,
    alerts: r.alerts,
    last_seen: localDateTime(r.lastSeenAt, zone),
  };
}

/**
 * The county line. Registered, attended, the rate, viewings held and uptime are the overview's own figures;
 * excused, minutes, guests and alerts have none there and are plain sums of the rows above them.
 */
function countyLine(input: MonthlyTableInput): Row {
  const { rows, overview: o, lang } = input;
  const sum = (f: (r: StationRow) => number | null) => rows.reduce((n, r) => n + (f(r) ?? 0), 0);
  const compliant = rows.filter((r) => r.compliant).length;
  return {
    rank: input.unit?.path.length ? pick(lang, { zh: '合计', en: 'Total' }) : pick(lang, { zh: '全县合计', en: 'County total' }),
    sessions_held: o.sessionsHeld,
    compliant: lang === 'en' ? `${compliant}/${rows.length}` : `${compliant}/${rows.length} 达标`,
    registered: o.participation.registered,
    attended: o.participation.attendedRegistered,
    excused: sum((r) => r.excused),
    participation_rate: o.participation.rate,
    // Minutes carry one decimal (a course of 22.5 minutes); the sum must not grow binary noise.
    study_minutes: Math.round(sum((r) => r.studyMinutes) * 10) / 10,
    guests: sum((r) => r.guests),
    uptime: o.uptime,
    alerts: sum((r) => r.alerts),
  };
}

function summary(input: MonthlyTableInput): Figure[] {
  const { overview: o, lang } = input;
  const days = o.policy.fixedStudyDays;
  const studyDays = days.length === 0 ? null : lang === 'en' ? `day ${days.join(', ')} of each month` : `每月 ${days.map((d) => `${d}日`).join('、')}`;
  const f = (key: string, label: Bilingual, type: Figure['type'], value: Figure['value']): Figure => ({ key, label: pick(lang, label), type, value });
  return [
    f('stations_enrolled', { zh: '已加入站点', en: 'Stations enrolled' }, 'integer', o.stations.enrolled),
    f('stations_reporting', { zh: '已上报本月汇总的站点', en: 'Stations with a month summary' }, 'integer', o.participation.stationsReporting),
    f('registered', { zh: '在册党员（不含请假）', en: 'Registered members (excused left out)' }, 'integer', o.participation.registered),
    f('attended', { zh: '参学党员', en: 'Members who attended' }, 'integer', o.participation.attendedRegistered),
    f('participation_rate', { zh: '全县月参学率', en: 'County participation rate' }, 'percent', o.participation.rate),
    f('sessions_held', { zh: '组织集中收看（计入）次数', en: 'Group viewings held' }, 'integer', o.sessionsHeld),
    f('below_minimum', { zh: '未达最低要求的站点', en: 'Stations below the minimum' }, 'integer', o.belowMinimum.length),
    f('satisfaction', { zh: `全县满意度（要求 ≥ ${Math.round(o.satisfaction.target * 100)}%）`, en: `County satisfaction (target ≥ ${Math.round(o.satisfaction.target * 100)}%)` }, 'percent', o.satisfaction.share),
    f('satisfaction_answers', { zh: '满意度评价人数', en: 'Satisfaction answers' }, 'integer', o.satisfaction.answers),
    f('online_now', { zh: '当前在线站点', en: 'Stations online now' }, 'integer', o.online.now),
    f('online_rate', { zh: '县级在线率（当前）', en: 'County online rate (now)' }, 'percent', o.online.rate),
    f('uptime', { zh: '终端平均开机率（本月）', en: 'Average terminal uptime (month)' }, 'percent', o.uptime),
    f('alerts', { zh: '未解除告警', en: 'Alerts standing' }, 'integer', o.alerts.total),
    f('policy_min_viewings', { zh: '县级要求：每月集中收看次数', en: 'Policy: group viewings a month' }, 'integer', o.policy.minViewingsPerMonth),
    f('policy_min_minutes', { zh: '县级要求：每月学习时长（分钟）', en: 'Policy: study minutes a month' }, 'integer', o.policy.minMinutesPerMonth),
    f('policy_study_days', { zh: '固定学习日', en: 'Fixed study days' }, 'text', studyDays),
  ];
}

function notes(input: MonthlyTableInput): string[] {
  const { overview: o, lang } = input;
  const minutes = Math.round(ONLINE_WINDOW_MS / 60_000);
  const g = GRADE_MINIMUM_VIEWINGS;
  const lines: Bilingual[] = [
    {
      zh: `排名按${SORT_TEXT[input.sort].zh}${input.order === 'desc' ? '从高到低' : '从低到高'}；没有该项数据的站点排在最后。`,
      en: `Ranked by ${SORT_TEXT[input.sort].en}, ${input.order === 'desc' ? 'highest' : 'lowest'} first; stations without the figure come last.`,
    },
    {
      zh: '全县月参学率 = 各站点参学党员之和 ÷ 各站点在册党员之和（按人数加权，不是各站点参学率的平均）；请假党员不计入分子和分母。',
      en: 'County participation rate = the stations’ members who attended, summed ÷ their registered members, summed (weighted by members, not an average of the stations’ rates); excused members are left out of both.',
    },
    {
      zh: '在册党员、参学党员、请假和月参学率来自各站点上报的月度汇总；尚未上报本月汇总的站点记为“—”，不计入全县合计。',
      en: 'Registered, attended, excused and the rate come from each station’s month summary; a station that has not sent one shows “—” and is not in the county total.',
    },
    {
      zh: `集中收看“计入”：课件播放达到规定时长且至少一人签到。要求次数取站点类别的最低次数（示范场所 ${g.demonstration} 次，标准场所 ${g.standard} 次，普通场所 ${g.ordinary} 次）与县级要求中的较高者。`,
      en: `A group viewing is held when the courseware played its minimum share with at least one check-in. Required = the higher of the grade’s minimum (demonstration ${g.demonstration}, standard ${g.standard}, ordinary ${g.ordinary}) and the county policy.`,
    },
    {
      zh: '开机率按终端心跳计算：本月自站点加入之日起，终端运行并与县级平台保持联系的时间所占比例；合计行为各站点的平均值。',
      en: 'Uptime counts from heartbeats: the share of the month, from the station’s enrollment on, in which its terminal ran and was heard by the hub; the total line is the stations’ average.',
    },
    {
      zh: `县级在线率 = 生成时最近 ${minutes} 分钟内有联系的站点 ÷ 已加入的站点；告警为生成时尚未解除的告警。`,
      en: `County online rate = stations heard from in the ${minutes} minutes before generation ÷ stations enrolled; alerts are those standing at generation.`,
    },
    {
      zh: '缺报周数：自站点加入以来，截止时间（次周星期三 12:00）已过而县级平台尚未收到的每周一报周数（截至生成时）。',
      en: 'Weeks missing: weekly reports owed since the station enrolled and not received by their deadline (the Wednesday after, 12:00), as of generation.',
    },
  ];
  if (!o.monthComplete) lines.unshift({ zh: '本月尚未结束：数字截至生成时间，“未达最低要求”仅供参考。', en: 'The month is not over: figures are as of generation, and “below the minimum” is provisional.' });
  if (input.rows.length === 0) lines.unshift({ zh: '本月没有已加入县级平台的站点。', en: 'No station was enrolled with the hub this month.' });
  return lines.map((l) => pick(lang, l));
}

export function monthlyTableDocument(input: MonthlyTableInput): ExportDocument {
  const { lang, overview: o } = input;
  return {
    kind: 'county-monthly',
    title: pick(lang, MONTHLY_TABLE_TITLE),
    lang,
    stationLabel: pick(lang, { zh: '范围', en: 'Scope' }),
    station: { id: input.unit?.path.at(-1)?.id ?? 'county', name: scopeName(input.unit ?? null, o.stations.enrolled, lang) },
    period: monthPeriodOf(input.month, lang),
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: summary(input),
    sections: [
      ...(input.unit ? [childUnitsSection(input.unit, lang)] : []),
      {
        id: 'ranking',
        title: pick(lang, { zh: '站点排名', en: 'Station ranking' }),
        columns: columnsIn(lang, RANKING_COLUMNS),
        rows: input.rows.map((r) => stationLine(r, lang, input.timeZone)),
        totals: countyLine(input),
        emptyText: pick(lang, { zh: '本月没有已加入的站点', en: 'No enrolled stations' }),
      },
      {
        id: 'below_minimum',
        title: pick(lang, { zh: '未达最低要求的站点', en: 'Stations below the minimum' }),
        columns: columnsIn(lang, BELOW_COLUMNS),
        rows: o.belowMinimum.map((b) => ({ station_id: b.id, station: b.name, grade: gradeText(b.grade, lang), sessions_held: b.sessionsHeld, sessions_required: b.sessionsRequired })),
        emptyText:
          input.rows.length === 0
            ? pick(lang, { zh: '本月没有已加入的站点', en: 'No enrolled stations' })
            : pick(lang, { zh: '所有站点都达到了本月最低集中收看次数', en: 'Every station held its minimum of group viewings' }),
      },
      {
        id: 'weekly_missing',
        title: pick(lang, { zh: '缺报每周一报的站点', en: 'Weekly reports missing' }),
        columns: columnsIn(lang, WEEKLY_MISSING_COLUMNS),
        rows: input.rows
          .filter((r) => r.weeklyReportsMissing > 0)
          .sort((a, b) => b.weeklyReportsMissing - a.weeklyReportsMissing || a.name.localeCompare(b.name, 'zh-CN'))
          .map((r) => ({ station_id: r.id, station: r.name, grade: gradeText(r.grade, lang), weeks_missing: r.weeklyReportsMissing })),
        emptyText: pick(lang, { zh: '所有站点的每周一报都已按时收到', en: 'Every station’s weekly reports arrived by their deadlines' }),
      },
      ...(input.guidance ? [guidanceSection(input.guidance, lang)] : []),
    ],
    notes: notes(input),
    signatures: [pick(lang, { zh: '制表人（签字）', en: 'Prepared by' }), pick(lang, { zh: '审核人（签字）', en: 'Reviewed by' })],
    sourceLine: pick(lang, COUNTY_SOURCE_LINE),
  };
}
