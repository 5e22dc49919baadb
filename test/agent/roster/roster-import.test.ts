// Roster import end to end: real files in every format Excel and WPS write, into a real SQLite database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemberStore, RosterError } from '../../../agent/roster/member-store.ts';
import { readRosterFile } from '../../../agent/roster/roster-file.ts';
import { importRoster, type ImportResult } from '../../../agent/roster/roster-import.ts';
import { oneLine } from '../../../protocol/refusals/bilingual.pure.ts';
import { rowProblemText } from '../../../protocol/refusals/roster-row-texts.pure.ts';
import { openStationDatabase, type Db } from '../../../agent/store/database.ts';

const T0 = Date.UTC(2024, 4, 1, 2, 0, 0);
const T1 = T0 + 3_600_000;

const ZH_HEADER = ['姓名', '性别', '类别', '所在支部', '卡号', '手机号'];
const ZH_ROWS = [
  ['张三', '男', '正式党员', '第一支部', '04a1b2c3', '13800000001'],
  ['李四', '女', '预备党员', '第一支部', '', '138 0000 0002'],
  ['王五', '男', '流动党员', '第二支部', '04A1B2C4', ''],
  ['赵六', '女', '入党积极分子', '第二支部', '', ''],
  ['钱七', '', '群众', '第二支部', '', '139-0000-0003'],
];
const EN_HEADER = ['Name', 'Gender', 'Category', 'Branch', 'Card UID', 'Phone'];
const EN_ROWS = [
  ['张三', 'M', 'full', '第一支部', '04A1B2C3', '13800000001'],
  ['李四', 'female', 'Probationary', '第一支部', '', '13800000002'],
  ['王五', 'male', 'mobile_in', '第二支部', '04a1b2c4', ''],
  ['赵六', 'F', 'activist', '第二支部', '', ''],
  ['钱七', '', 'other', '第二支部', '', '13900000003'],
];

/** The members every fixture of the five-person roster must produce, in insertion (file) order. */
const EXPECTED = [
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

const utf8 = (rows: readonly (readonly string[])[]): Buffer => Buffer.from(csvText(rows), 'utf8');
const utf8Bom = (rows: readonly (readonly string[])[]): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(rows)]);
const gbk = (rows: readonly (readonly string[])[]): Buffer => iconv.encode(csvText(rows), 'gbk');

async function xlsx(rows: readonly (readonly ExcelJS.CellValue[])[], shape?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('党员名册');
  for (const row of rows) sheet.addRow([...row]);
  shape?.(sheet);
  workbook.addWorksheet('说明').addRow(['这张表不会被读取']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-roster-'));
  db = openStationDatabase(dir);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const members = (): unknown[] => db.prepare('SELECT * FROM members ORDER BY id').all();
const logMessages = (): string[] => (db.prepare('SELECT message FROM station_log ORDER BY id').all() as { message: string }[]).map((r) => r.message);
const counts = (): unknown => db.prepare(`SELECT (SELECT COUNT(*) FROM members) AS members, (SELECT COUNT(*) FROM station_log) AS log, (SELECT COUNT(*) FROM outbox) AS outbox`).get();

/** The answer with each row problem as a reader words it (both languages, as the CLI prints it) instead of its values. */
function worded(result: ImportResult) {
  return {
    ...result,
    invalid: result.invalid.map((e) => {
      const { params: _params, ...where } = e;
      return { ...where, message: oneLine(rowProblemText(e, e.field)) };
    }),
  };
}

function run(bytes: Buffer, fileName: string, at = T0, skipInvalid?: boolean): Promise<ImportResult> {
  return importRoster(db, bytes, fileName, { actor: 'admin', at, ...(skipInvalid === undefined ? {} : { skipInvalid }) });
}

async function rejection(promise: Promise<unknown>): Promise<RosterError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    return err as RosterError;
  }
  throw new Error('expected a RosterError');
}

