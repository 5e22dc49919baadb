// Every export repeats `yuanjiao report month --json` exactly: the CSV and XLSX read back number by number,
// the HTML and the Chromium-rendered PDF (read with pdftotext) carry the same figures. On a real station
// database with a month of two viewings, a member who joined mid-month, one who joined after the last
// viewing, an excused member and guests — and a month without any viewing.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyReport } from '../../../agent/reports/monthly-report.ts';
import { at, tempDir } from '../../support/station-fixture.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { EquipmentStore } from '../../../agent/health/equipment-store.ts';
import { EMPTY_MONTH, FIRST_TITLE, MONTH, STATION_NAME, createExportStation, type ExportStation } from './export-fixture.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, block, cli, csvBlocks, pdfFonts, pdfPages, pdfText, percent, readText, records, reportJson } from './export-support.ts';

let dir: string;
let out: string;
let fixture: Pick<ExportStation, 'first' | 'second'>;
let report: MonthlyReport;
let empty: MonthlyReport;

beforeAll(async () => {
  dir = tempDir('yj-export-');
  out = tempDir('yj-export-out-');
  const station = createExportStation(dir);
  fixture = { first: station.first, second: station.second };
  station.station.close();
  report = await reportJson(dir, MONTH);
  empty = await reportJson(dir, EMPTY_MONTH);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

async function exportFile(name: string, ...args: string[]): Promise<string> {
  const file = path.join(out, name);
  const r = await cli(dir, 'export', ...args, '--out', file);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toContain(file);
  return file;
}

/** The 项目,数值 pairs of a CSV's 概要 block. */
function summaryOf(bytes: Buffer): Map<string, string> {
  return new Map(block(csvBlocks(bytes), '概要').rows.slice(1).map((r) => [r[0]!, r[1]!]));
}

describe('the fixture month, as the report sees it', () => {
  it('counts the mid-month joiner, leaves out the later joiner and the excused member, and lists the guests by category', () => {
    // 张三, 李四, 王五, 陈十二 and 钱七 (joined the 15th, before the second viewing); 孙八 excused; 冯十一 joined after.
    expect(report.registered).toBe(5);
    expect(report.attendedRegistered).toBe(3);
    expect(report.participationRate).toBe(0.6);
    expect(report.excusedMembers.map((m) => m.name)).toEqual(['孙八']);
    expect(report.guestsByCategory).toEqual({ non_registered: 0, mobile: 1, activist: 1, applicant: 0, employee: 2, other: 0 });
    expect(report.sessions.map((s) => [s.held, s.registered, s.attendedRegistered, s.rate])).toEqual([
      [true, 5, 2, 0.4],
      [false, 6, 2, 0.3333],
    ]);
    expect(empty.sessions).toEqual([]);
  });
});

describe('monthly report (月度参学情况报表)', () => {
  it('CSV: UTF-8 with a BOM, and every figure equal to report month --json', async () => {
    const file = await exportFile('month.csv', 'month-report', '--month', MONTH, '--format', 'csv');
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Valid UTF-8 throughout: a strict decoder accepts it.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    const blocks = csvBlocks(bytes);
    expect(blocks[0]!.title).toBe('月度参学情况报表');
    expect(blocks[0]!.rows[0]).toEqual(['站点', STATION_NAME]);

    const summary = summaryOf(bytes);
    expect(Number(summary.get('组织集中收看（计入）次数'))).toBe(report.sessionsHeld);
    expect(Number(summary.get('应组织次数'))).toBe(report.sessionsRequired);
    expect(summary.get('是否达标')).toBe(report.compliant ? '达标' : '未达标');
    expect(Number(summary.get('在册党员（不含请假）'))).toBe(report.registered);
    expect(Number(summary.get('参学党员'))).toBe(report.attendedRegistered);
    expect(percent(summary.get('月参学率')!)).toBeCloseTo(report.participationRate!, 10);
    expect(Number(summary.get('请假党员'))).toBe(report.excused);
    expect(Number(summary.get('来宾（人次）'))).toBe(report.guests);
    expect(Number(summary.get('有效学习时长（分钟）'))).toBe(report.studyMinutes);
    expect(summary.get('终端开机率')).toBe('—');

    const sessions = records(block(blocks, '各场集中收看'));
    const lines = sessions.filter((r) => r['日期'] !== '合计');
    expect(lines).toHaveLength(report.sessions.length);
    lines.forEach((r, i) => {
      const s = report.sessions[i]!;
      expect(r['日期']).toBe(s.date);
      expect(r['节目']).toBe(s.programTitle);
      expect(r['实际开始']).toBe(s.startedAt!.slice(11, 16));
      expect(Number(r['播放（分钟）'])).toBe(s.playedMinutes);
      expect(r['是否计入']).toBe(s.held ? '是' : '否');
      expect(Number(r['应到'])).toBe(s.registered);
      expect(Number(r['实到'])).toBe(s.attendedRegistered);
      expect(percent(r['参学率']!)).toBeCloseTo(s.rate!, 10);
      expect(Number(r['迟到'])).toBe(s.late);
      expect(Number(r['来宾'])).toBe(s.guests);
    });
    expect(Number(sessions.find((r) => r['日期'] === '合计')!['来宾'])).toBe(report.guests);

    expect(records(block(blocks, '请假党员'))).toEqual(report.excusedMembers.map((m) => ({ 姓名: m.name, 请假原因: m.reason })));
    const guests = Object.fromEntries(records(block(blocks, '来宾分类')).map((r) => [r['类别'], Number(r['人次'])]));
    expect(guests).toEqual({ 非在册党员: 0, 流动党员: 1, 入党积极分子: 1, 入党申请人: 0, '职工/群众': 2, 其他: 0, 合计: report.guests });
  });

  it('XLSX: opens in a real XLSX reader with numeric cells, a 0.0% rate, real dates, widths and a frozen header', async () => {
    const file = await exportFile('month.xlsx', 'month-report', '--month', MONTH);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概要', '各场集中收看', '请假党员', '来宾分类', '满意度测评', '补学党员', '本月尚未学习的在册党员', '三会一课落实情况']);

    const summary = book.getWorksheet('概要')!;
    expect(summary.getCell('A1').value).toBe('月度参学情况报表');
    expect(summary.getCell('A2').value).toBe(`站点：${STATION_NAME}`);
    expect(String(summary.getCell('A3').value)).toContain('2026年5月');
    const figure = (label: string) => {
      for (let r = 6; r <= summary.rowCount; r++) if (summary.getCell(r, 1).value === label) return summary.getCell(r, 2);
      throw new Error(`no figure ${label}`);
    };
    for (const [label, value] of [
      ['组织集中收看（计入）次数', report.sessionsHeld],
      ['应组织次数', report.sessionsRequired],
      ['在册党员（不含请假）', report.registered],
      ['参学党员', report.attendedRegistered],
      ['请假党员', report.excused],
      ['来宾（人次）', report.guests],
      ['有效学习时长（分钟）', report.studyMinutes],
    ] as const) {
      expect(figure(label).type, label).toBe(ExcelJS.ValueType.Number);
      expect(figure(label).value, label).toBe(value);
    }
    expect(figure('月参学率').type).toBe(ExcelJS.ValueType.Number);
    expect(figure('月参学率').value).toBe(report.participationRate);
    expect(figure('月参学率').numFmt).toBe('0.0%');
    expect(figure('终端开机率').value).toBe('—');

    const sheet = book.getWorksheet('各场集中收看')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    expect(header).toEqual(['日期', '节目', '计划开始', '实际开始', '结束', '播放（分钟）', '是否计入', '应到', '实到', '参学率', '迟到', '来宾', '补学']);
    expect(sheet.getRow(5).getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(20);
    report.sessions.forEach((s, i) => {
      const row = sheet.getRow(6 + i);
      const date = row.getCell(1);
      expect(date.type).toBe(ExcelJS.ValueType.Date);
      expect((date.value as Date).toISOString().slice(0, 10)).toBe(s.date);
      expect(date.numFmt).toBe('yyyy-mm-dd');
      expect(row.getCell(6).value).toBe(s.playedMinutes);
      for (const [col, value] of [[8, s.registered], [9, s.attendedRegistered], [11, s.late], [12, s.guests]] as const) {
        expect(row.getCell(col).type).toBe(ExcelJS.ValueType.Number);
        expect(row.getCell(col).value).toBe(value);
      }
      expect(row.getCell(10).value).toBe(s.rate);
      expect(row.getCell(10).numFmt).toBe('0.0%');
    });
  });

  it('HTML: a printable A4 page with the station, the period in the page header, page numbers and the same figures', async () => {
    const file = await exportFile('month.html', 'month-report', '--month', MONTH, '--format', 'html');
    const html = readText(file);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/@page \{\s*size: A4 landscape;/);
    expect(html).toContain(`@top-left { content: "${STATION_NAME}"`);
    expect(html).toContain('counter(page)');
    // The font travels inside the file, so it prints the same on a PC without Chinese fonts.
    expect(html).toContain("font-family: 'Noto Sans SC'; font-style: normal; font-weight: 700");
    expect(html).toContain('data:font/woff2;base64,');
    expect(html).toContain('data-key="participation_rate">60.0%<');
    expect(html).toContain('data-key="registered">5<');
    expect(html).toContain('data-key="study_minutes">45<');
    const sessionsSection = html.slice(html.indexOf('data-section="sessions"'), html.indexOf('data-section="excused"'));
    expect(sessionsSection.match(/<tr class="row">/g)).toHaveLength(report.sessions.length);
    for (const s of report.sessions) expect(sessionsSection).toContain(`${(s.rate! * 100).toFixed(1)}%`);
  });

  (HAS_PDFTOTEXT ? it : it.skip)(
    HAS_PDFTOTEXT ? 'PDF: rendered by Chromium, with the station name on every page, Chinese text and the figures' : `PDF figures — ${NO_PDFTOTEXT_REASON}`,
    async () => {
      const file = await exportFile('month.pdf', 'month-report', '--month', MONTH, '--format', 'pdf');
      expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(file);
      const pages = pdfPages(file);
      // The page header (a CSS margin box) carries the station name and the period on each page.
      expect(text.split(STATION_NAME).length - 1).toBeGreaterThanOrEqual(pages);
      expect(text).toContain(`第 1 页，共 ${pages} 页`);
      expect(text).toContain('月度参学情况报表 · 2026年5月');
      expect(text).toContain('各场集中收看');
      expect(text).toContain('月参学率');
      expect(text).toContain('60.0%');
      // The Chinese is set in the bundled Noto Sans SC, embedded: not in whatever CJK font this machine may have.
      expect(pdfFonts(file)).toMatch(/NotoSansSC\S*-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      // One line per session in the table: its date at the start of the line.
      const sessionLines = text.split('\n').filter((l) => /^\s*2026-05-\d\d\s+学习贯彻/.test(l));
      expect(sessionLines).toHaveLength(report.sessions.length);
      expect(sessionLines[0]).toContain('40.0%');
      expect(sessionLines[1]).toContain('33.3%');
    },
    60_000,
  );

  it('a month without any viewing: zero held, not compliant, the rate over the month’s roster, and it says so', async () => {
    const file = await exportFile('april.csv', 'month-report', '--month', EMPTY_MONTH, '--format', 'csv');
    const bytes = fs.readFileSync(file);
    const summary = summaryOf(bytes);
    expect(Number(summary.get('组织集中收看（计入）次数'))).toBe(0);
    expect(summary.get('是否达标')).toBe('未达标');
    expect(Number(summary.get('在册党员（不含请假）'))).toBe(empty.registered);
    expect(percent(summary.get('月参学率')!)).toBe(empty.participationRate);
    const blocks = csvBlocks(bytes);
    expect(block(blocks, '各场集中收看').rows).toEqual([
      ['日期', '节目', '计划开始', '实际开始', '结束', '播放（分钟）', '是否计入', '应到', '实到', '参学率', '迟到', '来宾', '补学'],
      ['本月没有集中收看记录'],
      ['合计', '', '', '', '', '', '计入 0 场', '', '', '', '0', '0', ''],
    ]);
    expect(block(blocks, '说明').rows[0]![0]).toBe('本月没有组织集中收看。');
  });
});

describe('sign-in sheet (签到表)', () => {
  it('lists every member registered that day as present, late or absent, the guests, and the report’s figures for the session', async () => {
    const file = await exportFile('sheet.csv', 'signin-sheet', '--session', String(fixture.first.id));
    const blocks = csvBlocks(fs.readFileSync(file));
    const summary = new Map(block(blocks, '概要').rows.slice(1).map((r) => [r[0]!, r[1]!]));
    const line = report.sessions.find((s) => s.id === fixture.first.id)!;
    expect(summary.get('节目')).toBe(FIRST_TITLE);
    expect(summary.get('学习辅导员')).toBe('周老师');
    expect(summary.get('操作员')).toBe('吴管理员');
    expect(Number(summary.get('应到'))).toBe(line.registered);
    expect(Number(summary.get('实到'))).toBe(line.attendedRegistered);
    expect(Number(summary.get('缺席'))).toBe(line.registered - line.attendedRegistered);
    expect(Number(summary.get('迟到（人次）'))).toBe(line.late);
    expect(Number(summary.get('来宾'))).toBe(line.guests);
    expect(percent(summary.get('参学率')!)).toBeCloseTo(line.rate!, 10);

    const members = records(block(blocks, '在册党员签到')).filter((r) => r['序号'] !== '合计');
    // In the roster's name order (姓氏笔画 by default: 王 4 strokes, then 李 and 张 with 7), within each branch.
    expect(members.map((r) => [r['姓名'], r['签到时间'], r['出席情况'], r['备注']])).toEqual([
      ['王五', '—', '缺席', ''],
      ['李四', '19:42', '迟到', ''],
      ['张三', '19:25', '出席', ''],
      ['孙八', '—', '缺席', '请假：外出务工'],
      ['陈十二', '—', '缺席', ''],
    ]);
    const guests = records(block(blocks, '来宾签到')).filter((r) => r['序号'] !== '合计');
    expect(guests.map((r) => [r['姓名'], r['类别']])).toEqual([
      ['周九', '职工/群众'],
      ['郑十', '流动党员'],
      ['赵六', '入党积极分子'],
    ]);
    expect(fs.readFileSync(file, 'utf8')).toContain('操作员（签字）');
  });

  it('lists the mid-month joiner from her first viewing on, and never the member who joined after it', async () => {
    const file = await exportFile('sheet2.csv', 'signin-sheet', '--session', String(fixture.second.id));
    const names = records(block(csvBlocks(fs.readFileSync(file)), '在册党员签到')).map((r) => r['姓名']);
    expect(names).toContain('钱七');
    expect(names).not.toContain('冯十一');
    const first = await exportFile('sheet1b.csv', 'signin-sheet', '--session', String(fixture.first.id));
    expect(records(block(csvBlocks(fs.readFileSync(first)), '在册党员签到')).map((r) => r['姓名'])).not.toContain('钱七');
  });

  (HAS_PDFTOTEXT ? it : it.skip)(
    HAS_PDFTOTEXT ? 'PDF: one line per registered member and per guest, in Chinese, with the signature lines' : `sign-in sheet PDF — ${NO_PDFTOTEXT_REASON}`,
    async () => {
      const file = await exportFile('sheet.pdf', 'signin-sheet', '--session', String(fixture.first.id), '--format', 'pdf');
      const text = pdfText(file);
      expect(text).toContain(STATION_NAME);
      expect(text).toContain('集中收看签到表');
      expect(text).toContain('在册党员签到');
      const memberLines = text.split('\n').filter((l) => /^\s*\d+\s+(张三|李四|王五|孙八|陈十二|钱七|冯十一)\s/.test(l));
      expect(memberLines).toHaveLength(5);
      const guestLines = text.split('\n').filter((l) => /^\s*\d+\s+(周九|郑十|赵六)\s/.test(l));
      expect(guestLines).toHaveLength(3);
      expect(text).toContain('操作员（签字）');
      expect(text).toContain('40.0%');
    },
    60_000,
  );
});

describe('viewing record book (集中收看记录)', () => {
  it('has one line per viewing with the report’s figures, and who ran it', async () => {
    const file = await exportFile('viewings.xlsx', 'viewing-record', '--from', '2026-05-01', '--to', '2026-05-31');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('收看记录')!;
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    report.sessions.forEach((s, i) => {
      const row = sheet.getRow(6 + i);
      expect((row.getCell(col('日期')).value as Date).toISOString().slice(0, 10)).toBe(s.date);
      expect(row.getCell(col('应到')).value).toBe(s.registered);
      expect(row.getCell(col('实到')).value).toBe(s.attendedRegistered);
      expect(row.getCell(col('参学率')).value).toBe(s.rate);
      expect(row.getCell(col('来宾')).value).toBe(s.guests);
      expect(row.getCell(col('播放（分钟）')).value).toBe(s.playedMinutes);
    });
    expect(sheet.getRow(6).getCell(col('学习辅导员')).value).toBe('周老师');
    expect(sheet.getRow(8).getCell(1).value).toBe('合计');
  });

  it('a range inside the month keeps only its viewings', async () => {
    const file = await exportFile('viewings-part.csv', 'viewing-record', '--from', '2026-05-15', '--to', '2026-05-31');
    const rows = records(block(csvBlocks(fs.readFileSync(file)), '收看记录')).filter((r) => r['日期'] !== '合计');
    expect(rows.map((r) => r['日期'])).toEqual(['2026-05-20']);
  });
});

describe('the other books', () => {
  it('receive/store/play log: every content_log entry of the period with its course and size', async () => {
    const file = await exportFile('content.csv', 'content-log', '--month', MONTH);
    const rows = records(block(csvBlocks(fs.readFileSync(file)), '记录'));
    expect(rows.map((r) => [r['时间'], r['事项'], r['课件']])).toEqual([
      ['2026-05-08 10:00', '接收', FIRST_TITLE],
      ['2026-05-08 10:01', '入库', FIRST_TITLE],
      ['2026-05-10 20:20', '播放', FIRST_TITLE],
    ]);
    expect(Number(rows[0]!['大小（MB）'])).toBe(50);
    expect(rows[2]!['说明']).toContain('播放 45 分钟');
  });

  it('station log: the month’s entries in order, with the check-ins the kiosk logged', async () => {
    const file = await exportFile('log.csv', 'station-log', '--month', MONTH);
    const rows = records(block(csvBlocks(fs.readFileSync(file)), '日志'));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r['时间'])).toEqual([...rows.map((r) => r['时间'])].sort());
    expect(rows.some((r) => r['类别'] === '签到' && r['内容']!.includes('李四'))).toBe(true);
  });

  it('equipment register: empty, and says so', async () => {
    const file = await exportFile('equipment.csv', 'equipment');
    const r = await cli(dir, 'export', 'equipment', '--out', path.join(out, 'equipment2.csv'));
    expect(r.out).toContain('设备登记表为空');
    expect(block(csvBlocks(fs.readFileSync(file)), '设备').rows[1]).toEqual(['设备登记表为空：本站点尚未登记设备']);
  });

  it('equipment register: what the register holds, read through its owner, with numeric quantities and real dates', async () => {
    const db = openStationDatabase(dir);
    try {
      const store = new EquipmentStore(db);
      store.add({ name: '投影仪', model: 'EB-X51', quantity: 1, issuedOn: '2024-03-01', condition: 'good', notes: null }, 'admin', at('2026-06-01 09:00'));
      store.add({ name: '卫星接收机', model: null, quantity: 2, issuedOn: null, condition: 'damaged', notes: '一台待修' }, 'admin', at('2026-06-01 09:05'));
    } finally {
      db.close();
    }
    const file = await exportFile('equipment.xlsx', 'equipment');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('设备')!;
    expect((sheet.getRow(6).values as unknown[]).slice(2, 7)).toEqual(['投影仪', 'EB-X51', 1, new Date(Date.UTC(2024, 2, 1)), '良好']);
    expect(sheet.getRow(7).getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getRow(7).getCell(5).value).toBe('—');
    expect(sheet.getRow(7).getCell(6).value).toBe('损坏');
    expect(sheet.getRow(8).getCell(4).value).toBe(3);
  });
});
