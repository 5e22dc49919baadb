// XLSX for Excel/WPS: numbers as numeric cells, rates as numbers in 0.0% format, dates as real dates,
// column widths, a bold frozen header and the title/station/period rows on top of every sheet.
//
// Decided layout: a 概要 sheet (the summary figures, the notes, the signature lines) and one sheet per
// section, so each table has its own frozen header and prints on its own with the header row repeated.
// Wall-clock values go in as UTC dates with the same digits: Excel dates have no time zone, and the
// paper book shows the station's own clock.
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../load-exceljs.ts';
import { NO_VALUE, documentWords, textWidth, type CellValue, type Column, type ColumnType, type ExportDocument } from './document.pure.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFE6D2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function numFmt(type: ColumnType, decimals = 1): string | undefined {
  switch (type) {
    case 'integer':
      return '0';
    case 'number':
      return decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
    case 'percent':
      return '0.0%';
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm';
    case 'time':
      return 'hh:mm';
    case 'text':
      return undefined;
  }
}

/** The value Excel should hold: numbers stay numbers, dates become dates, times fractions of a day. */
export function xlsxValue(value: CellValue, type: ColumnType): ExcelJS.CellValue {
  if (value === null) return NO_VALUE;
  if (typeof value === 'number') return value;
  switch (type) {
    case 'date':
      return new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10))));
    case 'datetime':
      return new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)), Number(value.slice(11, 13)), Number(value.slice(14, 16))));
    case 'time':
      return (Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5))) / 1440;
    default:
      return value;
  }
}

function setCell(cell: ExcelJS.Cell, value: CellValue, type: ColumnType, decimals?: number): void {
  cell.value = xlsxValue(value, type);
  const format = value === null ? undefined : numFmt(type, decimals);
  if (format) cell.numFmt = format;
  cell.alignment = value === null ? { horizontal: 'center', vertical: 'top' } : type === 'text' ? { vertical: 'top', wrapText: true } : { horizontal: type === 'integer' || type === 'number' || type === 'percent' ? 'right' : 'center', vertical: 'top' };
  cell.border = THIN;
}

/** Excel's page header codes treat '&' as a command: a literal one is doubled. */
function headerText(text: string): string {
  return text.replace(/&/g, '&&');
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 28) || '表';
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}

function prepareSheet(workbook: ExcelJS.Workbook, doc: ExportDocument, name: string, columns: { width: number }[], headerRow: number): ExcelJS.Worksheet {
  const w = documentWords(doc);
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: doc.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${headerText(doc.station.name)}&C${headerText(doc.title)}&R${headerText(doc.period.label)}`,
      oddFooter: `&C${headerText(w.pages[0])}&P${headerText(w.pages[1])}&N${headerText(w.pages[2])}`,
    },
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const span = Math.max(2, columns.length);
  const lines: [string, Partial<ExcelJS.Font>][] = [
    [doc.title, { bold: true, size: 14 }],
    [`${w.station}${w.colon}${doc.station.name}`, {}],
    [`${w.period}${w.colon}${doc.period.label}${doc.lang === 'en' ? '    ' : '\u3000\u3000'}${w.generatedAt}${w.colon}${doc.generatedAt}`, {}],
  ];
  lines.forEach(([text, font], i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = font;
    sheet.mergeCells(i + 1, 1, i + 1, span);
  });
  return sheet;
}

function headerCells(sheet: ExcelJS.Worksheet, rowNumber: number, titles: string[]): void {
  const row = sheet.getRow(rowNumber);
  titles.forEach((title, i) => {
    const cell = row.getCell(i + 1);
    cell.value = title;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
}

function columnWidth(c: Column): number {
  return Math.max(c.width, textWidth(c.title) + 2);
}

export async function renderXlsx(doc: ExportDocument): Promise<Buffer> {
  const w = documentWords(doc);
  const workbook = new (await loadExcelJs()).Workbook();
  workbook.creator = 'Yuanjiao 远教';
  workbook.title = `${doc.station.name} ${doc.title} ${doc.period.label}`;
  // The generation time, not the clock of this write: the file says when its figures were taken.
  const created = xlsxValue(doc.generatedAt, 'datetime') as Date;
  workbook.created = created;
  workbook.modified = created;
  const used = new Set<string>();

  // 概要: the figures as 项目 | 数值, then the notes and the lines to sign.
  const labelWidth = Math.max(16, ...doc.summary.map((f) => textWidth(f.label) + 2));
  const summary = prepareSheet(workbook, doc, sheetName(w.summary, used), [{ width: labelWidth }, { width: 22 }], 5);
  summary.getRow(4).getCell(1).value = null;
  headerCells(summary, 5, [w.item, w.value]);
  doc.summary.forEach((f, i) => {
    const row = summary.getRow(6 + i);
    row.getCell(1).value = f.label;
    row.getCell(1).border = THIN;
    setCell(row.getCell(2), f.value, f.type, f.decimals);
  });
  let next = 6 + doc.summary.length + 1;
  if (doc.notes.length > 0) {
    summary.getRow(next).getCell(1).value = w.notes;
    summary.getRow(next).getCell(1).font = { bold: true };
    next += 1;
    for (const note of doc.notes) {
      const cell = summary.getRow(next).getCell(1);
      cell.value = note;
      cell.alignment = { wrapText: true, vertical: 'top' };
      summary.mergeCells(next, 1, next, 2);
      summary.getRow(next).height = Math.ceil(textWidth(note) / (labelWidth + 22)) * 15 + 3;
      next += 1;
    }
    next += 1;
  }
  for (const signature of doc.signatures) {
    summary.getRow(next).getCell(1).value = `${signature}${w.colon}`;
    summary.getRow(next).getCell(2).border = { bottom: { style: 'thin' } };
    next += 2;
  }

  for (const s of doc.sections) {
    const sheet = prepareSheet(workbook, doc, sheetName(s.title, used), s.columns.map((c) => ({ width: columnWidth(c) })), 5);
    sheet.getRow(4).getCell(1).value = s.title;
    sheet.getRow(4).getCell(1).font = { bold: true };
    headerCells(sheet, 5, s.columns.map((c) => c.title));
    let r = 6;
    for (const row of s.rows) {
      const line = sheet.getRow(r++);
      s.columns.forEach((c, i) => setCell(line.getCell(i + 1), row[c.key] ?? null, c.type, c.decimals));
    }
    if (s.rows.length === 0) {
      sheet.getRow(r).getCell(1).value = s.emptyText;
      sheet.mergeCells(r, 1, r, Math.max(1, s.columns.length));
      r += 1;
    }
    if (s.totals) {
      const totals = s.totals;
      const line = sheet.getRow(r++);
      s.columns.forEach((c, i) => {
        const cell = line.getCell(i + 1);
        if (i === 0) {
          cell.value = String(totals[c.key] ?? w.total);
          cell.border = THIN;
        } else if (totals[c.key] === undefined) {
          cell.border = THIN;
        } else {
          setCell(cell, totals[c.key] ?? null, c.type, c.decimals);
        }
        cell.font = { bold: true };
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
