// Reads a roster spreadsheet (CSV in UTF-8 or GBK/GB18030, or XLSX) into header-keyed rows numbered as Excel shows them,
// within the caps of roster-limits.ts: rows, columns, cell length, file size and an XLSX's inflated size. It runs in
// the roster reader's worker thread (roster-reader.ts), never on the agent's event loop.
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { RosterError } from './roster-error.pure.ts';
import { looksLikeHeaderRow } from './roster-columns.pure.ts';
import { MAX_CELL_CHARS, MAX_ROSTER_COLUMNS, MAX_ROSTER_FILE_BYTES, MAX_ROSTER_ROWS, fileTooLarge } from './roster-limits.pure.ts';
import { checkXlsxInflation } from './xlsx-inflation.ts';
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

/** How far down a title block ("XX村党员花名册", date, unit) may push the header before we stop looking. */
const HEADER_SEARCH_ROWS = 10;

/** Characters of one CSV record (all its cells): past this the parser stops rather than buffer a runaway quote. */
const MAX_CSV_RECORD_CHARS = 64 * 1024;

/** Rows with anything in them, across every sheet of a workbook, before it is loaded whole (title rows, a 说明 sheet). */
const MAX_XLSX_FILLED_ROWS = MAX_ROSTER_ROWS + 1_000;

export async function readRosterFile(bytes: Buffer, fileName: string): Promise<RosterFile> {
  const ext = path.extname(fileName).toLowerCase();
  if (bytes.length === 0) throw RosterError.ofFile('empty_file', { problem: 'no_bytes', fileName });
  if (bytes.length > MAX_ROSTER_FILE_BYTES) throw fileTooLarge(fileName, bytes.length);
  switch (ext) {
    case '.csv': {
      const { text, format } = decodeCsv(bytes, fileName);
      const grid = new RosterGrid(fileName);
      await csvRows(text, fileName, grid);
      return { format, ...grid.finish() };
    }
    case '.xlsx': {
      const grid = new RosterGrid(fileName);
      await xlsxRows(bytes, fileName, grid);
      return { format: 'xlsx', ...grid.finish() };
    }
    case '.xls':
    case '.et':
      throw RosterError.ofFile('unsupported_file', { fileName, kind: 'old_excel' });
    default:
      throw RosterError.ofFile('unsupported_file', { fileName, kind: 'unknown' });
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
    throw RosterError.ofFile('unreadable_file', { problem: 'excel_as_csv', fileName });
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw RosterError.ofFile('unreadable_file', { problem: 'utf16', fileName });
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
    throw RosterError.ofFile('unreadable_file', { problem: 'not_text', fileName });
  }
  return decoded;
}

/** The text in pieces, so the parser hands over records as it goes and stops reading at the first cap. */
function* pieces(text: string, size = 64 * 1024): Generator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function csvRows(text: string, fileName: string, grid: RosterGrid): Promise<void> {
  // Empty lines are kept as records so that the record index is the row number Excel shows.
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true, max_record_size: MAX_CSV_RECORD_CHARS });
  const source = Readable.from(pieces(text));
  source.pipe(parser);
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) grid.add(++rowNumber, record);
  } catch (err) {
    if (err instanceof RosterError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw RosterError.ofFile('cell_too_long', { problem: 'record', fileName, rowNumber: rowNumber + 1, max: MAX_CSV_RECORD_CHARS });
    }
    throw RosterError.ofFile('unreadable_file', { problem: 'csv', fileName, detail });
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
}

async function xlsxRows(bytes: Buffer, fileName: string, grid: RosterGrid): Promise<void> {
  // First the parts' sizes, inflating nothing past the cap; then a streaming count of the rows, so a sheet of
  // 100,000 rows is refused after 6,000 of them; only then the whole workbook, for merged cells and dates.
  await checkXlsxInflation(bytes, fileName);
  const excel = await loadExcelJs();
  await countXlsxRows(excel, bytes, fileName);
  const workbook = await loadWorkbook(excel, bytes, fileName);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw RosterError.ofFile('empty_file', { problem: 'no_sheet', fileName });
  // eachRow cannot be stopped, so the first cap reached is kept and thrown after it.
  let stopped: unknown;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (stopped !== undefined) return;
    const values: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      values[col - 1] = cellText(cell.value).trim();
    });
    try {
      grid.add(rowNumber, Array.from(values, (v) => v ?? ''));
    } catch (err) {
      stopped = err;
    }
  });
  if (stopped !== undefined) throw stopped;
}

/**
 * exceljs 4.4 loses a part now and then when the process is busy: its streaming reader's iterate-stream can miss a
 * zip entry's data (`this.model` stays undefined, "Cannot read properties of undefined (reading 'sheets')"), and
 * `load` once came back from xl/workbook.xml empty the same way (exceljs#962). Measured: about 1 read in 300 of a
 * good file under load, never twice in a row. So exceljs's own TypeError is tried again on fresh objects, up to
 * three reads; a file that is really broken fails the same way each time and is refused as before.
 */
const EXCELJS_READS = 3;

