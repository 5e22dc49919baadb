// CSV for Excel and for machines: UTF-8 with a BOM (Excel in China opens it as UTF-8, not GBK), CRLF lines.
//
// Decided layout, one file per document: the title, station, period and generation time on top; then the
// summary as 项目,数值 pairs; then each section after a blank row, as a title row, its header row, its rows
// and its totals; then the notes and the signature lines. A program reading it splits on blank rows.
// Numbers are plain numbers; a percent is written '66.67%' (Excel reads it as the number 0.6667 in percent
// format, and two decimals keep every digit monthlyReport gives); no value is '—'.
import { stringify } from 'csv-stringify/sync';
import { NO_VALUE, documentWords, type CellValue, type ColumnType, type ExportDocument } from './document.pure.ts';

/** A cell as CSV writes it. Text that Excel would run as a formula (=, +, -, @) is kept as text with a leading '. */
export function csvCell(value: CellValue, type: ColumnType): string | number {
  if (value === null) return NO_VALUE;
  if (typeof value === 'number') return type === 'percent' ? `${Number((value * 100).toFixed(2))}%` : value;
  return type === 'text' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function renderCsv(doc: ExportDocument): Buffer {
  const w = documentWords(doc);
  const rows: (string | number)[][] = [
    [doc.title],
    [w.station, csvCell(doc.station.name, 'text')],
    [w.period, doc.period.label],
    [w.generatedAt, doc.generatedAt],
    [],
    [w.summary],
    [w.item, w.value],
    ...doc.summary.map((f) => [f.label, csvCell(f.value, f.type)]),
  ];
  for (const s of doc.sections) {
    rows.push([], [s.title], s.columns.map((c) => c.title));
    for (const row of s.rows) rows.push(s.columns.map((c) => csvCell(row[c.key] ?? null, c.type)));
    if (s.rows.length === 0) rows.push([s.emptyText]);
    if (s.totals) {
      const totals = s.totals;
      rows.push(s.columns.map((c, i) => (i === 0 ? String(totals[c.key] ?? w.total) : totals[c.key] === undefined ? '' : csvCell(totals[c.key] ?? null, c.type))));
    }
  }
  if (doc.notes.length > 0) rows.push([], [w.notes], ...doc.notes.map((n) => [n]));
  if (doc.signatures.length > 0) rows.push([], ...doc.signatures.map((s) => [s, '']));
  return Buffer.from(stringify(rows, { bom: true, record_delimiter: 'windows' }), 'utf8');
}