describe('each file format imports the same members', () => {
  const fixtures: [string, string, () => Promise<Buffer> | Buffer, ImportResult['format']][] = [
    ['UTF-8 CSV, Chinese headers', 'roster.csv', () => utf8([ZH_HEADER, ...ZH_ROWS]), 'csv-utf8'],
    ['UTF-8 CSV with BOM', '名册.CSV', () => utf8Bom([ZH_HEADER, ...ZH_ROWS]), 'csv-utf8-bom'],
    ['GBK CSV as Excel in China saves it', 'roster.csv', () => gbk([ZH_HEADER, ...ZH_ROWS]), 'csv-gb18030'],
    ['UTF-8 CSV, English headers and values', 'roster.csv', () => utf8([EN_HEADER, ...EN_ROWS]), 'csv-utf8'],
    [
      'XLSX with phones stored as numbers',
      'roster.xlsx',
      () => xlsx([ZH_HEADER, ...ZH_ROWS.map((r) => [...r.slice(0, 5), r[5] === '' ? null : Number(r[5]!.replace(/\D/gu, ''))])]),
      'xlsx',
    ],
  ];

  it.each(fixtures)('%s', async (_label, fileName, make, format) => {
    const result = await run(await make(), fileName);
    expect(result).toEqual({ format, totalRows: 5, created: 5, updated: 0, unchanged: 0, invalid: [], invalidRows: 0, moreProblems: 0, written: true, ignoredColumns: [] });
    expect(members()).toEqual(EXPECTED);
    expect(logMessages()).toEqual([`导入党员名册 ${fileName}：新增 5，更新 0，未变 0`]);
    const entry = db.prepare('SELECT type, actor, at, detail FROM station_log').get() as { type: string; actor: string; at: number; detail: string };
    expect({ ...entry, detail: JSON.parse(entry.detail) }).toEqual({
      type: 'roster',
      actor: 'admin',
      at: T0,
      detail: {
        file: fileName,
        format,
        totalRows: 5,
        created: EXPECTED.map((m, i) => ({ id: m.id, name: m.name, row: i + 2 })),
        updated: [],
        unchanged: 0,
        skipped: [],
      },
    });
  });

  it('reads an XLSX the way county sheets are laid out: title row, merged branch cells, dates, rich text, numbered blank rows', async () => {
    const bytes = await xlsx(
      [
        ['城关镇东关村党员花名册'],
        [],
        ['序号', '姓名*', '性别', '人员类别', '支部', '手机', '起始日期', '截止日期'],
        [1, { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] }, '男', '正式', '第一支部', 13800000001, new Date(Date.UTC(2020, 6, 1)), null],
        [2, '李  四', '女', '预备', null, { formula: '"138"&"00000002"', result: '13800000002' }, '2023/7/1', '2024年12月31日'],
        [3, null, null, null, null, null, null, null],
        [4, null, null, null, null, null, null, null],
      ],
      (sheet) => {
        sheet.mergeCells('A1:H1');
        sheet.mergeCells('E4:E5');
      },
    );
    const file = await readRosterFile(bytes, 'huamingce.xlsx');
    expect(file.headers).toEqual(['序号', '姓名*', '性别', '人员类别', '支部', '手机', '起始日期', '截止日期']);
    expect(file.rows.map((r) => r.rowNumber)).toEqual([4, 5, 6, 7]);
    expect(file.rows[1]!.cells).toEqual({
      序号: '2',
      '姓名*': '李  四',
      性别: '女',
      人员类别: '预备',
      支部: '第一支部',
      手机: '13800000002',
      起始日期: '2023/7/1',
      截止日期: '2024年12月31日',
    });

    const result = await run(bytes, 'huamingce.xlsx');
    expect(result).toEqual({ format: 'xlsx', totalRows: 2, created: 2, updated: 0, unchanged: 0, invalid: [], invalidRows: 0, moreProblems: 0, written: true, ignoredColumns: ['序号'] });
    expect(db.prepare('SELECT name, category, branch, phone, active_from, active_to FROM members ORDER BY id').all()).toEqual([
      { name: '张三', category: 'full', branch: '第一支部', phone: '13800000001', active_from: '2020-07-01', active_to: null },
      { name: '李四', category: 'probationary', branch: '第一支部', phone: '13800000002', active_from: '2023-07-01', active_to: '2024-12-31' },
    ]);
  });

  it('numbers CSV rows as Excel does, counting blank lines, and skips them', async () => {
    const text = `姓名,类别\r\n\r\n张三,正式党员\r\n,,\r\n"李四",预备党员\r\n`;
    const file = await readRosterFile(Buffer.from(text), 'r.csv');
    expect(file.rows).toEqual([
      { rowNumber: 3, cells: { 姓名: '张三', 类别: '正式党员' } },
      { rowNumber: 5, cells: { 姓名: '李四', 类别: '预备党员' } },
    ]);
  });
});

