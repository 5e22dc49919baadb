// Roster import refusals end to end: an invalid row or file, caps and deadlines, each answered with what is wrong and nothing written.
import { describe, expect, it } from 'vitest';
import { importRoster } from '../../../agent/roster/roster-import.ts';
import { EXPECTED, T0, T1, ZH_HEADER, ZH_ROWS, counts, db, freshStationEachTest, logMessages, members, rejection, run, utf8, worded, xlsx } from './roster-fixture.ts';

freshStationEachTest();

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
    expect(db().prepare('SELECT name, category FROM members ORDER BY id').all()).toEqual([
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
    const detail = JSON.parse((db().prepare("SELECT detail FROM station_log WHERE type = 'roster'").get() as { detail: string }).detail) as { skipped: unknown[]; skippedMore: number };
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
    const late = await rejection(importRoster(db(), bytes, 'slow.xlsx', { actor: 'admin', at: T0, read: { deadlineMs: 1 } }));
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
