// The roster-import tests' files and station: the five-person roster in Chinese and English headers, written as
// CSV (UTF-8, with a BOM, GBK) and XLSX the way Excel and WPS write them, and a fresh station database per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, expect } from 'vitest';
import { RosterError } from '../../../agent/roster/member-store.ts';
import { importRoster, type ImportResult } from '../../../agent/roster/roster-import.ts';
import { oneLine } from '../../../protocol/refusals/bilingual.pure.ts';
import { rowProblemText } from '../../../protocol/refusals/roster-row-texts.pure.ts';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';

export const T0 = Date.UTC(2024, 4, 1, 2, 0, 0);
export const T1 = T0 + 3_600_000;

export const ZH_HEADER = ['姓名', '性别', '类别', '所在支部', '卡号', '手机号'];
export const ZH_ROWS = [
  ['张三', '男', '正式党员', '第一支部', '04a1b2c3', '13800000001'],
  ['李四', '女', '预备党员', '第一支部', '', '138 0000 0002'],
  ['王五', '男', '流动党员', '第二支部', '04A1B2C4', ''],
  ['赵六', '女', '入党积极分子', '第二支部', '', ''],
  ['钱七', '', '群众', '第二支部', '', '139-0000-0003'],
];
export const EN_HEADER = ['Name', 'Gender', 'Category', 'Branch', 'Card UID', 'Phone'];
export const EN_ROWS = [
  ['张三', 'M', 'full', '第一支部', '04A1B2C3', '13800000001'],
  ['李四', 'female', 'Probationary', '第一支部', '', '13800000002'],
  ['王五', 'male', 'mobile_in', '第二支部', '04a1b2c4', ''],
  ['赵六', 'F', 'activist', '第二支部', '', ''],
  ['钱七', '', 'other', '第二支部', '', '13900000003'],
];

/** The members every fixture of the five-person roster must produce, in insertion (file) order. */
export const EXPECTED = [
  { name: '张三', gender: 'male', category: 'full', branch: '第一支部', card_uid: '04A1B2C3', phone: '13800000001' },
  { name: '李四', gender: 'female', category: 'probationary', branch: '第一支部', card_uid: null, phone: '13800000002' },
  { name: '王五', gender: 'male', category: 'mobile_in', branch: '第二支部', card_uid: '04A1B2C4', phone: null },
  { name: '赵六', gender: 'female', category: 'activist', branch: '第二支部', card_uid: null, phone: null },
  { name: '钱七', gender: null, category: 'other', branch: '第二支部', card_uid: null, phone: '13900000003' },
].map((m, i) => ({ id: i + 1, ...m, hardship: 0, active_from: '2024-05-01', active_to: null, created_at: T0, updated_at: T0 }));

// Excel writes CRLF line ends; quoting every cell keeps commas in cells from mattering.
function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/u.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
}

export const utf8 = (rows: readonly (readonly string[])[]): Buffer => Buffer.from(csvText(rows), 'utf8');
export const utf8Bom = (rows: readonly (readonly string[])[]): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(rows)]);
export const gbk = (rows: readonly (readonly string[])[]): Buffer => iconv.encode(csvText(rows), 'gbk');

export async function xlsx(rows: readonly (readonly ExcelJS.CellValue[])[], shape?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('党员名册');
  for (const row of rows) sheet.addRow([...row]);
  shape?.(sheet);
  workbook.addWorksheet('说明').addRow(['这张表不会被读取']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

let dir: string | undefined;
let station: Db | undefined;

/** A fresh station database for each test of the file that calls this (at its top level). */
export function freshStationEachTest(): void {
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-roster-'));
    station = openStationDatabase(dir);
  });
  afterEach(() => {
    station?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    station = dir = undefined;
  });
}

/** The current test's station database. */
export function db(): Db {
  if (!station) throw new Error('freshStationEachTest() was not called');
  return station;
}

export const members = (): unknown[] => db().prepare('SELECT * FROM members ORDER BY id').all();
export const logMessages = (): string[] => (db().prepare('SELECT message FROM station_log ORDER BY id').all() as { message: string }[]).map((r) => r.message);
export const counts = (): unknown => db().prepare(`SELECT (SELECT COUNT(*) FROM members) AS members, (SELECT COUNT(*) FROM station_log) AS log, (SELECT COUNT(*) FROM outbox) AS outbox`).get();

/** The answer with each row problem as a reader words it (both languages, as the CLI prints it) instead of its values. */
export function worded(result: ImportResult) {
  return {
    ...result,
    invalid: result.invalid.map((e) => {
      const { params: _params, ...where } = e;
      return { ...where, message: oneLine(rowProblemText(e, e.field)) };
    }),
  };
}

export function run(bytes: Buffer, fileName: string, at = T0, skipInvalid?: boolean): Promise<ImportResult> {
  return importRoster(db(), bytes, fileName, { actor: 'admin', at, ...(skipInvalid === undefined ? {} : { skipInvalid }) });
}

export async function rejection(promise: Promise<unknown>): Promise<RosterError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    return err as RosterError;
  }
  throw new Error('expected a RosterError');
}