describe('importing again', () => {
  it('changes nothing when the file is the same: rows identical, updated_at included, one summary log entry', async () => {
    const bytes = utf8([ZH_HEADER, ...ZH_ROWS]);
    await run(bytes, 'roster.csv', T0);
    const before = members();
    const result = await run(bytes, 'roster.csv', T1);
    expect(result).toEqual({ format: 'csv-utf8', totalRows: 5, created: 0, updated: 0, unchanged: 5, invalid: [], invalidRows: 0, moreProblems: 0, written: true, ignoredColumns: [] });
    expect(members()).toEqual(before);
    expect(logMessages()).toEqual(['导入党员名册 roster.csv：新增 5，更新 0，未变 0', '导入党员名册 roster.csv：新增 0，更新 0，未变 5']);
  });

  it('recognises the same members in another format and header language', async () => {
    await run(gbk([ZH_HEADER, ...ZH_ROWS]), 'roster.csv', T0);
    const result = await run(utf8([EN_HEADER, ...EN_ROWS]), 'roster-en.csv', T1);
    expect(result.unchanged).toBe(5);
    expect(members()).toEqual(EXPECTED);
  });

  it('updates a changed row and adds a new one, touching only those', async () => {
    await run(utf8([ZH_HEADER, ...ZH_ROWS]), 'roster.csv', T0);
    const changed = ZH_ROWS.map((r) => (r[0] === '李四' ? ['李四', '女', '正式党员', '第一支部', '04B00001', '13800000002'] : r));
    const result = await run(utf8([ZH_HEADER, ...changed, ['孙八', '男', '预备党员', '第一支部', '', '']]), 'roster.csv', T1);
    expect(result).toEqual({ format: 'csv-utf8', totalRows: 6, created: 1, updated: 1, unchanged: 4, invalid: [], invalidRows: 0, moreProblems: 0, written: true, ignoredColumns: [] });
    expect(members()).toEqual([
      EXPECTED[0],
      { ...EXPECTED[1], category: 'full', card_uid: '04B00001', updated_at: T1 },
      ...EXPECTED.slice(2),
      { id: 6, name: '孙八', gender: 'male', category: 'probationary', hardship: 0, branch: '第一支部', card_uid: null, phone: null, active_from: '2024-05-01', active_to: null, created_at: T1, updated_at: T1 },
    ]);
    expect(logMessages()[1]).toBe('导入党员名册 roster.csv：新增 1，更新 1，未变 4');
    const detail = JSON.parse((db.prepare('SELECT detail FROM station_log WHERE id = 2').get() as { detail: string }).detail);
    expect(detail.updated).toEqual([{ id: 2, name: '李四', row: 3, fields: ['category', 'cardUid'] }]);
  });

  it('keeps stored values where the file has an empty cell or no such column', async () => {
    await run(utf8([ZH_HEADER, ...ZH_ROWS]), 'roster.csv', T0);
    const before = members();
    const result = await run(utf8([['姓名', '类别', '所在支部', '手机号'], ['张三', '正式党员', '第一支部', ''], ['王五', '流动党员', '第二支部', '']]), 'short.csv', T1);
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(members()).toEqual(before);
  });

  it('follows a member who moved branch by phone, and one who changed phone by branch', async () => {
    await run(utf8([ZH_HEADER, ...ZH_ROWS]), 'roster.csv', T0);
    const result = await run(
      utf8([
        ['姓名', '类别', '所在支部', '手机号'],
        ['李四', '预备党员', '第二支部', '13800000002'],
        ['钱七', '群众', '第二支部', '13900000099'],
      ]),
      'moves.csv',
      T1,
    );
    expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 0, invalid: [] });
    expect(db.prepare("SELECT id, branch, phone FROM members WHERE name IN ('李四', '钱七') ORDER BY id").all()).toEqual([
      { id: 2, branch: '第二支部', phone: '13800000002' },
      { id: 5, branch: '第二支部', phone: '13900000099' },
    ]);
  });

  it('leaves members that are not in the file alone', async () => {
    await run(utf8([ZH_HEADER, ...ZH_ROWS]), 'roster.csv', T0);
    const result = await run(utf8([ZH_HEADER, ZH_ROWS[0]!]), 'one.csv', T1);
    expect(result).toMatchObject({ totalRows: 1, created: 0, updated: 0, unchanged: 1 });
    expect(members()).toEqual(EXPECTED);
  });

  it('tells namesakes apart by card, then phone, before falling back to branch', async () => {
    const store = new MemberStore(db);
    const carded = store.add({ name: '王芳', gender: 'female', category: 'full', branch: '第一支部', cardUid: 'C1', phone: null, activeFrom: null, activeTo: null }, T0);
    const phoned = store.add({ name: '王芳', gender: 'female', category: 'full', branch: '第一支部', cardUid: null, phone: '13700000001', activeFrom: null, activeTo: null }, T0);
    const plain = store.add({ name: '王芳', gender: 'female', category: 'full', branch: '第一支部', cardUid: null, phone: null, activeFrom: null, activeTo: null }, T0);
    const result = await run(
      utf8([
        ['姓名', '类别', '所在支部', '卡号', '手机号', '截止日期'],
        ['王芳', '正式党员', '第一支部', '', '', '2024-12-31'],
        ['王芳', '正式党员', '第一支部', '', '13700000001', '2024-11-30'],
        ['王芳', '正式党员', '第一支部', 'c1', '', '2024-10-31'],
      ]),
      'namesakes.csv',
      T1,
    );
    expect(result).toMatchObject({ created: 0, updated: 3, invalid: [] });
    expect(store.get(carded.id)!.activeTo).toBe('2024-10-31');
    expect(store.get(phoned.id)!.activeTo).toBe('2024-11-30');
    expect(store.get(plain.id)!.activeTo).toBe('2024-12-31');
  });
});

