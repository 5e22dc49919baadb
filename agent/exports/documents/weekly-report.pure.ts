// The weekly report (每周一报) as a printable record: the frozen snapshot, every remark, and whether it was sent.
// Pure: it prints what was composed, never recomputes it, so a print after a later edit matches the first.
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument, Figure, Section } from '../../../common/documents/document.pure.ts';
import type { WeeklyReportSnapshot } from '../../weekly-report/weekly-report.pure.ts';

export interface WeeklyReportDocInput {
  snapshot: WeeklyReportSnapshot;
  remarks: { at: string; actor: string; text: string }[];
  /** Station-local 'YYYY-MM-DD HH:mm' when sent, with how; null while unsent. */
  sent: { at: string; how: 'admin' | 'deadline' } | null;
  generatedAt: string;
}

export function weeklyReportDocument(input: WeeklyReportDocInput): ExportDocument {
  const s = input.snapshot;
  const summary: Figure[] = s.sections.flatMap((sec) => sec.figures.map((f) => ({ key: `${sec.id}.${f.key}`, label: f.label, type: f.type, value: f.value })));
  const sections: Section[] = s.sections
    .filter((sec) => sec.columns.length > 0)
    .map((sec) => ({ id: sec.id, title: sec.title, columns: sec.columns, rows: sec.rows, emptyText: sec.emptyText }));
  sections.push({
    id: 'remarks',
    title: '管理员备注',
    columns: [
      { key: 'at', title: '时间', type: 'datetime', width: 17 },
      { key: 'actor', title: '填写人', type: 'text', width: 10 },
      { key: 'text', title: '备注', type: 'text', width: 60 },
    ],
    rows: input.remarks.map((r) => ({ ...r })),
    emptyText: '没有备注',
  });
  const sentNote = input.sent === null ? '尚未报送县级平台。' : input.sent.how === 'deadline' ? `已于 ${input.sent.at} 截止时自动报送县级平台（无管理员备注时照常报送）。` : `已于 ${input.sent.at} 报送县级平台。`;
  return {
    kind: 'weekly-report',
    title: KIND_TITLES['weekly-report'].zh,
    station: { id: s.station.id, name: s.station.name },
    period: { from: s.from, to: s.to, label: `${s.week}（${s.from} 至 ${s.to}）` },
    generatedAt: input.generatedAt,
    orientation: 'portrait',
    summary,
    sections,
    notes: [
      `本周报于 ${s.composedAt} 生成，数字在生成时固定，以后的更改不会改变本报告；备注只能追加，最后一条随报告报送。`,
      ...s.sections.filter((sec) => sec.columns.length === 0).map((sec) => sec.emptyText),
      sentNote,
    ],
    signatures: ['站点管理员（签字）'],
  };
}
