// The room usage register (活动场所使用情况登记) of a month: every use of the room, viewings by themselves and
// other uses entered by hand; a removed entry stays on the page marked 已撤销. Pure.
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument } from '../../../common/documents/document.pure.ts';
import { SOURCE_LABELS, type RoomRegisterLine } from '../../room-use/room-use.pure.ts';

export interface RoomRegisterInput {
  station: { id: string; name: string };
  generatedAt: string;
  month: string;
  from: string;
  to: string;
  lines: RoomRegisterLine[];
}

export function roomRegisterDocument(input: RoomRegisterInput): ExportDocument {
  const standing = input.lines.filter((l) => l.removed === null);
  const [y, m] = input.month.split('-');
  return {
    kind: 'room-register',
    title: KIND_TITLES['room-register'].zh,
    station: input.station,
    period: { from: input.from, to: input.to, label: `${y}年${Number(m)}月` },
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: [
      { key: 'uses', label: '使用次数', type: 'integer', value: standing.length },
      { key: 'viewings', label: '其中集中收看', type: 'integer', value: standing.filter((l) => l.source === 'viewing').length },
      { key: 'activities', label: '其中支部活动', type: 'integer', value: standing.filter((l) => l.source === 'activity').length },
      { key: 'people', label: '参加人次', type: 'integer', value: standing.reduce((a, l) => a + l.headcount, 0) },
      { key: 'removed', label: '已撤销登记', type: 'integer', value: input.lines.length - standing.length },
    ],
    sections: [
      {
        id: 'uses',
        title: '使用登记',
        columns: [
          { key: 'date', title: '日期', type: 'date', width: 11 },
          { key: 'from', title: '开始', type: 'time', width: 6 },
          { key: 'to', title: '结束', type: 'time', width: 6 },
          { key: 'purpose', title: '用途', type: 'text', width: 34 },
          { key: 'organiser', title: '组织者', type: 'text', width: 12 },
          { key: 'headcount', title: '人数', type: 'integer', width: 6 },
          { key: 'source', title: '来源', type: 'text', width: 16 },
          { key: 'useId', title: '编号', type: 'integer', width: 6, nowrap: true },
          { key: 'status', title: '状态', type: 'text', width: 22 },
        ],
        rows: input.lines.map((l) => ({
          date: l.date,
          from: l.from,
          to: l.to || null,
          purpose: l.purpose,
          organiser: l.organiser,
          headcount: l.headcount,
          source: SOURCE_LABELS[l.source],
          useId: l.useId,
          status: l.removed === null ? '' : `已撤销（${l.removed.at}${l.removed.reason ? `，${l.removed.reason}` : ''}）`,
        })),
        emptyText: '本月没有场所使用记录',
      },
    ],
    notes: ['集中收看由终端按实际开始、结束时间和签到人数自动登记，支部活动按支部活动记录自动登记；其他使用由管理员登记。登记只能撤销，不能修改或删除，撤销的记录仍列出。'],
    signatures: ['站点管理员（签字）'],
  };
}