describe('an invalid file', () => {
  const INVALID = [
    ZH_HEADER, // row 1
    ['张三', '男', '正式党员', '第一支部', '04A1B2C3', '13800000001'], // row 2
    ['', '男', '正式党员', '第一支部', '', '13800000009'], // row 3: no name
    ['李四', '女', '预备党员', '第一支部', '', ''], // row 4
    ['孙八', '男', '党员', '第二支部', '', ''], // row 5: unknown category
    ['周九', '男', '正式党员', '第二支部', '04a1b2c3', ''], // row 6: row 2's card
    ['王五', '男', '流动党员', '第二支部', '', ''], // row 7
    ['吴十', '不详', '正式党员', '第二支部', '', '1380000'], // row 8: bad gender and phone
  ];
  const DUPLICATE_CARD =
    '卡号 04A1B2C3 在文件中重复：第 2 行（张三）、第 6 行（周九） / card 04A1B2C3 appears more than once in the file: row 2 (张三), row 6 (周九)';
  const ERRORS = [
    { rowNumber: 2, field: 'cardUid', code: 'duplicate_card_in_file', message: DUPLICATE_CARD },
    { rowNumber: 3, field: 'name', code: 'missing_name', message: '姓名为空 / name is empty' },
    {
      rowNumber: 5,
      field: 'category',
      code: 'unknown_category',
      message:
        '类别“党员”无法识别，可填写：正式党员、预备党员、流入党员（流动党员）、入党积极分子、入党申请人、其他（群众） / unknown category "党员"; use one of: full, probationary, mobile_in, activist, applicant, other',
    },
    { rowNumber: 6, field: 'cardUid', code: 'duplicate_card_in_file', message: DUPLICATE_CARD },
    { rowNumber: 8, field: 'gender', code: 'bad_gender', message: '性别“不详”无法识别，请填写 男 或 女 / unknown gender "不详"; use 男/女 (male/female, M/F)' },
    { rowNumber: 8, field: 'phone', code: 'bad_phone', message: '手机号“1380000”不是 11 位手机号码 / phone "1380000" is not an 11-digit mainland mobile number' },
  ];

  it('writes nothing at all and lists every error with its Excel row number', async () => {
    await run(utf8([ZH_HEADER, ZH_ROWS[1]!]), 'first.csv', T0);
    const before = { counts: counts(), members: members() };
    const result = await run(utf8(INVALID), 'bad.csv', T1);
    // Each problem crosses the wire as its code and values, no words.
    expect(result.invalid[2]).toEqual({ rowNumber: 5, field: 'category', code: 'unknown_category', params: { value: '党员' } });
    expect(worded(result)).toEqual({ format: 'csv-utf8', totalRows: 7, created: 0, updated: 0, unchanged: 0, invalid: ERRORS, invalidRows: 5, moreProblems: 0, written: false, ignoredColumns: [] });
    expect({ counts: counts(), members: members() }).toEqual(before);
  });

  it('reports the same rows from an XLSX', async () => {
    const result = await run(await xlsx(INVALID), 'bad.xlsx', T1);
    expect(worded(result).invalid).toEqual(ERRORS);
    expect(counts()).toEqual({ members: 0, log: 0, outbox: 0 });
  });

  it('with skipInvalid imports the valid rows and reports the rest', async () => {
    const result = await run(utf8(INVALID), 'bad.csv', T1, true);
    expect(worded(result)).toEqual({ format: 'csv-utf8', totalRows: 7, created: 2, updated: 0, unchanged: 0, invalid: ERRORS, invalidRows: 5, moreProblems: 0, written: true, ignoredColumns: [] });
    expect(db.prepare('SELECT name, category FROM members ORDER BY id').all()).toEqual([
      { name: '李四', category: 'probationary' },
      { name: '王五', category: 'mobile_in' },
    ]);
    expect(logMessages()).toEqual(['导入党员名册 bad.csv：新增 2，更新 0，未变 0，跳过有误的行 5']);
  });

  it('refuses a card that belongs to an existing member of another name', async () => {
    await run(utf8([ZH_HEADER, ...ZH_ROWS]), 'roster.csv', T0);
    const before = { counts: counts(), members: members() };
    const result = await run(utf8([ZH_HEADER, ['周九', '男', '正式党员', '第一支部', ' 04a1b2c3 ', '']]), 'new.csv', T1);
    expect(result.written).toBe(false);
    expect(worded(result).invalid).toEqual([
      {
        rowNumber: 2,
        field: 'cardUid',
        code: 'card_belongs_to_other',
        message: '卡号 04A1B2C3 已分配给 张三（第一支部） / card 04A1B2C3 already belongs to 张三 (第一支部)',
      },
    ]);
    expect({ counts: counts(), members: members() }).toEqual(before);
  });

  it('refuses a person listed twice and rows that claim one member together', async () => {
    await run(utf8([ZH_HEADER, ...ZH_ROWS]), 'roster.csv', T0);
    const result = await run(
      utf8([
        ['姓名', '类别', '所在支部', '卡号', '起始日期'],
        ['赵六', '入党积极分子', '第二支部', '', ''],
        ['赵六', '预备党员', '第二支部', '', ''],
        ['钱七', '群众', '第二支部', 'D1', '2024-13-01'],
        ['钱七', '群众', '第二支部', 'D2', ''],
      ]),
      'twice.csv',
      T1,
    );
    const person =
      '第 2 行（赵六）、第 3 行（赵六）似乎是同一人（赵六，第二支部）：姓名、支部相同，又没有卡号或不同的手机号可以区分 / row 2 (赵六), row 3 (赵六) look like the same person (赵六, 第二支部): same name and branch, and no card or different phone to tell them apart';
    expect(worded(result).invalid).toEqual([
      // One problem over consecutive rows is one entry: rows 2–3.
      { rowNumber: 2, lastRowNumber: 3, field: 'name', code: 'duplicate_person_in_file', message: person },
      {
        rowNumber: 4,
        field: 'activeFrom',
        code: 'bad_date',
        message: '起始日期“2024-13-01”不是有效日期，请写成 2024-05-01 或 2024/5/1 / active from "2024-13-01" is not a valid date; write it as 2024-05-01 or 2024/5/1',
      },
    ]);
    expect(result.written).toBe(false);

    const claimed = await run(
      utf8([
        ['姓名', '类别', '所在支部', '卡号'],
        ['钱七', '群众', '第二支部', 'D1'],
        ['钱七', '群众', '第二支部', 'D2'],
      ]),
      'claim.csv',
      T1,
    );
    const both =
      '第 2 行（钱七）、第 3 行（钱七）都对应同一名已有党员 钱七（第二支部），请填写卡号或手机号加以区分 / row 2 (钱七), row 3 (钱七) all match the same existing member 钱七 (第二支部); add a card or phone to tell them apart';
    expect(worded(claimed).invalid).toEqual([
      { rowNumber: 2, lastRowNumber: 3, field: 'name', code: 'same_member_twice', message: both },
    ]);
    expect(members()).toEqual(EXPECTED);
  });

  it('refuses an active-to date before the member’s stored active-from', async () => {
    await run(utf8([['姓名', '类别', '起始日期'], ['张三', '正式党员', '2024-06-01']]), 'a.csv', T0);
    const result = await run(utf8([['姓名', '类别', '截止日期'], ['张三', '正式党员', '2024-05-31']]), 'b.csv', T1);
    expect(worded(result).invalid).toEqual([
      {
        rowNumber: 2,
        field: 'activeTo',
        code: 'date_order',
        message: '截止日期 2024-05-31 早于起始日期 2024-06-01（其中一个日期来自现有名册） / active to 2024-05-31 is before active from 2024-06-01 (one of them is already on the roster)',
      },
    ]);
  });
});

