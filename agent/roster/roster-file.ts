// Reads a roster spreadsheet (CSV in UTF-8 or GBK/GB18030, or XLSX) into header-keyed rows numbered as Excel shows them.
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { RosterError } from './member-store.ts';
import { looksLikeHeaderRow } from './roster-columns.ts';
import { loadExcelJs } from '../../common/load-exceljs.ts';

export type RosterFileFormat = 'csv-utf8' | 'csv-utf8-bom' | 'csv-gb18030' | 'xlsx';

export interface RosterFileRow {
  /** The row number Excel shows: the header is usually row 1 and the first member row 2. */
  rowNumber: number;
  /** Trimmed cell text keyed by the header text; a cell missing at the end of a short line is ''. */
  cells: Record<string, string>;
}

export interface RosterFile {
  format: RosterFileFormat;
  /** The header row's cells in column order ('' for a blank header), so a file with no member rows can still be checked. */
  headers: string[];
  rows: RosterFileRow[];
}

interface GridRow {
  rowNumber: number;
  values: string[];
}

/** How far down a title block ("XX村党员花名册", date, unit) may push the header before we stop looking. */
const HEADER_SEARCH_ROWS = 10;

export async function readRosterFile(bytes: Buffer, fileName: string): Promise<RosterFile> {
  const ext = path.extname(fileName).toLowerCase();
  if (bytes.length === 0) throw new RosterError('empty_file', `文件 ${fileName} 是空的`, `file ${fileName} is empty`);
  switch (ext) {
    case '.csv': {
      const { text, format } = decodeCsv(bytes, fileName);
      return { format, ...toRosterRows(csvGrid(text, fileName), fileName) };
    }
    case '.xlsx':
      return { format: 'xlsx', ...toRosterRows(await xlsxGrid(bytes, fileName), fileName) };
    case '.xls':
    case '.et':
      throw new RosterError(
        'unsupported_file',
        `不支持旧版 Excel 文件 ${fileName}，请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入`,
        `old binary Excel file ${fileName} is not supported; save it as .xlsx or CSV and import that`,
      );
    default:
      throw new RosterError(
        'unsupported_file',
        `无法识别文件 ${fileName} 的类型，请导入 .xlsx 或 .csv 文件`,
        `cannot tell what ${fileName} is; import an .xlsx or .csv file`,
      );
  }
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Excel and WPS in China save "CSV" as GBK unless told to use UTF-8, and the bytes carry no label.
 * Real Chinese text in GBK is essentially never valid UTF-8, so strict UTF-8 decoding decides;
 * GB18030 is a superset of GBK and decodes both.
 */
function decodeCsv(bytes: Buffer, fileName: string): { text: string; format: RosterFileFormat } {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new RosterError(
      'unreadable_file',
      `${fileName} 实际上是 Excel 工作簿而不是 CSV，请把扩展名改为 .xlsx，或在 Excel 中另存为 CSV`,
      `${fileName} is an Excel workbook, not CSV; rename it to .xlsx or save it as CSV`,
    );
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new RosterError(
      'unreadable_file',
      `${fileName} 是 UTF-16（“Unicode 文本”）编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”`,
      `${fileName} is UTF-16 ("Unicode text"); save it as "CSV UTF-8 (comma delimited)"`,
    );
  }
  let decoded: { text: string; format: RosterFileFormat };
  try {
    // TextDecoder drops a leading BOM by itself, so the first header is "姓名", not "\uFEFF姓名".
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    decoded = { text, format: startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 'csv-utf8-bom' : 'csv-utf8' };
  } catch {
    decoded = { text: iconv.decode(bytes, 'gb18030'), format: 'csv-gb18030' };
  }
  if (decoded.text.includes('\u0000')) {
    throw new RosterError('unreadable_file', `${fileName} 不是文本文件，无法按 CSV 读取`, `${fileName} is not a text file and cannot be read as CSV`);
  }
  return decoded;
}

function csvGrid(text: string, fileName: string): GridRow[] {
  let records: string[][];
  try {
    // Empty lines are kept as records so that the record index is the row number Excel shows.
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new RosterError('unreadable_file', `无法读取 CSV 文件 ${fileName}：${detail}`, `cannot read CSV file ${fileName}: ${detail}`);
  }
  return records.map((values, i) => ({ rowNumber: i + 1, values: values.map((v) => v.trim()) }));
}

async function xlsxGrid(bytes: Buffer, fileName: string): Promise<GridRow[]> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    // exceljs declares its own global Buffer that Node's Buffer type no longer satisfies; a plain ArrayBuffer copy does.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new RosterError(
      'unreadable_file',
      `无法打开 Excel 文件 ${fileName}（文件可能已损坏或不是 .xlsx）：${detail}`,
      `cannot open Excel file ${fileName} (damaged, or not .xlsx): ${detail}`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new RosterError('empty_file', `Excel 文件 ${fileName} 中没有工作表`, `Excel file ${fileName} has no worksheet`);
  const grid: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) values.push(cellText(row.getCell(col).value).trim());
    grid.push({ rowNumber, values });
  });
  return grid;
}

/** Text as a person reads the cell: phone and card numbers are often stored as numbers, dates as dates. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // exceljs turns a date cell's serial number into a Date at UTC midnight of that calendar day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? '' : cellText(value.result);
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return '';
}

function toRosterRows(grid: readonly GridRow[], fileName: string): Omit<RosterFile, 'format'> {
  const filled = grid.filter((row) => row.values.some((v) => v !== ''));
  if (filled.length === 0) throw new RosterError('empty_file', `文件 ${fileName} 中没有内容`, `file ${fileName} has nothing in it`);
  const found = filled.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => looksLikeHeaderRow(row.values));
  // Without a recognisable header the first row stands in, so the error can say which columns it saw.
  const headerIndex = found < 0 ? 0 : found;
  const headers = filled[headerIndex]!.values;
  const rows = filled.slice(headerIndex + 1).map((row) => {
    const cells: [string, string][] = [];
    const seen = new Set<string>();
    headers.forEach((header, i) => {
      // A repeated header keeps its first column; the column mapping reports a repeat it cares about.
      if (header === '' || seen.has(header)) return;
      seen.add(header);
      cells.push([header, row.values[i] ?? '']);
    });
    return { rowNumber: row.rowNumber, cells: Object.fromEntries(cells) };
  });
  return { headers, rows };
}
