// The branch activity register (支部活动记录) of a period, and the 三会一课 rhythm section the monthly report
// shows too. Withdrawn records are listed and marked (a record is never removed from the book). Pure.
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument, Section } from '../../../common/documents/document.pure.ts';
import { ACTIVITY_KIND_LABELS, type ActivityKind, type RhythmLine, type RhythmStatus } from '../../../protocol/branch-rhythm.pure.ts';

export interface ActivityLine {
  id: number;
  kind: ActivityKind;
  date: string;
  startTime: string;
  endTime: string | null;
  place: string;
  host: string;
  topic: string;
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  guests: number;
  photos: number;
  /** 'YYYY-MM-DD HH:mm 谁：原因', or null while it stands. */
  withdrawn: string | null;
}

export interface ActivitiesInput {
  station: { id: string; name: string };
  generatedAt: string;
  from: string;
  to: string;
  lines: ActivityLine[];
  /** The rhythm as of the period's end (or today). */
  rhythm: RhythmLine[];
}

export const RHYTHM_STATUS_LABELS: Record<RhythmStatus, string> = { met: '已落实', short: '未落实', pending: '期间未结束，尚未开展' };

/** 三会一课落实情况: each rule of the rhythm, the period it is counted over, what is required and held. */
export function rhythmSection(rhythm: readonly RhythmLine[]): Section {
  return {
    id: 'rhythm',
    title: '三会一课落实情况',
    columns: [
      { key: 'kind', title: '类别', type: 'text', width: 12 },
      { key: 'period', title: '统计期间', type: 'text', width: 22 },
      { key: 'required', title: '应开展（次）', type: 'integer', width: 10 },
      { key: 'held', title: '已开展（次）', type: 'integer', width: 10 },
      { key: 'status', title: '情况', type: 'text', width: 18 },
    ],
    rows: rhythm.map((l) => ({
      kind: ACTIVITY_KIND_LABELS[l.kind].zh,
      period: `${l.period === 'month' ? '本月' : '本季度'} ${l.from} 至 ${l.to}`,
      required: l.required,
      held: l.held,
      status: RHYTHM_STATUS_LABELS[l.status],
    })),
    emptyText: '县级未规定三会一课次数',
  };
}

export function activitiesDocument(input: ActivitiesInput): ExportDocument {
  const standing = input.lines.filter((l) => l.withdrawn === null);
  return {
    kind: 'activities',
    title: KIND_TITLES.activities.zh,
    station: input.station,
    period: { from: input.from, to: input.to, label: input.from === input.to ? input.from : `${input.from} 至 ${input.to}` },
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: [
      { key: 'held', label: '开展活动（次）', type: 'integer', value: standing.length },
      ...(['branch_assembly', 'committee', 'group_meeting', 'party_lesson', 'theme_day'] as const).map((k) => ({
        key: k,
        label: ACTIVITY_KIND_LABELS[k].zh,
        type: 'integer' as const,
        value: standing.filter((l) => l.kind === k).length,
      })),
      { key: 'withdrawn', label: '已撤销记录', type: 'integer', value: input.lines.length - standing.length },
    ],
    sections: [
      {
        id: 'activities',
        title: '支部活动',
        columns: [
          { key: 'no', title: '编号', type: 'integer', width: 5 },
          { key: 'date', title: '日期', type: 'date', width: 11 },
          { key: 'time', title: '时间', type: 'text', width: 11 },
          { key: 'kind', title: '类别', type: 'text', width: 12 },
          { key: 'topic', title: '主题', type: 'text', width: 26 },
          { key: 'host', title: '主持人', type: 'text', width: 8 },
          { key: 'place', title: '地点', type: 'text', width: 12 },
          { key: 'registered', title: '应到', type: 'integer', width: 5 },
          { key: 'attended', title: '实到', type: 'integer', width: 5 },
          { key: 'rate', title: '参加率', type: 'percent', width: 7 },
          { key: 'guests', title: '列席', type: 'integer', width: 5 },
          { key: 'photos', title: '照片', type: 'integer', width: 5 },
          { key: 'remark', title: '备注', type: 'text', width: 20 },
        ],
        rows: input.lines.map((l) => ({
          no: l.id,
          date: l.date,
          time: l.endTime === null ? l.startTime : `${l.startTime}–${l.endTime}`,
          kind: ACTIVITY_KIND_LABELS[l.kind].zh,
          topic: l.topic,
          host: l.host,
          place: l.place,
          registered: l.registered,
          attended: l.attendedRegistered,
          rate: l.rate,
          guests: l.guests,
          photos: l.photos,
          remark: l.withdrawn === null ? '' : `已撤销：${l.withdrawn}`,
        })),
        emptyText: '本期没有支部活动记录',
      },
      rhythmSection(input.rhythm),
    ],
    notes: [
      '支部活动记录登记后不再修改；撤销的记录保留在册并注明撤销人、时间和原因，不计入开展次数。',
      '应到 = 活动当日在册党员（正式党员、预备党员）；列席人员单列，不计入参加率。',
      '三会一课：支部党员大会一般每季度召开一次，支委会、党小组会一般每月召开一次，党课每季度至少一次（以县级要求为准）。',
    ],
    signatures: ['记录人（签字）', '党支部书记（签字）'],
  };
}
