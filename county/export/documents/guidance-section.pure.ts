// The monthly table's 指导记录 section (issue 17): each station's 党建指导员 and how many guidance records of the
// month stand there (a superseded record is not counted; its correction is). A table of its own, as the ranking's
// sixteen columns already fill the A4 landscape page.
import type { Section } from '../../../common/documents/document.pure.ts';
import type { ExportLanguage } from '../export-request.pure.ts';
import { columnsIn, pick, type ColumnDef } from './county-words.pure.ts';

export interface StationGuidanceLine {
  id: string;
  name: string;
  /** The station's current instructor's user name; null: none assigned. */
  instructor: string | null;
  count: number;
}

const GUIDANCE_COLUMNS: ColumnDef[] = [
  { key: 'station_id', zh: '站点编号', en: 'Station ID', type: 'text', width: 12, nowrap: true },
  { key: 'station', zh: '站点名称', en: 'Station', type: 'text', width: 30 },
  { key: 'instructor', zh: '党建指导员', en: 'Instructor', type: 'text', width: 16 },
  { key: 'guidance', zh: '指导记录（次）', en: 'Guidance records', type: 'integer', width: 12 },
];

export function guidanceSection(lines: readonly StationGuidanceLine[], lang: ExportLanguage): Section {
  return {
    id: 'guidance',
    title: pick(lang, { zh: '党建指导员与指导记录', en: 'Instructors and guidance' }),
    columns: columnsIn(lang, GUIDANCE_COLUMNS),
    rows: lines.map((l) => ({ station_id: l.id, station: l.name, instructor: l.instructor ?? pick(lang, { zh: '未配备', en: 'none' }), guidance: l.count })),
    totals: { station_id: pick(lang, { zh: '合计', en: 'Total' }), guidance: lines.reduce((n, l) => n + l.count, 0) },
    emptyText: pick(lang, { zh: '本月没有已加入的站点', en: 'No enrolled stations' }),
  };
}
