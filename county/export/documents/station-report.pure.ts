// One station's monthly report (站点月度报告) as the county holds it: the station page's figures for the
// month, each group viewing it reported with its attendance, and its last twelve months. Pure: every figure
// is the station page's own number (/api/county/stations/:id), never recomputed here.
import type { ExportDocument, Figure, Row } from '../../../common/documents/document.pure.ts';
import type { Policy } from '../../../protocol/downlink.pure.ts';
import type { StationDetail } from '../../views/dashboard-views.ts';
import { GRADE_MINIMUM_VIEWINGS } from '../../../protocol/site-grades.pure.ts';
import type { ExportLanguage } from '../export-request.pure.ts';
import { stationComplianceText } from '../../figures/station-compliance.pure.ts';
import { stationActivitySections } from './station-activities.pure.ts';
import { COUNTY_SOURCE_LINE, columnsIn, compliantText, gradeText, localDateTime, localTime, monthPeriodOf, pick, yesNo, type Bilingual, type ColumnDef } from './county-words.pure.ts';

export const STATION_REPORT_TITLE: Bilingual = { zh: '站点月度报告', en: 'Station monthly report' };

export interface StationReportInput {
  /** /api/county/stations/:id for the month, as it answers. */
  detail: StationDetail;
  /** The county policy the month was judged by (the hub keeps no history of it). */
  policy: Policy;
  /** Whether the month is over at generation. */
  monthComplete: boolean;
  lang: ExportLanguage;
  /** County-local 'YYYY-MM-DD HH:mm'. */
  generatedAt: string;
  timeZone: string;
}

const SESSION_COLUMNS: ColumnDef[] = [
  { key: 'date', zh: '日期', en: 'Date', type: 'date', width: 11 },
  { key: 'time', zh: '开始时间', en: 'Start', type: 'time', width: 8 },
  { key: 'program', zh: '节目', en: 'Program', type: 'text', width: 24 },
  { key: 'played', zh: '播放（分钟）', en: 'Played (min)', type: 'number', width: 10 },
  { key: 'held', zh: '是否计入', en: 'Held', type: 'text', width: 8 },
  { key: 'registered', zh: '应到', en: 'Registered', type: 'integer', width: 6 },
  { key: 'attended', zh: '实到', en: 'Attended', type: 'integer', width: 6 },
  { key: 'rate', zh: '参学率', en: 'Rate', type: 'percent', width: 8 },
  { key: 'guests', zh: '来宾', en: 'Guests', type: 'integer', width: 6 },
  { key: 'make_up', zh: '补学', en: 'Make-up', type: 'text', width: 8 },
];

const WEEKLY_COLUMNS: ColumnDef[] = [
  { key: 'week', zh: '周次', en: 'Week', type: 'text', width: 9, nowrap: true },
  { key: 'from', zh: '起', en: 'From', type: 'date', width: 11 },
  { key: 'to', zh: '止', en: 'To', type: 'date', width: 11 },
  { key: 'status', zh: '报送', en: 'Sent', type: 'text', width: 18 },
  { key: 'held', zh: '有效收看', en: 'Held', type: 'integer', width: 6 },
  { key: 'rate', zh: '参学率', en: 'Rate', type: 'percent', width: 8 },
  { key: 'uptime', zh: '开机率（站点记录）', en: 'Uptime (station)', type: 'percent', width: 10 },
  { key: 'remark', zh: '管理员备注', en: 'Remark', type: 'text', width: 30 },
];