async function withExcelJsRetry<T>(fileName: string, what: string, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt < EXCELJS_READS && err instanceof TypeError) {
        process.emitWarning(`exceljs could not ${what} ${fileName} (${err.message}); reading it once more`);
        continue;
      }
      throw unreadableXlsx(fileName, err);
    }
  }
}

/** The whole workbook, for merged cells and dates. */
async function loadWorkbook(excel: typeof ExcelJS, bytes: Buffer, fileName: string): Promise<ExcelJS.Workbook> {
  return withExcelJsRetry(fileName, 'load', async () => {
    const workbook = new excel.Workbook();
    // exceljs declares its own global Buffer that Node's Buffer type no longer satisfies; a plain ArrayBuffer copy does.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    return workbook;
  });
}

function unreadableXlsx(fileName: string, err: unknown): RosterError {
  if (err instanceof RosterError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return RosterError.ofFile('unreadable_file', { problem: 'xlsx', fileName, detail });
}

/** Streams every sheet and counts the rows that hold anything, stopping at the cap. */
async function countXlsxRows(excel: typeof ExcelJS, bytes: Buffer, fileName: string): Promise<void> {
  await withExcelJsRetry(fileName, 'count the rows of', async () => {
    const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      sharedStrings: 'ignore',
      styles: 'ignore',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    let filled = 0;
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (row.hasValues && ++filled > MAX_XLSX_FILLED_ROWS) throw tooManyRows(fileName, row.number);
      }
    }
  });
}

export function tooManyRows(fileName: string, rowNumber: number): RosterError {
  return RosterError.ofFile('too_many_rows', { fileName, rowNumber, max: MAX_ROSTER_ROWS });
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

/**
 * Collects a file's rows as they are read: finds the header among the first filled rows, keys each member row's
 * cells by it, and stops the read at the first cap (too many member rows, a cell past column 100, a cell too long).
 * Blank rows (Excel's numbered template rows included) cost nothing.
 */
class RosterGrid {
  readonly #fileName: string;
  /** Filled rows seen before the header is known (a title block): at most HEADER_SEARCH_ROWS. */
  readonly #pending: { rowNumber: number; values: string[] }[] = [];
  #headers: string[] | null = null;
  /** Column index of each distinct, non-blank header; a repeated header keeps its first column. */
  #columns: [string, number][] = [];
  readonly #rows: RosterFileRow[] = [];

  constructor(fileName: string) {
    this.#fileName = fileName;
  }

  add(rowNumber: number, raw: readonly string[]): void {
    const values = this.#checked(rowNumber, raw);
    if (!values.some((v) => v !== '')) return;
    if (this.#headers !== null) return this.#addMember(rowNumber, values);
    if (looksLikeHeaderRow(values)) {
      this.#pending.length = 0;
      return this.#setHeader(values);
    }
    this.#pending.push({ rowNumber, values });
    if (this.#pending.length === HEADER_SEARCH_ROWS) this.#headerFromPending();
  }

  finish(): Omit<RosterFile, 'format'> {
    if (this.#headers === null) {
      if (this.#pending.length === 0) throw RosterError.ofFile('empty_file', { problem: 'no_rows', fileName: this.#fileName });
      this.#headerFromPending();
    }
    return { headers: this.#headers!, rows: this.#rows };
  }

  /** Without a recognisable header the first row stands in, so the error can say which columns it saw. */
  #headerFromPending(): void {
    const [first, ...rest] = this.#pending.splice(0);
    this.#setHeader(first!.values);
    for (const row of rest) this.#addMember(row.rowNumber, row.values);
  }

  #setHeader(values: string[]): void {
    this.#headers = values;
    const seen = new Set<string>();
    values.forEach((header, i) => {
      // A repeated header keeps its first column; the column mapping reports a repeat it cares about.
      if (header === '' || seen.has(header)) return;
      seen.add(header);
      this.#columns.push([header, i]);
    });
  }

  #addMember(rowNumber: number, values: readonly string[]): void {
    if (this.#rows.length >= MAX_ROSTER_ROWS) throw tooManyRows(this.#fileName, rowNumber);
    this.#rows.push({ rowNumber, cells: Object.fromEntries(this.#columns.map(([header, i]) => [header, values[i] ?? ''])) });
  }

  /** The row's cells, trimmed, up to the last filled one; refused past column 100 or past 1,000 characters. */
  #checked(rowNumber: number, raw: readonly string[]): string[] {
    let last = raw.length - 1;
    while (last >= 0 && (raw[last] ?? '').trim() === '') last--;
    if (last >= MAX_ROSTER_COLUMNS) {
      throw RosterError.ofFile('too_many_columns', { fileName: this.#fileName, rowNumber, column: last + 1, max: MAX_ROSTER_COLUMNS });
    }
    const values: string[] = [];
    for (let i = 0; i <= last; i++) {
      const value = (raw[i] ?? '').trim();
      if (value.length > MAX_CELL_CHARS) {
        throw RosterError.ofFile('cell_too_long', { problem: 'cell', fileName: this.#fileName, rowNumber, column: i + 1, length: value.length, max: MAX_CELL_CHARS });
      }
      values.push(value);
    }
    return values;
  }
}
