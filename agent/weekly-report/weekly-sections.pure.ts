// The builders of the weekly report's sections, each from the facts its loader read. Pure.
import type { WeeklySection } from './weekly-report.pure.ts';
import { ratio } from '../reports/participation.pure.ts';

export interface WeekViewing {
  date: string;
  time: string;
  title: string;
  held: boolean;
  playedMinutes: number;
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  guests: number;
}

/** `week`: registered members over the week's viewings and those who came to at least one (monthFigures on the week). */
export function viewingsSection(viewings: readonly WeekViewing[], week: { registered: number; attendedRegistered: number; participationRate: number | null }): WeeklySection {
  return {
    id: 'viewings',
    title: '集中收看',
    figures: [
      { key: 'viewings', label: '集中收看场次', type: 'integer', value: viewings.length },
      { key: 'viewingsHeld', label: '其中有效场次', type: 'integer', value: viewings.filter((v) => v.held).length },
      { key: 'registered', label: '在册党员（应到）', type: 'integer', value: week.registered },
      { key: 'attendedRegistered', label: '参学党员（实到）', type: 'integer', value: week.attendedRegistered },
      { key: 'participationRate', label: '本周参学率', type: 'percent', value: week.participationRate },
      { key: 'guests', label: '来宾人次', type: 'integer', value: viewings.reduce((a, v) => a + v.guests, 0) },
    ],
    columns: [
      { key: 'date', title: '日期', type: 'date', width: 11 },
      { key: 'time', title: '时间', type: 'time', width: 6 },
      { key: 'title', title: '节目', type: 'text', width: 30 },
      { key: 'held', title: '有效', type: 'text', width: 5 },
      { key: 'playedMinutes', title: '播放分钟', type: 'number', width: 8 },
      { key: 'registered', title: '应到', type: 'integer', width: 6 },
      { key: 'attendedRegistered', title: '实到', type: 'integer', width: 6 },
      { key: 'rate', title: '参学率', type: 'percent', width: 8 },
      { key: 'guests', title: '来宾', type: 'integer', width: 6 },
    ],
    rows: viewings.map((v) => ({ ...v, held: v.held ? '是' : '否' })),
    emptyText: '本周没有集中收看',
  };
}

export interface CoursewareLine {
  at: string;
  event: string;
  eventLabel: string;
  title: string | null;
  source: string | null;
  fileName: string | null;
}

export function coursewareSection(lines: readonly CoursewareLine[]): WeeklySection {
  return {
    id: 'courseware',
    title: '课件接收',
    figures: [
      { key: 'coursewareReceived', label: '接收课件', type: 'integer', value: lines.filter((l) => l.event === 'received').length },
      { key: 'coursewareStored', label: '入库课件', type: 'integer', value: lines.filter((l) => l.event === 'stored').length },
      { key: 'coursewareProblems', label: '检查未通过或隔离', type: 'integer', value: lines.filter((l) => l.event === 'verify_failed' || l.event === 'quarantined').length },
    ],
    columns: [
      { key: 'at', title: '时间', type: 'datetime', width: 17 },
      { key: 'eventLabel', title: '事项', type: 'text', width: 10 },
      { key: 'title', title: '课件', type: 'text', width: 30 },
      { key: 'source', title: '来源', type: 'text', width: 10 },
    ],
    rows: lines.map((l) => ({ at: l.at, eventLabel: l.eventLabel, title: l.title ?? l.fileName, source: l.source })),
    emptyText: '本周没有接收课件',
  };
}

export interface UptimeFacts {
  /** Minutes the agent sampled its health in the week (one sample a minute while it runs). */
  sampledMinutes: number;
  weekMinutes: number;
  hubChecks: number;
  hubReachable: number;
  starts: number;
}

export function uptimeSection(u: UptimeFacts): WeeklySection {
  // One sample a minute: a sample more than the minutes (a clock set back) never makes it above 100 %.
  const uptime = u.weekMinutes === 0 ? null : Math.min(1, ratio(u.sampledMinutes, u.weekMinutes) ?? 0);
  return {
    id: 'uptime',
    title: '终端开机（本站记录）',
    figures: [
      { key: 'uptime', label: '开机率（本站记录）', type: 'percent', value: u.sampledMinutes === 0 ? 0 : uptime },
      { key: 'runningHours', label: '运行小时', type: 'number', value: Math.round((u.sampledMinutes / 60) * 10) / 10 },
      { key: 'hubReachable', label: '联网检查成功率', type: 'percent', value: ratio(u.hubReachable, u.hubChecks) },
      { key: 'starts', label: '代理启动次数', type: 'integer', value: u.starts },
    ],
    columns: [],
    rows: [],
    emptyText: '开机率按本站每分钟的运行记录计算；县级平台按心跳另行统计。',
  };
}

export interface AlertLine {
  at: string;
  message: string;
  state: 'raised' | 'cleared';
}

export function problemsSection(alerts: readonly AlertLine[], missedShowings: number): WeeklySection {
  return {
    id: 'problems',
    title: '问题与告警',
    figures: [
      { key: 'alerts', label: '告警次数', type: 'integer', value: alerts.filter((a) => a.state === 'raised').length },
      { key: 'missedShowings', label: '未播出的节目', type: 'integer', value: missedShowings },
    ],
    columns: [
      { key: 'at', title: '时间', type: 'datetime', width: 17 },
      { key: 'state', title: '状态', type: 'text', width: 6 },
      { key: 'message', title: '内容', type: 'text', width: 50 },
    ],
    rows: alerts.map((a) => ({ at: a.at, state: a.state === 'raised' ? '告警' : '恢复', message: a.message })),
    emptyText: '本周没有告警',
  };
}

export interface ActivityLine {
  date: string;
  time: string;
  kindLabel: string;
  topic: string;
  host: string;
  registered: number;
  attendedRegistered: number;
  guests: number;
  withdrawn: boolean;
}

/** Branch activities (三会一课, 主题党日) held in the week, as the activity register has them; a withdrawn one stays, marked. */
export function activitiesSection(lines: readonly ActivityLine[]): WeeklySection {
  const standing = lines.filter((l) => !l.withdrawn);
  return {
    id: 'activities',
    title: '支部活动',
    figures: [
      { key: 'activities', label: '支部活动次数', type: 'integer', value: standing.length },
      { key: 'activityAttendance', label: '参加党员人次', type: 'integer', value: standing.reduce((a, l) => a + l.attendedRegistered, 0) },
    ],
    columns: [
      { key: 'date', title: '日期', type: 'date', width: 11 },
      { key: 'time', title: '时间', type: 'time', width: 6 },
      { key: 'kindLabel', title: '类别', type: 'text', width: 10 },
      { key: 'topic', title: '主题', type: 'text', width: 28 },
      { key: 'host', title: '主持人', type: 'text', width: 8 },
      { key: 'attendedRegistered', title: '实到', type: 'integer', width: 6 },
      { key: 'registered', title: '应到', type: 'integer', width: 6 },
      { key: 'guests', title: '列席', type: 'integer', width: 6 },
      { key: 'state', title: '状态', type: 'text', width: 8 },
    ],
    rows: lines.map(({ withdrawn, ...l }) => ({ ...l, state: withdrawn ? '已撤销' : '' })),
    emptyText: '本周没有支部活动',
  };
}