/** 每周一报 received in the report's month (by the week's Sunday) and the weeks missing, newest first. */
function weeklyLines(input: StationReportInput): Row[] {
  const { detail: d, lang } = input;
  const inMonth = (date: string) => date.slice(0, 7) === d.month;
  const sent = d.weeklyReports.reports
    .filter((w) => inMonth(w.to))
    .map((w) => ({
      week: w.week,
      from: w.from,
      to: w.to,
      status: `${localDateTime(w.sentAt, input.timeZone)!.slice(5)}${w.sentBy === 'deadline' ? pick(lang, { zh: '（截止自动）', en: ' (at deadline)' }) : ''}`,
      held: w.viewingsHeld,
      rate: w.participationRate,
      uptime: w.uptime,
      remark: w.remark,
    }));
  const missing = d.weeklyReports.missing.map((week) => ({ week, from: null, to: null, status: pick(lang, { zh: '缺报', en: 'missing' }), held: null, rate: null, uptime: null, remark: null }));
  return [...missing, ...sent];
}

const SERIES_COLUMNS: ColumnDef[] = [
  { key: 'month', zh: '月份', en: 'Month', type: 'text', width: 9 },
  { key: 'sessions_held', zh: '集中收看次数', en: 'Viewings held', type: 'integer', width: 8 },
  { key: 'sessions_required', zh: '要求次数', en: 'Required', type: 'integer', width: 6 },
  { key: 'compliant', zh: '是否达标', en: 'Compliant', type: 'text', width: 8 },
  { key: 'registered', zh: '在册党员', en: 'Registered', type: 'integer', width: 6 },
  { key: 'attended', zh: '参学党员', en: 'Attended', type: 'integer', width: 6 },
  { key: 'excused', zh: '请假', en: 'Excused', type: 'integer', width: 5 },
  { key: 'participation_rate', zh: '月参学率', en: 'Participation rate', type: 'percent', width: 8 },
  { key: 'uptime', zh: '开机率', en: 'Uptime', type: 'percent', width: 8 },
];

function summary(input: StationReportInput): Figure[] {
  const { detail: d, lang } = input;
  const r = d.row;
  const f = (key: string, label: Bilingual, type: Figure['type'], value: Figure['value']): Figure => ({ key, label: pick(lang, label), type, value });
  return [
    f('station_id', { zh: '站点编号', en: 'Station ID' }, 'text', d.station.id),
    f('grade', { zh: '站点类别', en: 'Grade' }, 'text', gradeText(d.station.grade, lang)),
    f('sessions_held', { zh: '组织集中收看（计入）次数', en: 'Group viewings held' }, 'integer', r.sessionsHeld),
    f('sessions_required', { zh: '应组织次数', en: 'Viewings required' }, 'integer', r.sessionsRequired),
    f('compliant', { zh: '是否达标', en: 'Compliant' }, 'text', compliantText(r.compliant, lang)),
    f('registered', { zh: '在册党员（不含请假）', en: 'Registered members (excused left out)' }, 'integer', r.registered),
    f('attended', { zh: '参学党员', en: 'Members who attended' }, 'integer', r.attendedRegistered),
    f('excused', { zh: '请假党员', en: 'Excused members' }, 'integer', r.excused),
    f('participation_rate', { zh: '月参学率', en: 'Participation rate' }, 'percent', r.participationRate),
    f('study_minutes', { zh: '有效学习时长（分钟）', en: 'Study minutes' }, 'number', r.studyMinutes),
    f('guests', { zh: '来宾（人次）', en: 'Guests' }, 'integer', r.guests),
    f('satisfaction', { zh: `满意度（要求 ≥ ${Math.round(d.satisfaction.target * 100)}%）`, en: `Satisfaction (target ≥ ${Math.round(d.satisfaction.target * 100)}%)` }, 'percent', d.satisfaction.share),
    f('satisfaction_answers', { zh: '满意度评价人数', en: 'Satisfaction answers' }, 'integer', d.satisfaction.answers),
    f('satisfaction_met', { zh: '满意度是否达到要求', en: 'Satisfaction target met' }, 'text', d.satisfaction.meetsTarget === null ? null : yesNo(d.satisfaction.meetsTarget, lang)),
    f('uptime', { zh: '终端开机率（本月）', en: 'Terminal uptime (month)' }, 'percent', r.uptime),
    f('alerts', { zh: '未解除告警', en: 'Alerts standing' }, 'integer', r.alerts),
    f('weekly_missing', { zh: '缺报每周一报（自加入以来）', en: 'Missing weekly reports (since enrolment)' }, 'integer', d.weeklyReports.missing.length),
    f('last_seen', { zh: '最后联系时间', en: 'Last contact' }, 'datetime', localDateTime(r.lastSeenAt, input.timeZone)),
    f('compliance_ahead', { zh: '达标进度（站点上报）', en: 'Compliance (as the station reports)' }, 'text', stationComplianceText(d.compliance, r.studyMinutes, lang)),
    f('make_up_showings', { zh: '补学场次', en: 'Make-up showings' }, 'integer', d.makeUp.showings),
    f('make_up_attended', { zh: '补学党员', en: 'Members who made up' }, 'integer', d.makeUp.attended),
    f('not_studied', { zh: '本月尚未学习党员', en: 'Members not studied yet' }, 'integer', d.makeUp.notStudied),
    f('summary_reported', { zh: '月度汇总上报时间', en: 'Month summary received' }, 'datetime', localDateTime(r.summaryReportedAt, input.timeZone)),
  ];
}

