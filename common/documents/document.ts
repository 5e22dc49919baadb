// The export document model: what every record (月度报表, 签到表 …) is before it becomes CSV, XLSX, HTML or PDF. Pure.
//
// Decisions, written down once here:
// - Values are in the station's wall-clock terms, as the paper books are: a date is 'YYYY-MM-DD', a
//   datetime 'YYYY-MM-DD HH:mm', a time 'HH:mm' (station-local). Renderers never see an instant, so no
//   renderer can shift a time by the machine's own zone.
// - A percent is the ratio itself (0.6667), as monthlyReport gives it; each renderer formats it.
// - null is "no value" ("—" on paper and in the files): a rate with nobody registered, an uptime not
//   measured at the station. A zero is a zero.
// - Widths are in character cells, a Chinese character counting two (as Excel counts them).

export const COLUMN_TYPES = ['text', 'integer', 'number', 'percent', 'date', 'datetime', 'time'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export type CellValue = string | number | null;
export type Row = Record<string, CellValue>;

export interface Column {
  key: string;
  title: string;
  type: ColumnType;
  /** Character cells (a CJK character is two). */
  width: number;
  /** Decimals shown for 'number' columns; default 1. */
  decimals?: number;
}

export interface Section {
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
  /** The totals line, shown after the rows; its first column holds `totalsLabel`. */
  totals?: Row;
  /** What to print when there are no rows. */
  emptyText: string;
}

export interface Figure {
  key: string;
  label: string;
  type: ColumnType;
  value: CellValue;
  decimals?: number;
}

export interface DocumentPeriod {
  /** First day covered, 'YYYY-MM-DD'. */
  from: string;
  /** Last day covered (inclusive). */
  to: string;
  /** How the period is written on the page: '2026年5月', '2026-05-01 至 2026-05-31'. */
  label: string;
}

export interface ExportDocument {
  kind: string;
  title: string;
  station: { id: string; name: string };
  period: DocumentPeriod;
  /** Station-local 'YYYY-MM-DD HH:mm'. */
  generatedAt: string;
  orientation: 'portrait' | 'landscape';
  summary: Figure[];
  sections: Section[];
  notes: string[];
  /** Lines to sign on paper: '操作员（签字）'. */
  signatures: string[];
}

/** What stands where there is no value, on paper and in the files. */
export const NO_VALUE = '—';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}$/;

/** Why a value does not fit its column type, or null when it does. */
export function cellProblem(value: CellValue, type: ColumnType): string | null {
  if (value === null) return null;
  switch (type) {
    case 'text':
      return typeof value === 'string' ? null : `text expected, got ${typeof value}`;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? null : `integer expected, got ${String(value)}`;
    case 'number':
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${type} expected, got ${String(value)}`;
    case 'date':
      return typeof value === 'string' && DATE_RE.test(value) ? null : `YYYY-MM-DD expected, got ${String(value)}`;
    case 'datetime':
      return typeof value === 'string' && DATETIME_RE.test(value) ? null : `YYYY-MM-DD HH:mm expected, got ${String(value)}`;
    case 'time':
      return typeof value === 'string' && TIME_RE.test(value) ? null : `HH:mm expected, got ${String(value)}`;
  }
}

/** Every value of a document that does not fit its column (or figure) type; empty when the document is sound. */
export function documentProblems(doc: ExportDocument): string[] {
  const problems: string[] = [];
  for (const f of doc.summary) {
    const p = cellProblem(f.value, f.type);
    if (p) problems.push(`summary ${f.key}: ${p}`);
  }
  for (const s of doc.sections) {
    const keys = new Set(s.columns.map((c) => c.key));
    const check = (row: Row, where: string) => {
      for (const key of Object.keys(row)) if (!keys.has(key)) problems.push(`${s.id} ${where}: unknown column ${key}`);
      for (const c of s.columns) {
        const p = cellProblem(row[c.key] ?? null, c.type);
        if (p) problems.push(`${s.id} ${where} ${c.key}: ${p}`);
      }
    };
    s.rows.forEach((row, i) => check(row, `row ${i + 1}`));
    // The totals line's first cell is its label, whatever the column's type.
    if (s.totals) check({ ...s.totals, [s.columns[0]!.key]: null }, 'totals');
  }
  return problems;
}

/** A number with at most `decimals` decimals and no trailing zeros: 45 → '45', 45.25 → '45.3' (1 decimal). */
export function formatNumber(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** A rate as people read it on paper and on screen: 0.6667 → '66.7%' (as `yuanjiao report month` prints it). */
export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** The text of a value on a printed page. */
export function displayValue(value: CellValue, type: ColumnType, decimals = 1): string {
  if (value === null) return NO_VALUE;
  if (typeof value === 'string') return value;
  switch (type) {
    case 'percent':
      return formatPercent(value);
    case 'number':
      return formatNumber(value, decimals);
    default:
      return String(value);
  }
}

/** Columns a string takes: CJK and full-width forms take two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000 ? 2 : 1;
  }
  return width;
}

/** '2026年5月' for a month 'YYYY-MM'. */
export function monthLabel(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

/** The period line of a date range: one day, a whole calendar month, or 'from 至 to'. */
export function rangeLabel(from: string, to: string): string {
  if (from === to) return from;
  const lastDay = new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)), 0)).getUTCDate();
  if (from.slice(0, 7) === to.slice(0, 7) && from.endsWith('-01') && Number(to.slice(8, 10)) === lastDay) return monthLabel(from.slice(0, 7));
  return `${from} 至 ${to}`;
}
