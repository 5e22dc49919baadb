// Roster import end to end: real files in every format Excel and WPS write, into a real SQLite database.
import { describe, expect, it } from 'vitest';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { readRosterFile } from '../../../agent/roster/roster-file.ts';
import type { ImportResult } from '../../../agent/roster/roster-import.ts';
import { EN_HEADER, EN_ROWS, EXPECTED, T0, T1, ZH_HEADER, ZH_ROWS, db, freshStationEachTest, gbk, logMessages, members, run, utf8, utf8Bom, xlsx } from './roster-fixture.ts';

freshStationEachTest();

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
    const entry = db().prepare('SELECT type, actor, at, detail FROM station_log').get() as { type: string; actor: string; at: number; detail: string };
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
    expect(db().prepare('SELECT name, category, branch, phone, active_from, active_to FROM members ORDER BY id').all()).toEqual([
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
    const detail = JSON.parse((db().prepare('SELECT detail FROM station_log WHERE id = 2').get() as { detail: string }).detail);
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
    expect(db().prepare("SELECT id, branch, phone FROM members WHERE name IN ('李四', '钱七') ORDER BY id").all()).toEqual([
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
    const store = new MemberStore(db());
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