function sessionLines(input: StationReportInput): Row[] {
  const { detail: d, lang } = input;
  return d.sessions.map((s) => ({
    date: s.date,
    time: localTime(s.startedAt ?? s.scheduledStart, input.timeZone),
    program: s.title,
    played: s.playedMinutes,
    held: s.makeUp ? pick(lang, { zh: '补学', en: 'Make-up' }) : yesNo(s.held, lang),
    make_up: s.makeUp ? pick(lang, { zh: '补学', en: 'Make-up' }) : '',
    registered: s.registered,
    attended: s.attendedRegistered,
    rate: s.rate,
    guests: s.guests,
  }));
}

function notes(input: StationReportInput): string[] {
  const { detail: d, lang, policy } = input;
  const grade = gradeText(d.station.grade, lang);
  const minimum = GRADE_MINIMUM_VIEWINGS[d.station.grade];
  const lines: Bilingual[] = [
    {
      zh: `应组织次数：${grade}每月至少 ${minimum} 次${policy.minViewingsPerMonth !== null ? `，县级要求每月至少 ${policy.minViewingsPerMonth} 次，取较高者` : ''}。集中收看“计入”：课件播放达到规定时长且至少一人签到。`,
      en: `Required: a ${grade.toLowerCase()} holds at least ${minimum} a month${policy.minViewingsPerMonth !== null ? `; the county requires ${policy.minViewingsPerMonth}; the higher applies` : ''}. A group viewing is held when the courseware played its minimum share with at least one check-in.`,
    },
    {
      zh: '组织次数取站点月度汇总与已收到的各场收看记录中的较多者：每场记录到达即计入，月度汇总随后到达。',
      en: 'Viewings held is the larger of the station’s month summary and the viewing reports received: each viewing counts as its report arrives, the summary follows.',
    },
    {
      zh: '月参学率 = 本月至少参加一次集中收看的在册党员 ÷ 在册党员（正式党员、预备党员），由站点按其名册计算后上报；请假党员不计入分子和分母。单次参学率 = 该场签到的在册党员 ÷ 当日在册党员；来宾单列，不计入参学率。',
      en: 'Participation rate = registered members with at least one check-in this month ÷ registered members (full and probationary), counted by the station from its roster; excused members are left out of both. A viewing’s rate = registered members who checked in ÷ registered that day; guests are counted apart and never raise a rate.',
    },
    {
      zh: '终端开机率按终端心跳计算：本月自站点加入之日起，终端运行并与县级平台保持联系的时间所占比例。',
      en: 'Uptime counts from heartbeats: the share of the month, from the station’s enrollment on, in which its terminal ran and was heard by the hub.',
    },
    {
      zh: '补学场次：为本月未学习的党员安排，参加者计入本月参学，不计入应组织次数，不改变原场次的参学率。达标进度由站点按站点类别和县级要求（次数、学习时长、固定学习日）判断后上报。',
      en: 'Make-up showings are for members who missed the month: those who attend count for the month; a make-up showing is not among the viewings required and never changes another viewing’s rate. Compliance is judged by the station against its grade and the county’s policy (viewings, minutes, fixed study days).',
    },
    { zh: '“—”表示没有该项数据。', en: '“—” means no figure.' },
  ];
  const enrolled = d.station.enrolledAt === null ? null : localDateTime(d.station.enrolledAt, input.timeZone)!.slice(0, 10);
  if (d.participationSeries.some((m) => m.sessionsHeld === null)) {
    lines.push({
      zh: `近十二个月中，站点加入县级平台（${enrolled ?? '尚未加入'}）之前的月份和尚未到来的月份没有数据，各项记为“—”，不计为未达标。`,
      en: `In the last twelve months, months before the station enrolled with the hub (${enrolled ?? 'not yet'}) and months still to come have no figures: they show “—”, not “below the minimum”.`,
    });
  }
  if (d.row.registered === null) lines.unshift({ zh: '该站点尚未上报本月的月度汇总：在册党员、参学党员和月参学率记为“—”。', en: 'The station has not sent its month summary: registered, attended and the rate show “—”.' });
  if (d.sessions.length === 0) lines.unshift({ zh: '本月没有收到该站点的集中收看记录。', en: 'No group viewing was reported by the station this month.' });
  if (!input.monthComplete) lines.unshift({ zh: '本月尚未结束：数字截至生成时间。', en: 'The month is not over: figures are as of generation.' });
  return lines.map((l) => pick(lang, l));
}

