// A station's branch activities (支部活动记录) and its 三会一课 rhythm as sections of its monthly report, in the
// county's words: the station page's own lists (/api/county/stations/:id, branchActivities), never recomputed. Pure.
import type { Section } from '../../../common/documents/document.pure.ts';
import type { StationActivities } from '../../views/station-activities.ts';
import { ACTIVITY_KIND_LABELS, type RhythmStatus } from '../../../protocol/branch-rhythm.pure.ts';
import type { ExportLanguage } from '../export-request.pure.ts';
import { columnsIn, localDateTime, pick, type Bilingual, type ColumnDef } from './county-words.pure.ts';

const ACTIVITY_COLUMNS: ColumnDef[] = [
  { key: 'date', zh: '日期', en: 'Date', type: 'date', width: 11 },
  { key: 'time', zh: '时间', en: 'Time', type: 'text', width: 7 },
  { key: 'kind', zh: '类别', en: 'Kind', type: 'text', width: 12, enWidth: 22 },
  { key: 'topic', zh: '主题', en: 'Topic', type: 'text', width: 28 },
  { key: 'host', zh: '主持人', en: 'Host', type: 'text', width: 8 },
  { key: 'registered', zh: '应到', en: 'Registered', type: 'integer', width: 6 },
  { key: 'attended', zh: '实到', en: 'Attended', type: 'integer', width: 6 },
  { key: 'guests', zh: '列席', en: 'Guests', type: 'integer', width: 6 },
  { key: 'photos', zh: '照片', en: 'Photos', type: 'integer', width: 6 },
  { key: 'remark', zh: '备注', en: 'Remark', type: 'text', width: 22 },
];

const RHYTHM_COLUMNS: ColumnDef[] = [
  { key: 'kind', zh: '类别', en: 'Kind', type: 'text', width: 12, enWidth: 22 },
  { key: 'period', zh: '统计期间（截至）', en: 'Period (as of)', type: 'text', width: 22 },
  { key: 'required', zh: '应开展', en: 'Required', type: 'integer', width: 8 },
  { key: 'held', zh: '已开展', en: 'Held', type: 'integer', width: 8 },
  { key: 'status', zh: '情况', en: 'Status', type: 'text', width: 14 },
];

const STATUS: Record<RhythmStatus, Bilingual> = {
  met: { zh: '已落实', en: 'met' },
  short: { zh: '未落实', en: 'short' },
  pending: { zh: '期间未结束', en: 'period still running' },
};

export function stationActivitySections(a: StationActivities, lang: ExportLanguage, timeZone: string): Section[] {
  return [
    {
      id: 'activities',
      title: pick(lang, { zh: '支部活动记录', en: 'Branch activities' }),
      columns: columnsIn(lang, ACTIVITY_COLUMNS),
      rows: a.activities.map((x) => ({
        date: x.date,
        time: x.startTime,
        kind: pick(lang, ACTIVITY_KIND_LABELS[x.kind]),
        topic: x.topic,
        host: x.host,
        registered: x.registered,
        attended: x.attendedRegistered,
        guests: x.guests,
        photos: x.photoHashes.length,
        remark:
          x.withdrawn === null
            ? ''
            : pick(lang, { zh: `已撤销（${localDateTime(x.withdrawn.at, timeZone)}）：${x.withdrawn.reason}`, en: `withdrawn (${localDateTime(x.withdrawn.at, timeZone)}): ${x.withdrawn.reason}` }),
      })),
      emptyText: pick(lang, { zh: '本月没有收到支部活动记录', en: 'No branch activities reported this month' }),
    },
    {
      id: 'rhythm',
      title: pick(lang, { zh: '三会一课落实情况', en: 'Meetings and lessons' }),
      columns: columnsIn(lang, RHYTHM_COLUMNS),
      rows: a.rhythm.map((l) => ({ kind: pick(lang, ACTIVITY_KIND_LABELS[l.kind]), period: `${l.periodLabel}（${a.asOf}）`, required: l.required, held: l.held, status: pick(lang, STATUS[l.status]) })),
      emptyText: pick(lang, { zh: '县级未规定三会一课次数', en: 'The county sets no rhythm' }),
    },
  ];
}