describe('file-level errors', () => {
  it('refuses a file without a required column and writes nothing', async () => {
    const err = await rejection(run(utf8([['姓名', '性别', '所在支部'], ['张三', '男', '第一支部']]), 'r.csv'));
    expect(err.code).toBe('missing_header');
    expect(err.message).toBe('缺少必需的列：类别（表头中找到：姓名、性别、所在支部） / required column missing: category (header has: 姓名, 性别, 所在支部)');
    expect(counts()).toEqual({ members: 0, log: 0, outbox: 0 });
  });

  it('refuses two columns for one field', async () => {
    const err = await rejection(run(utf8([['姓名', '类别', '手机', '电话'], ['张三', '正式', '13800000001', '13800000002']]), 'r.csv'));
    expect(err.code).toBe('duplicate_header');
    expect(err.message).toBe('“手机号”出现在多列（手机、电话），请只保留一列 / more than one column means phone (手机, 电话); keep only one');
  });

  it('refuses unknown, old-Excel, damaged and empty files with a message saying what to do', async () => {
    const unknown = await rejection(run(Buffer.from('x'), 'roster.docx'));
    expect(unknown.code).toBe('unsupported_file');
    expect(unknown.message).toBe('无法识别文件 roster.docx 的类型，请导入 .xlsx 或 .csv 文件 / cannot tell what roster.docx is; import an .xlsx or .csv file');
    expect((await rejection(run(Buffer.from('x'), 'roster.xls'))).code).toBe('unsupported_file');
    expect((await rejection(run(Buffer.from('not a zip'), 'roster.xlsx'))).code).toBe('unreadable_file');
    expect((await rejection(run(await xlsx([ZH_HEADER]), 'renamed.csv'))).code).toBe('unreadable_file');
    expect((await rejection(run(Buffer.alloc(0), 'empty.csv'))).code).toBe('empty_file');
    expect((await rejection(run(Buffer.from(',,\r\n,,\r\n'), 'blank.csv'))).code).toBe('empty_file');
    expect(counts()).toEqual({ members: 0, log: 0, outbox: 0 });
  });
});

