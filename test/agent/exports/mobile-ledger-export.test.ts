// The mobile-member ledger from the command line: `yuanjiao roster flow-in | flow-out | return | ledger` and
// `yuanjiao export mobile-ledger --year Y --out F.(pdf|xlsx|csv)`, in-process on a real data directory; the
// PDF read back with pdftotext, the XLSX with a real reader, the CSV as a person would.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, cli, csvBlocks, pdfText } from './export-support.ts';

let dir: string;

beforeAll(async () => {
  dir = tempDir('yj-ledger-cli-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室', stationId: 'st-ledger-1', grade: 'standard' });
  station.addMember({ name: '外出甲', category: 'full', branch: '第一党支部', activeFrom: '2025-01-01' });
  station.close();
  const out = await cli(dir, 'roster', 'flow-out', '1', '--date', '2026-03-10', '--org', '广东省深圳市某街道党工委', '--contact', '0755-12345678', '--certificate', 'LD-2026-031');
  expect(out, out.err).toMatchObject({ code: 0 });
  expect(out.out).toContain('已登记第 1 条：外出甲 2026-03-10 流出（广东省深圳市某街道党工委）');
  const inn = await cli(dir, 'roster', 'flow-in', '--name', '流入乙', '--date', '2026-02-01', '--org', '四川省某县某镇党委', '--phone', '139 0000 2222');
  expect(inn, inn.err).toMatchObject({ code: 0 });
  const fix = await cli(dir, 'roster', 'flow-out', '1', '--date', '2026-03-12', '--org', '广东省深圳市某街道党工委', '--corrects', '1', '--note', '日期更正');
  expect(fix, fix.err).toMatchObject({ code: 0 });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('yuanjiao roster flow commands', () => {
  it('changed the roster and keep every entry, the corrected one marked', async () => {
    const list = await cli(dir, 'roster', 'list', '--json');
    const members = JSON.parse(list.out) as { name: string; category: string; activeFrom: string | null; activeTo: string | null; phone: string | null }[];
    expect(members.find((m) => m.name === '外出甲')).toMatchObject({ activeTo: '2026-03-11' });
    expect(members.find((m) => m.name === '流入乙')).toMatchObject({ category: 'mobile_in', activeFrom: '2026-02-01', phone: '13900002222' });
    const ledger = JSON.parse((await cli(dir, 'roster', 'ledger', '--year', '2026', '--json')).out) as { id: number; date: string; correctedBy: number | null }[];
    expect(ledger.map((e) => [e.id, e.date, e.correctedBy])).toEqual([
      [2, '2026-02-01', null],
      [1, '2026-03-10', 3],
      [3, '2026-03-12', null],
    ]);
  });

  it('refuses what it cannot record with a clear message and records nothing', async () => {
    const noMember = await cli(dir, 'roster', 'flow-out', '99', '--date', '2026-03-10', '--org', '某地');
    expect(noMember.code).toBe(1);
    expect(noMember.err).toContain('没有编号为 99 的党员');
    const wrongKind = await cli(dir, 'roster', 'flow-out', '2', '--date', '2026-04-01', '--org', '某地');
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.err).toContain('流入乙 是流入党员，离开时请登记“返回”');
    const badYear = await cli(dir, 'export', 'mobile-ledger', '--year', '26', '--out', path.join(dir, 'x.csv'));
    expect(badYear.code).toBe(2);
    expect(badYear.err).toContain('年份应写成 YYYY');
    const ledger = JSON.parse((await cli(dir, 'roster', 'ledger', '--json')).out) as unknown[];
    expect(ledger).toHaveLength(3);
  });
});

describe('yuanjiao export mobile-ledger', () => {
  it('CSV: one row per entry in date order, the correction noted', async () => {
    const file = path.join(dir, 'ledger.csv');
    const r = await cli(dir, 'export', 'mobile-ledger', '--year', '2026', '--out', file);
    expect(r, r.err).toMatchObject({ code: 0 });
    const blocks = csvBlocks(fs.readFileSync(file));
    const rows = blocks.find((b) => b.title === '流动登记')!.rows;
    expect(rows[0]).toEqual(['编号', '日期', '流动类型', '姓名', '所在支部', '流入/流出地党组织', '联系方式', '活动证号', '备注', '登记人', '登记时间']);
    expect(rows.slice(1).map((row) => row.slice(0, 9))).toEqual([
      ['2', '2026-02-01', '流入', '流入乙', '', '四川省某县某镇党委', '', '', ''],
      ['1', '2026-03-10', '流出', '外出甲', '第一党支部', '广东省深圳市某街道党工委', '0755-12345678', 'LD-2026-031', '已由第 3 条更正'],
      ['3', '2026-03-12', '流出', '外出甲', '第一党支部', '广东省深圳市某街道党工委', '', '', '日期更正；更正第 1 条'],
    ]);
    const other = path.join(dir, 'ledger-2025.csv');
    expect((await cli(dir, 'export', 'mobile-ledger', '--year', '2025', '--out', other)).code).toBe(0);
    expect(fs.readFileSync(other, 'utf8')).toContain('2025 年没有流动党员登记');
  });

  it('XLSX: the same rows in a real reader', async () => {
    const file = path.join(dir, 'ledger.xlsx');
    expect((await cli(dir, 'export', 'mobile-ledger', '--year', '2026', '--out', file)).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.text)))));
    for (const text of ['流动党员台帐', '流入乙', '四川省某县某镇党委', 'LD-2026-031', '已由第 3 条更正']) expect(cells).toContain(text);
  });

  it.skipIf(!HAS_PDFTOTEXT)('PDF: Chinese text of every entry and the signature lines', async () => {
    const file = path.join(dir, 'ledger.pdf');
    expect((await cli(dir, 'export', 'mobile-ledger', '--year', '2026', '--out', file)).code).toBe(0);
    const text = pdfText(file);
    for (const word of ['流动党员台帐', '红旗村党员活动室', '2026 年', '流入乙', '外出甲', 'LD-2026-031', '已由第 3 条更正', '党支部书记（签字）']) expect(text).toContain(word);
  });
});
if (!HAS_PDFTOTEXT) console.warn(NO_PDFTOTEXT_REASON);
