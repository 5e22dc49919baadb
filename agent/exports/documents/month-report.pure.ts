// The monthly report (月度参学情况报表) as a document: monthlyReport's own figures, laid out for paper. Pure.
import type { MonthlyReport } from '../../reports/monthly-report.ts';
import { GUEST_CATEGORIES, GUEST_CATEGORY_LABELS } from '../../roster/categories.pure.ts';
import { SITE_GRADE_LABELS } from '../../settings/station-settings.pure.ts';
import { KIND_TITLES } from '../export-kinds.pure.ts';
import { monthLabel, type ExportDocument, type Row } from '../../../common/documents/document.pure.ts';
import { MAKE_UP_NOTES, makeUpFigures, makeUpSections } from './month-report-make-up.pure.ts';
import { rhythmSection } from './activities.pure.ts';

export interface MonthReportInput {
  /** monthlyReport's answer, used as is: every figure here is one of its numbers, never recomputed. */
  report: MonthlyReport;
  generatedAt: string;
  gradeMinimum: number;
  policyMinimum: number | null;
  minPlayShare: number;
}

function satisfactionVerdict(meets: boolean | null): string {
  return meets === null ? '—' : meets ? '达到' : '未达到';
}

/** 'HH:mm' of an ISO time with offset as monthlyReport writes it (already station-local). */
function clock(iso: string | null): string | null {
  return iso === null ? null : iso.slice(11, 16);
}

