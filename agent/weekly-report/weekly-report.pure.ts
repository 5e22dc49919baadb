// The weekly report (每周一报) composed from its sections: the snapshot that is frozen, shown, printed and sent. Pure.
//
// Decisions:
// - A report is a list of sections, each built by its own builder from the facts its loader read
//   (weekly-sections.ts lists them). Branch activities (三会一课) are added after the merge as one more entry in
//   that list; nothing here changes for it.
// - The headline figures (viewings, rate, courseware, uptime, alerts) are read off the sections' figures by key,
//   so a figure is computed once, in its section.
// - Values are station-local words and numbers ('YYYY-MM-DD HH:mm'), as the printed books: the snapshot can be
//   printed years later without knowing the zone it was made in.
import type { CellValue, Column, ColumnType, Row } from '../../common/documents/document.pure.ts';

export interface WeeklyFigure {
  key: string;
  label: string;
  type: ColumnType;
  value: CellValue;
}

export interface WeeklySection {
  id: string;
  title: string;
  figures: WeeklyFigure[];
  columns: Column[];
  rows: Row[];
  emptyText: string;
}

export interface WeeklyHeadline {
  viewings: number;
  viewingsHeld: number;
  participationRate: number | null;
  coursewareReceived: number;
  uptime: number | null;
  alerts: number;
}

export interface WeeklyReportSnapshot {
  week: string;
  from: string;
  to: string;
  station: { id: string; name: string; timeZone: string };
  /** Station-local 'YYYY-MM-DD HH:mm'. */
  composedAt: string;
  headline: WeeklyHeadline;
  sections: WeeklySection[];
}

export interface WeeklyReportFrame {
  week: string;
  from: string;
  to: string;
  station: { id: string; name: string; timeZone: string };
  composedAt: string;
}

function figure(sections: readonly WeeklySection[], key: string): CellValue {
  for (const s of sections) for (const f of s.figures) if (f.key === key) return f.value;
  return null;
}

const count = (v: CellValue): number => (typeof v === 'number' ? v : 0);
const rate = (v: CellValue): number | null => (typeof v === 'number' ? v : null);

export function composeWeeklyReport(frame: WeeklyReportFrame, sections: readonly WeeklySection[]): WeeklyReportSnapshot {
  return {
    ...frame,
    headline: {
      viewings: count(figure(sections, 'viewings')),
      viewingsHeld: count(figure(sections, 'viewingsHeld')),
      participationRate: rate(figure(sections, 'participationRate')),
      coursewareReceived: count(figure(sections, 'coursewareReceived')),
      uptime: rate(figure(sections, 'uptime')),
      alerts: count(figure(sections, 'alerts')),
    },
    sections: [...sections],
  };
}

/**
 * A section's lines as plain text, for the county (the event carries them; the hub shows them as sent). Bounded so
 * that a busy week's event stays far inside the protocol's 256 KiB an event (12 sections × 40 lines × 120
 * characters is under 180 KiB in UTF-8): the station's printed report has every row.
 */
export const EVENT_LINES_PER_SECTION = 40;
export const EVENT_LINE_CHARS = 120;

export function sectionLines(section: WeeklySection): string[] {
  const figures = section.figures.map((f) => `${f.label}：${cellText(f.value, f.type)}`);
  const rows = section.rows.map((r) => section.columns.map((c) => cellText(r[c.key] ?? null, c.type)).join(' · '));
  const lines = [...figures, ...rows].map((l) => [...l].slice(0, EVENT_LINE_CHARS).join(''));
  if (lines.length <= EVENT_LINES_PER_SECTION) return lines;
  const kept = lines.slice(0, EVENT_LINES_PER_SECTION - 1);
  return [...kept, `……另有 ${lines.length - kept.length} 行，见站点的每周一报`];
}

function cellText(value: CellValue, type: ColumnType): string {
  if (value === null) return '—';
  if (type === 'percent' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`;
  return String(value);
}
