// The weekly report and the room usage register from the command line, in-process on a real data directory:
// `yuanjiao weekly …`, `yuanjiao room …`, and `yuanjiao export weekly-report --week W` / `export room-register
// --month M` as PDF (read back with pdftotext), XLSX (a real reader) and CSV. A weekly report prints what was
// composed: an edit after the first print does not change the second.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendContentLog } from '../../../content/content-log.ts';
import { withStationDb } from '../../support/agent-process.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { weekStation } from '../weekly-report/weekly-fixture.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, block, cli, csvBlocks, pdfText, records } from './export-support.ts';

let dir: string;

beforeAll(() => {
  dir = tempDir('yj-weekly-cli-');
  weekStation(dir).station.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const xlsxCells = async (file: string): Promise<string[]> => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.text)))));
  return cells;
};

describe('yuanjiao weekly', () => {
  it('shows, remarks on and sends a week once; refuses a bad week with exit 1 and the reason', async () => {
    const show = await cli(dir, 'weekly', 'show', '--week', '2026-W49');
    expect(show, show.err).toMatchObject({ code: 0 });
    expect(show.out).toContain('红旗村党员活动室 每周一报 2026-W49（2026-11-30 至 2026-12-06）— 未报送 / not sent');
    expect(show.out).toContain('本周参学率：66.7%');
    expect((await cli(dir, 'weekly', 'remark', '--week', '2026-W49', '--text', '两次收看均按时进行')).code).toBe(0);
    const sent = await cli(dir, 'weekly', 'send', '--week', '2026-W49');
    expect(sent.out).toContain('已报送 / sent: 2026-W49');
    const again = await cli(dir, 'weekly', 'send', '--week', '2026-W49');
    expect(again.out).toContain('报送过，没有再次报送');
    withStationDb(dir, (db) => expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'weekly_report'").get()).toEqual({ n: 1 }));
    const late = await cli(dir, 'weekly', 'remark', '--week', '2026-W49', '--text', '再补一句');
    expect(late.code).toBe(1);
    expect(late.err).toContain('2026-W49 的周报已报送，不能再修改');
    const bad = await cli(dir, 'weekly', 'show', '--week', '2026-49');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('周次应写成 YYYY-Www');
    const list = await cli(dir, 'weekly', 'list');
    expect(list.out).toMatch(/2026-W49\s+2026-11-30–2026-12-06\s+2\s+66\.7%\s+7\.1%\s+已报送/);
  });
});

describe('yuanjiao export weekly-report', () => {
  it('CSV and XLSX carry the frozen figures, the viewings and the remark; a later edit changes nothing', async () => {
    const first = path.join(dir, 'week-1.csv');
    const r = await cli(dir, 'export', 'weekly-report', '--week', '2026-W49', '--out', first);
    expect(r, r.err).toMatchObject({ code: 0 });
    const blocks = csvBlocks(fs.readFileSync(first));
    expect(records(block(blocks, '集中收看')).map((row) => [row['日期'], row['应到'], row['实到'], row['参学率']])).toEqual([
      ['2026-12-02', '3', '2', '66.67%'],
      ['2026-12-05', '3', '1', '33.33%'],
    ]);
    expect(records(block(blocks, '管理员备注')).map((row) => row['备注'])).toEqual(['两次收看均按时进行']);
    // Later a course is logged into the week: the report, composed before, prints the same.
    withStationDb(dir, (db) => appendContentLog(db, { at: Date.parse('2026-12-04T02:00:00Z'), event: 'received', source: 'usb', fileName: 'late.mp4' }));
    const second = path.join(dir, 'week-2.csv');
    expect((await cli(dir, 'export', 'weekly-report', '--week', '2026-W49', '--out', second)).code).toBe(0);
    const strip = (b: Buffer) => b.toString('utf8').replace(/生成时间[^\n]*\n/g, '');
    expect(strip(fs.readFileSync(second))).toBe(strip(fs.readFileSync(first)));

    const xlsx = path.join(dir, 'week.xlsx');
    expect((await cli(dir, 'export', 'weekly-report', '--week', '2026-W49', '--out', xlsx)).code).toBe(0);
    const cells = await xlsxCells(xlsx);
    for (const text of ['每周一报', '十二月第一次集中收看', '学习贯彻全会精神', '两次收看均按时进行', '开机率（本站记录）']) expect(cells).toContain(text);
  });

  it('refuses a week that has not ended and a malformed week', async () => {
    const future = await cli(dir, 'export', 'weekly-report', '--week', '2099-W01', '--out', path.join(dir, 'x.csv'));
    expect(future.code).toBe(1);
    expect(future.err).toContain('2099-W01 还没有结束');
    const bad = await cli(dir, 'export', 'weekly-report', '--week', '2026-W60', '--out', path.join(dir, 'x.csv'));
    expect(bad.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });

  it.skipIf(!HAS_PDFTOTEXT)('PDF: the report’s Chinese text, its figures and the signature line', async () => {
    const file = path.join(dir, 'week.pdf');
    expect((await cli(dir, 'export', 'weekly-report', '--week', '2026-W49', '--out', file)).code).toBe(0);
    const text = pdfText(file);
    for (const word of ['每周一报', '红旗村党员活动室', '2026-W49', '十二月第二次集中收看', '磁盘空间不足', '两次收看均按时进行', '站点管理员（签字）', '已于']) expect(text).toContain(word);
  });
});

describe('yuanjiao room and export room-register', () => {
  it('adds and removes a use by hand; the register lists it, removed, beside the viewings', async () => {
    const add = await cli(dir, 'room', 'add', '--date', '2026-12-03', '--from', '14:00', '--to', '16:00', '--purpose', '支部委员会', '--organiser', '张书记', '--headcount', '7');
    expect(add, add.err).toMatchObject({ code: 0 });
    expect(add.out).toContain('已登记第 1 条');
    expect((await cli(dir, 'room', 'add', '--date', '2026-12-04', '--from', '09:00', '--to', '10:00', '--purpose', '党员志愿服务培训', '--headcount', '12')).code).toBe(0);
    const bad = await cli(dir, 'room', 'add', '--date', '2026-12-04', '--from', '10:00', '--to', '09:00', '--purpose', '倒过来', '--headcount', '3');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('结束时间不正确');
    expect((await cli(dir, 'room', 'remove', '2', '--reason', '活动取消')).code).toBe(0);
    expect((await cli(dir, 'room', 'remove', '2')).err).toContain('已撤销');
    const list = await cli(dir, 'room', 'list', '--month', '2026-12');
    expect(list.out).toContain('集中收看：十二月第一次集中收看');
    expect(list.out).toMatch(/2\s+2026-12-04\s+09:00–10:00\s+党员志愿服务培训.*已撤销/);

    const csv = path.join(dir, 'room.csv');
    const r = await cli(dir, 'export', 'room-register', '--month', '2026-12', '--out', csv);
    expect(r, r.err).toMatchObject({ code: 0 });
    const rows = records(block(csvBlocks(fs.readFileSync(csv)), '使用登记'));
    expect(rows.map((row) => [row['日期'], row['开始'], row['用途'], row['人数'], row['来源'], row['状态']!.startsWith('已撤销')])).toEqual([
      ['2026-12-02', '19:30', '集中收看：十二月第一次集中收看', '3', '集中收看（自动）', false],
      ['2026-12-03', '14:00', '支部委员会', '7', '手工登记', false],
      ['2026-12-04', '09:00', '党员志愿服务培训', '12', '手工登记', true],
      ['2026-12-05', '09:00', '集中收看：十二月第二次集中收看', '1', '集中收看（自动）', false],
      ['2026-12-08', '19:30', '集中收看：下周的集中收看', '1', '集中收看（自动）', false],
    ]);
    const xlsx = path.join(dir, 'room.xlsx');
    expect((await cli(dir, 'export', 'room-register', '--month', '2026-12', '--out', xlsx)).code).toBe(0);
    for (const text of ['活动场所使用情况登记', '支部委员会', '张书记']) expect(await xlsxCells(xlsx)).toContain(text);
  });

  it.skipIf(!HAS_PDFTOTEXT)('prints the register as an A4 page with every use and the signature line', async () => {
    const file = path.join(dir, 'room.pdf');
    expect((await cli(dir, 'export', 'room-register', '--month', '2026-12', '--out', file)).code).toBe(0);
    const text = pdfText(file);
    for (const word of ['活动场所使用情况登记', '2026年12月', '支部委员会', '集中收看（自动）', '站点管理员（签字）']) expect(text).toContain(word);
  });
});
if (!HAS_PDFTOTEXT) console.warn(NO_PDFTOTEXT_REASON);
