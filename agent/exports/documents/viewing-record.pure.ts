// The viewing record book (集中收看记录) for a date range: each group viewing with its times, minutes
// played, whether it counts, its rate and who ran it. The figures are monthlyReport's session lines. Pure.
import type { MonthlySessionLine } from '../../reports/monthly-report.ts';
import { KIND_TITLES } from '../export-kinds.pure.ts';
import { rangeLabel, type ExportDocument } from '../../../common/documents/document.pure.ts';

export interface ViewingLine extends MonthlySessionLine {
  tutor: string | null;
  operator: string | null;
}

export interface ViewingRecordInput {
  station: { id: string; name: string };
  generatedAt: string;
  from: string;
  to: string;
  /** monthlyReport's lines for the sessions in the range, in order. */
  lines: ViewingLine[];
  minPlayShare: number;
}

function clock(iso: string | null): string | null {
  return iso === null ? null : iso.slice(11, 16);
}

export function viewingRecordDocument(input: ViewingRecordInput): ExportDocument {
  // A make-up showing (补学) is listed, marked, and never counted among the viewings held (docs/domain.md).
  const held = input.lines.filter((l) => l.held && !l.makeUp);
  const studyMinutes = Math.round(held.reduce((a, l) => a + l.playedMinutes, 0) * 10) / 10;
  const guests = input.lines.reduce((a, l) => a + l.guests, 0);
  return {
    kind: 'viewing-record',
    title: KIND_TITLES['viewing-record'].zh,
    station: input.station,
    period: { from: input.from, to: input.to, label: rangeLabel(input.from, input.to) },
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: [
      { key: 'sessions', label: '集中收看场次', type: 'integer', value: input.lines.length },
      { key: 'held', label: '计入场次', type: 'integer', value: held.length },
      { key: 'study_minutes', label: '有效学习时长（分钟）', type: 'number', value: studyMinutes },
      { key: 'guests', label: '来宾（人次）', type: 'integer', value: guests },
    ],
    sections: [
      {
        id: 'viewings',
        title: '收看记录',
        columns: [
          { key: 'date', title: '日期', type: 'date', width: 11 },
          { key: 'program', title: '节目', type: 'text', width: 26 },
          { key: 'started', title: '开始', type: 'time', width: 7 },
          { key: 'ended', title: '结束', type: 'time', width: 7 },
          { key: 'played', title: '播放（分钟）', type: 'number', width: 12 },
          { key: 'held', title: '是否计入', type: 'text', width: 9 },
          { key: 'registered', title: '应到', type: 'integer', width: 6 },
          { key: 'attended', title: '实到', type: 'integer', width: 6 },
          { key: 'rate', title: '参学率', type: 'percent', width: 8 },
          { key: 'guests', title: '来宾', type: 'integer', width: 6 },
          { key: 'tutor', title: '学习辅导员', type: 'text', width: 11 },
          { key: 'operator', title: '操作员', type: 'text', width: 10 },
          { key: 'make_up', title: '补学', type: 'text', width: 6 },
        ],
        rows: input.lines.map((l) => ({
          date: l.date,
          program: l.programTitle,
          started: clock(l.startedAt),
          ended: clock(l.endedAt),
          played: l.playedMinutes,
          held: l.makeUp ? '补学' : l.held ? '是' : '否',
          make_up: l.makeUp ? '补学' : '',
          registered: l.registered,
          attended: l.attendedRegistered,
          rate: l.rate,
          guests: l.guests,
          tutor: l.tutor,
          operator: l.operator,
        })),
        totals: { date: '合计', held: `计入 ${held.length} 场`, guests },
        emptyText: '这段时间没有集中收看',
      },
    ],
    notes: [
      '应到、实到与参学率按每场当日的名册计算，与月度报表相同；来宾单列，不计入参学率。',
      `“计入”：课件播放达到时长的 ${Math.round(input.minPlayShare * 100)}% 且至少一人签到；有效学习时长为计入场次的播放分钟数之和。`,
      '标“补学”的是补学场次：参加的党员计为本月已学习，但不计入应组织次数和学习时长，也不改变原场次的应到、实到和参学率。',
    ],
    signatures: ['记录人（签字）'],
  };
}