export function monthReportDocument(input: MonthReportInput): ExportDocument {
  const r = input.report;
  const grade = SITE_GRADE_LABELS[r.station.grade].zh;
  const lastDay = new Date(Date.UTC(Number(r.month.slice(0, 4)), Number(r.month.slice(5, 7)), 0)).getUTCDate();
  const sessions: Row[] = r.sessions.map((s) => ({
    date: s.date,
    program: s.programTitle,
    scheduled: clock(s.scheduledStart),
    started: clock(s.startedAt),
    ended: clock(s.endedAt),
    played: s.playedMinutes,
    held: s.makeUp ? '补学' : s.held ? '是' : '否',
    make_up: s.makeUp ? '补学' : '',
    registered: s.registered,
    attended: s.attendedRegistered,
    rate: s.rate,
    late: s.late,
    guests: s.guests,
  }));
  const notes = [
    `月参学率 = 本月至少参加一次集中收看的在册党员 ÷ 在册党员（正式党员、预备党员）；请假的 ${r.excused} 人不计入分子和分母。`,
    '在册人数按本月各场集中收看当日的名册计算：在本月最后一场收看之后才入册的党员不计入本月；本月没有收看时按本月任一天在册计算。',
    '单次参学率 = 该场签到的在册党员 ÷ 当日在册党员。来宾（非在册党员、流动党员、入党积极分子、职工群众）单列，不计入参学率。',
    `“计入”：课件播放达到时长的 ${Math.round(input.minPlayShare * 100)}% 且至少一人签到（长度未知的直播须播放 20 分钟）；有效学习时长为计入场次的播放分钟数之和。`,
    `应组织次数：${grade}每月至少 ${input.gradeMinimum} 次${input.policyMinimum !== null ? `，县级要求每月至少 ${input.policyMinimum} 次，取较高者` : ''}。`,
    '终端开机率由县级管理平台根据终端心跳计算，站点端不统计，此处记为“—”，以县级平台数据为准。',
    '参学率为“—”表示当时没有在册党员，无法计算。',
    ...MAKE_UP_NOTES,
    `满意度 = （满意 + 基本满意）÷ 评价人数，要求不低于 ${Math.round(r.satisfaction.target * 100)}%；集中收看结束后在屏幕上匿名评价，每位到场人员限评一次，测评结束后结果确定；“—”表示本月没有评价。`,
  ];
  if (r.sessions.length === 0) notes.unshift('本月没有组织集中收看。');
  return {
    kind: 'month-report',
    title: KIND_TITLES['month-report'].zh,
    station: { id: r.station.id, name: r.station.name },
    period: { from: `${r.month}-01`, to: `${r.month}-${String(lastDay).padStart(2, '0')}`, label: monthLabel(r.month) },
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: [
      { key: 'grade', label: '站点等级', type: 'text', value: grade },
      { key: 'sessions_held', label: '组织集中收看（计入）次数', type: 'integer', value: r.sessionsHeld },
      { key: 'sessions_required', label: '应组织次数', type: 'integer', value: r.sessionsRequired },
      { key: 'compliant', label: '是否达标', type: 'text', value: r.compliant ? '达标' : '未达标' },
      { key: 'registered', label: '在册党员（不含请假）', type: 'integer', value: r.registered },
      { key: 'attended', label: '参学党员', type: 'integer', value: r.attendedRegistered },
      { key: 'participation_rate', label: '月参学率', type: 'percent', value: r.participationRate },
      { key: 'excused', label: '请假党员', type: 'integer', value: r.excused },
      { key: 'guests', label: '来宾（人次）', type: 'integer', value: r.guests },
      { key: 'study_minutes', label: '有效学习时长（分钟）', type: 'number', value: r.studyMinutes },
      { key: 'uptime', label: '终端开机率', type: 'percent', value: null },
      { key: 'satisfaction', label: '满意度', type: 'percent', value: r.satisfaction.share },
      { key: 'satisfaction_answers', label: '满意度评价人数', type: 'integer', value: r.satisfaction.answers },
      { key: 'satisfaction_target', label: `满意度是否达到 ${Math.round(r.satisfaction.target * 100)}%`, type: 'text', value: satisfactionVerdict(r.satisfaction.meetsTarget) },
      ...makeUpFigures(r),
      { key: 'activities_held', label: '支部活动（次）', type: 'integer', value: r.activities.held },
    ],
    sections: [
      {
        id: 'sessions',
        title: '各场集中收看',
        columns: [
          { key: 'date', title: '日期', type: 'date', width: 11 },
          { key: 'program', title: '节目', type: 'text', width: 30 },
          { key: 'scheduled', title: '计划开始', type: 'time', width: 9 },
          { key: 'started', title: '实际开始', type: 'time', width: 9 },
          { key: 'ended', title: '结束', type: 'time', width: 7 },
          { key: 'played', title: '播放（分钟）', type: 'number', width: 12 },
          { key: 'held', title: '是否计入', type: 'text', width: 9 },
          { key: 'registered', title: '应到', type: 'integer', width: 6 },
          { key: 'attended', title: '实到', type: 'integer', width: 6 },
          { key: 'rate', title: '参学率', type: 'percent', width: 8 },
          { key: 'late', title: '迟到', type: 'integer', width: 6 },
          { key: 'guests', title: '来宾', type: 'integer', width: 6 },
          { key: 'make_up', title: '补学', type: 'text', width: 6 },
        ],
        rows: sessions,
        totals: {
          date: '合计',
          held: `计入 ${r.sessionsHeld} 场`,
          late: r.sessions.reduce((a, s) => a + s.late, 0),
          guests: r.guests,
        },
        emptyText: '本月没有集中收看记录',
      },
      {
        id: 'excused',
        title: '请假党员',
        columns: [
          { key: 'name', title: '姓名', type: 'text', width: 14 },
          { key: 'reason', title: '请假原因', type: 'text', width: 50 },
        ],
        rows: r.excusedMembers.map((m) => ({ name: m.name, reason: m.reason })),
        emptyText: '本月无人请假',
      },
      {
        id: 'guests',
        title: '来宾分类',
        columns: [
          { key: 'category', title: '类别', type: 'text', width: 16 },
          { key: 'count', title: '人次', type: 'integer', width: 8 },
        ],
        rows: GUEST_CATEGORIES.map((c) => ({ category: GUEST_CATEGORY_LABELS[c].zh, count: r.guestsByCategory[c] })),
        totals: { category: '合计', count: r.guests },
        emptyText: '本月没有来宾',
      },
      {
        id: 'satisfaction',
        title: '满意度测评',
        columns: [
          { key: 'date', title: '日期', type: 'date', width: 11 },
          { key: 'program', title: '节目', type: 'text', width: 30 },
          { key: 'present', title: '到场', type: 'integer', width: 6 },
          { key: 'answers', title: '评价人数', type: 'integer', width: 9 },
          { key: 'satisfied', title: '满意', type: 'integer', width: 6 },
          { key: 'basic', title: '基本满意', type: 'integer', width: 9 },
          { key: 'dissatisfied', title: '不满意', type: 'integer', width: 7 },
          { key: 'share', title: '满意度', type: 'percent', width: 8 },
        ],
        rows: r.satisfaction.sessions.map((l) => ({
          date: l.date,
          program: l.programTitle,
          present: l.present,
          answers: l.answers,
          satisfied: l.satisfied,
          basic: l.basicallySatisfied,
          dissatisfied: l.dissatisfied,
          share: l.share,
        })),
        totals: {
          date: '合计',
          answers: r.satisfaction.answers,
          satisfied: r.satisfaction.satisfied,
          basic: r.satisfaction.basicallySatisfied,
          dissatisfied: r.satisfaction.dissatisfied,
          share: r.satisfaction.share,
        },
        emptyText: '本月没有满意度评价',
      },
      ...makeUpSections(r),
      // The second of the two records (两个记录): the month's branch activities against the 三会一课 rhythm.
      rhythmSection(r.activities.rhythm),
    ],
    notes,
    signatures: ['站点管理员（签字）', '审核人（签字）'],
  };
}