describe('bounded: caps, linear checks and small answers', () => {
  it('answers 5,000 identical rows with one entry for the run, in a few kilobytes, and writes nothing', async () => {
    const rows = Array.from({ length: 5_000 }, () => ['张三', '正式党员', '第一支部']);
    const started = performance.now();
    const result = await run(utf8([['姓名', '类别', '所在支部'], ...rows]), 'same.csv');
    expect(result).toMatchObject({ totalRows: 5_000, written: false, invalidRows: 5_000, moreProblems: 0 });
    expect(result.invalid).toHaveLength(1);
    expect(result.invalid[0]).toMatchObject({ rowNumber: 2, lastRowNumber: 5_001, code: 'duplicate_person_in_file' });
    // The group is named by its first rows and a count, not row by row.
    expect(worded(result).invalid[0]!.message).toContain('第 2 行（张三）、第 3 行（张三）、第 4 行（张三）、第 5 行（张三）、第 6 行（张三） 等共 5,000 行');
    expect(JSON.stringify(result).length).toBeLessThan(2_000);
    expect(counts()).toEqual({ members: 0, log: 0, outbox: 0 });
    // Linear: far under the time the old pairwise grouping took (minutes at this size).
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('lists at most a hundred problems and counts the rest; the skipped rows in the log are as few', async () => {
    // Every other row lacks a category: 3,000 separate problems (no two on consecutive rows).
    const rows = Array.from({ length: 6_000 }, (_, i) => [`党员${i}`, i % 2 === 0 ? '' : '正式党员']).slice(0, 5_000);
    const result = await run(utf8([['姓名', '类别'], ...rows]), 'gaps.csv', T0, true);
    expect(result).toMatchObject({ written: true, created: 2_500, invalidRows: 2_500, moreProblems: 2_400 });
    expect(result.invalid).toHaveLength(100);
    const detail = JSON.parse((db.prepare("SELECT detail FROM station_log WHERE type = 'roster'").get() as { detail: string }).detail) as { skipped: unknown[]; skippedMore: number };
    expect(detail.skipped).toHaveLength(100);
    expect(detail.skippedMore).toBe(2_400);
  });

  it('refuses a file past the row cap, naming the cap and the row, and writes nothing', async () => {
    const rows = Array.from({ length: 5_001 }, (_, i) => [`党员${i}`, '正式党员']);
    const err = await rejection(run(utf8([['党员花名册'], ['姓名', '类别'], ...rows]), 'big.csv'));
    expect(err.code).toBe('too_many_rows');
    expect(err.message).toBe(
      '文件 big.csv 超过 5,000 名党员（到第 5,003 行已超出），名册最多 5,000 人；请确认选对了文件，或按支部分成几个文件导入 / file big.csv holds more than 5,000 members (past the cap by row 5,003); a roster has at most 5,000: check it is the right file, or import one branch at a time',
    );
    expect(counts()).toEqual({ members: 0, log: 0, outbox: 0 });
  });

  it('refuses a cell past 1,000 characters, a column past 100 and a runaway quote, each saying where', async () => {
    const long = await rejection(run(utf8([['姓名', '类别', '备注'], ['张三', '正式党员', '很'.repeat(1_001)]]), 'long.csv'));
    expect(long.code).toBe('cell_too_long');
    expect(long.zh).toBe('文件 long.csv 第 2 行第 3 列有 1,001 个字，一格最多 1,000 个字；请改短后再导入');
    const wide = await rejection(run(utf8([['姓名', '类别'], ['张三', '正式党员', ...Array<string>(99).fill(''), 'x']]), 'wide.csv'));
    expect(wide.code).toBe('too_many_columns');
    expect(wide.zh).toBe('文件 wide.csv 第 2 行第 102 列有内容，名册最多读 100 列；请删去多余的列');
    const quote = await rejection(run(Buffer.from(`姓名,类别\r\n"张三,正式党员\r\n${'李四,正式党员\r\n'.repeat(10_000)}`), 'quote.csv'));
    expect(quote.code).toBe('cell_too_long');
    expect(quote.zh).toContain('可能是某个引号没有配对');
    // The same caps hold in an XLSX.
    const xlsxLong = await rejection(run(await xlsx([['姓名', '类别'], ['张三', '很'.repeat(1_001)]]), 'long.xlsx'));
    expect(xlsxLong.code).toBe('cell_too_long');
    expect(counts()).toEqual({ members: 0, log: 0, outbox: 0 });
  });

  it('gives up a read past its deadline, and reads one file at a time, each with a message and nothing written', async () => {
    const bytes = await xlsx([ZH_HEADER, ...ZH_ROWS]);
    const late = await rejection(importRoster(db, bytes, 'slow.xlsx', { actor: 'admin', at: T0, read: { deadlineMs: 1 } }));
    expect(late.code).toBe('read_timeout');
    expect(late.zh).toContain('读取文件 slow.xlsx 超过');
    const [first, second] = await Promise.allSettled([run(bytes, 'a.xlsx'), run(bytes, 'b.xlsx')]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { written: true, created: 5 } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'roster_busy' } });
    // The reader is free again once the first file is done.
    expect(await run(bytes, 'c.xlsx')).toMatchObject({ written: true, unchanged: 5 });
  });

  it('refuses a name, branch or card longer than the admin screen allows, row by row', async () => {
    const result = await run(utf8([['姓名', '类别', '所在支部'], ['张'.repeat(41), '正式党员', ''], ['李四', '正式党员', '支'.repeat(61)]]), 'names.csv');
    expect(result.invalid.map((e) => [e.rowNumber, e.field, e.code])).toEqual([
      [2, 'name', 'too_long'],
      [3, 'branch', 'too_long'],
    ]);
    expect(result.written).toBe(false);
  });

  it('refuses an import that would put more than 5,000 members on the roster, undoing every row of it', async () => {
    // On the roster since 2020: a member who starts on the day of the import cannot have left the day before.
    const first = Array.from({ length: 4_999 }, (_, i) => [`党员${i}`, '正式党员', '2020-01-01']);
    expect(await run(utf8([['姓名', '类别', '起始日期'], ...first]), 'first.csv')).toMatchObject({ written: true, created: 4_999 });
    const before = { counts: counts(), members: members() };
    const err = await rejection(run(utf8([['姓名', '类别'], ['新一', '正式党员'], ['新二', '正式党员']]), 'more.csv', T1));
    expect(err.code).toBe('roster_full');
    expect(err.zh).toBe('导入后名册将有 5,001 人，超过上限 5,000 人，未导入任何数据；请确认选对了文件，或先为已离开的党员填写截止日期');
    expect({ counts: counts(), members: members() }).toEqual(before);
    // Members who left do not count: one leaves, and the two fit.
    expect(await run(utf8([['姓名', '类别', '截止日期'], ['党员0', '正式党员', '2024-04-30'], ['新一', '正式党员', ''], ['新二', '正式党员', '']]), 'left.csv', T1)).toMatchObject({
      written: true,
      created: 2,
      updated: 1,
    });
  });
});