export function stationReportDocument(input: StationReportInput): ExportDocument {
  const { detail: d, lang } = input;
  const sessions = d.sessions;
  const heldListed = sessions.filter((s) => s.held && !s.makeUp).length;
  return {
    kind: 'station-report',
    title: pick(lang, STATION_REPORT_TITLE),
    lang,
    station: { id: d.station.id, name: d.station.name },
    period: monthPeriodOf(d.month, lang),
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: summary(input),
    sections: [
      {
        id: 'sessions',
        title: pick(lang, { zh: '各场集中收看', en: 'Group viewings' }),
        columns: columnsIn(lang, SESSION_COLUMNS),
        rows: sessionLines(input),
        totals: {
          date: pick(lang, { zh: '合计', en: 'Total' }),
          held: lang === 'en' ? `${heldListed} held` : `计入 ${heldListed} 场`,
          guests: sessions.reduce((n, s) => n + s.guests, 0),
        },
        emptyText: pick(lang, { zh: '本月没有收到集中收看记录', en: 'No group viewings reported this month' }),
      },
      {
        id: 'weekly',
        title: pick(lang, { zh: '每周一报（本月与缺报）', en: 'Weekly reports' }),
        columns: columnsIn(lang, WEEKLY_COLUMNS),
        rows: weeklyLines(input),
        emptyText: pick(lang, { zh: '本月没有收到每周一报，也没有缺报', en: 'No weekly reports this month, none missing' }),
      },
      {
        id: 'series',
        title: pick(lang, { zh: '近十二个月', en: 'The last twelve months' }),
        columns: columnsIn(lang, SERIES_COLUMNS),
        rows: d.participationSeries.map((m) => ({
          month: m.month,
          sessions_held: m.sessionsHeld,
          sessions_required: m.sessionsRequired,
          compliant: m.compliant === null ? null : compliantText(m.compliant, lang),
          registered: m.registered,
          attended: m.attendedRegistered,
          excused: m.excused,
          participation_rate: m.participationRate,
          uptime: m.uptime,
        })),
        emptyText: pick(lang, { zh: '没有月度数据', en: 'No monthly figures' }),
      },
      ...stationActivitySections(d.branchActivities, lang, input.timeZone),
    ],
    notes: notes(input),
    signatures: [pick(lang, { zh: '审核人（签字）', en: 'Reviewed by' })],
    sourceLine: pick(lang, COUNTY_SOURCE_LINE),
  };
}
