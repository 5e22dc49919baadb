// One branch activity's record (支部活动记录表) on an A4 page: what was held, by whom, who attended, the minutes
// and the photos by their hashes. A withdrawn record prints as it was entered, marked with the withdrawal. Pure.
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument } from '../../../common/documents/document.pure.ts';
import { ACTIVITY_KIND_LABELS, type ActivityKind } from '../../../protocol/branch-rhythm.pure.ts';

export interface ActivityRecordInput {
  station: { id: string; name: string };
  generatedAt: string;
  activity: {
    id: number;
    kind: ActivityKind;
    date: string;
    startTime: string;
    endTime: string | null;
    place: string;
    host: string;
    topic: string;
    minutes: string;
    branch: string | null;
    sessionTitle: string | null;
    recordedBy: string;
    recordedAt: string;
    /** 'YYYY-MM-DD HH:mm 谁：原因', or null while it stands. */
    withdrawn: string | null;
  };
  figures: { registered: number; attendedRegistered: number; rate: number | null; guests: number };
  attendees: { name: string; category: string; checkedInAt: string }[];
  photos: { name: string; sha256: string }[];
}

export function activityRecordDocument(input: ActivityRecordInput): ExportDocument {
  const a = input.activity;
  return {
    kind: 'activity-record',
    title: KIND_TITLES['activity-record'].zh,
    station: input.station,
    period: { from: a.date, to: a.date, label: a.date },
    generatedAt: input.generatedAt,
    orientation: 'portrait',
    summary: [
      { key: 'no', label: '编号', type: 'integer', value: a.id },
      { key: 'kind', label: '活动类别', type: 'text', value: ACTIVITY_KIND_LABELS[a.kind].zh },
      { key: 'topic', label: '主题', type: 'text', value: a.topic },
      { key: 'time', label: '时间', type: 'text', value: `${a.date} ${a.startTime}${a.endTime === null ? '' : `–${a.endTime}`}` },
      { key: 'place', label: '地点', type: 'text', value: a.place },
      { key: 'host', label: '主持人', type: 'text', value: a.host },
      { key: 'branch', label: '支部', type: 'text', value: a.branch ?? '本站点党支部' },
      { key: 'session', label: '结合远程教育收看', type: 'text', value: a.sessionTitle ?? '—' },
      { key: 'registered', label: '应到（在册党员）', type: 'integer', value: input.figures.registered },
      { key: 'attended', label: '实到', type: 'integer', value: input.figures.attendedRegistered },
      { key: 'rate', label: '参加率', type: 'percent', value: input.figures.rate },
      { key: 'guests', label: '列席', type: 'integer', value: input.figures.guests },
      { key: 'recorded', label: '记录人', type: 'text', value: `${a.recordedBy}（${a.recordedAt}）` },
      { key: 'status', label: '状态', type: 'text', value: a.withdrawn === null ? '有效' : `已撤销：${a.withdrawn}` },
    ],
    sections: [
      {
        id: 'attendees',
        title: '签到人员',
        columns: [
          { key: 'no', title: '序号', type: 'integer', width: 5 },
          { key: 'name', title: '姓名', type: 'text', width: 12 },
          { key: 'category', title: '类别', type: 'text', width: 14 },
          { key: 'time', title: '签到时间', type: 'text', width: 10 },
        ],
        rows: input.attendees.map((p, i) => ({ no: i + 1, name: p.name, category: p.category, time: p.checkedInAt })),
        emptyText: '没有签到记录',
      },
      {
        id: 'minutes',
        title: '会议记录',
        columns: [{ key: 'text', title: '内容', type: 'text', width: 80 }],
        rows: a.minutes === '' ? [] : a.minutes.split('\n').map((text) => ({ text })),
        emptyText: '（未填写）',
      },
      {
        id: 'photos',
        title: '活动照片（保存在站点，按 SHA-256 核对）',
        columns: [
          { key: 'name', title: '文件名', type: 'text', width: 24 },
          { key: 'sha256', title: 'SHA-256', type: 'text', width: 66, nowrap: true },
        ],
        rows: input.photos.map((p) => ({ name: p.name, sha256: p.sha256 })),
        emptyText: '没有照片',
      },
    ],
    notes: ['本记录登记后不再修改；如有错误，撤销后重新登记，撤销的记录保留并注明。'],
    signatures: ['记录人（签字）', '主持人（签字）'],
  };
}
