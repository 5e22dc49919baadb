// The program notice for the door (节目预告), for a week or a month. Pure.
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument } from '../../../common/documents/document.pure.ts';

export interface NoticeLine {
  date: string;
  time: string;
  title: string;
  groupViewing: boolean;
  /** 'HH:mm' at which check-in opens, for a group viewing. */
  checkinOpens: string | null;
  notes: string | null;
}

export interface NoticeInput {
  station: { id: string; name: string };
  generatedAt: string;
  from: string;
  to: string;
  range: 'week' | 'month';
  lines: NoticeLine[];
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function weekdayOf(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

export function noticeDocument(input: NoticeInput): ExportDocument {
  const group = input.lines.filter((l) => l.groupViewing).length;
  return {
    kind: 'notice',
    title: `${KIND_TITLES.notice.zh}（${input.range === 'week' ? '一周' : '一个月'}）`,
    station: input.station,
    period: { from: input.from, to: input.to, label: `${input.from} 至 ${input.to}` },
    generatedAt: input.generatedAt,
    orientation: 'portrait',
    summary: [
      { key: 'showings', label: '节目', type: 'integer', value: input.lines.length },
      { key: 'group_viewings', label: '其中集中收看', type: 'integer', value: group },
    ],
    sections: [
      // The door notice leads with the group viewings, large, for who passes by; then every showing.
      ...(group > 0
        ? [
            {
              id: 'group_viewings',
              title: '集中收看',
              large: true,
              columns: [
                { key: 'date', title: '日期', type: 'date' as const, width: 11 },
                { key: 'weekday', title: '星期', type: 'text' as const, width: 5 },
                { key: 'time', title: '时间', type: 'time' as const, width: 6 },
                { key: 'title', title: '节目', type: 'text' as const, width: 30 },
                { key: 'checkin', title: '签到开始', type: 'time' as const, width: 9 },
              ],
              rows: input.lines
                .filter((l) => l.groupViewing)
                .map((l) => ({ date: l.date, weekday: weekdayOf(l.date), time: l.time, title: l.title, checkin: l.checkinOpens })),
              emptyText: '',
            },
          ]
        : []),
      {
        id: 'showings',
        title: '节目安排',
        columns: [
          { key: 'date', title: '日期', type: 'date', width: 11 },
          { key: 'weekday', title: '星期', type: 'text', width: 6 },
          { key: 'time', title: '时间', type: 'time', width: 7 },
          { key: 'title', title: '节目', type: 'text', width: 30 },
          { key: 'kind', title: '形式', type: 'text', width: 9 },
          { key: 'checkin', title: '签到开始', type: 'time', width: 9 },
          { key: 'notes', title: '备注', type: 'text', width: 20 },
        ],
        rows: input.lines.map((l) => ({
          date: l.date,
          weekday: weekdayOf(l.date),
          time: l.time,
          title: l.title,
          kind: l.groupViewing ? '集中收看' : '循环播放',
          checkin: l.checkinOpens,
          notes: l.notes ?? '',
        })),
        emptyText: '这段时间没有安排节目',
      },
    ],
    notes: group > 0 ? ['集中收看请提前到场，在终端上签到（点选姓名、查找姓名或刷卡）。在册党员无法参加的，请向站点管理员请假。'] : [],
    signatures: [],
  };
}
