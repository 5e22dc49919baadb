// The branch activity register as paper: `yuanjiao export activities --month` and `export activity-record
// --activity N` to CSV, XLSX and a Chromium PDF (read back with pdftotext); a withdrawn record still prints as it
// was issued, marked; and `report month --json` carries the month's activities and the 三会一课 rhythm.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { issuedMonths } from '../../../agent/reports/records-issued-store.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, cli, csvBlocks, pdfText, reportJson } from '../exports/export-support.ts';

let dir: string;

const add = (kind: string, date: string, topic: string, extra: string[] = []) =>
  cli(dir, 'activity', 'add', '--kind', kind, '--date', date, '--time', '19:30', '--place', '党员活动室', '--host', '王书记', '--topic', topic, ...extra);

beforeAll(async () => {
  dir = tempDir('yj-activity-records-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室', stationId: 'st-act-1', grade: 'standard' });
  station.addMember({ name: '张三', category: 'full', activeFrom: '2025-01-01' });
  station.addMember({ name: '李四', category: 'probationary', activeFrom: '2025-01-01' });
  station.close();
  for (const r of [
    await add('branch_assembly', '2026-10-08', '三季度工作总结'),
    await add('committee', '2026-11-05', '研究发展党员工作', ['--minutes', '一、传达文件\n二、确定发展对象']),
    await add('group_meeting', '2026-11-12', '学习党章'),
    await add('committee', '2026-11-20', '录错的一条'),
  ]) expect(r.code, r.err).toBe(0);
  await cli(dir, 'activity', 'checkin-open', '2');
  await cli(dir, 'activity', 'checkin', '2', '--member', '1');
  await cli(dir, 'activity', 'checkin', '2', '--guest', '赵六', '--category', 'activist');
  await cli(dir, 'activity', 'checkin-close', '2');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('printable and exported activity records', () => {
  it('a withdrawn record prints as it was issued, marked withdrawn', async () => {
    const before = path.join(dir, 'before.csv');
    expect((await cli(dir, 'export', 'activity-record', '--activity', '4', '--out', before)).code).toBe(0);
    const removed = await cli(dir, 'activity', 'remove', '4', '--reason', '重复登记');
    expect(removed.code, removed.err).toBe(0);
    const after = path.join(dir, 'after.csv');
    expect((await cli(dir, 'export', 'activity-record', '--activity', '4', '--out', after)).code).toBe(0);
    const b = csvBlocks(fs.readFileSync(before));
    const a = csvBlocks(fs.readFileSync(after));
    // Everything that was printed is printed again the same; only the status line says what happened since.
    const strip = (blocks: typeof b) => blocks.map((s) => ({ ...s, rows: s.rows.filter((r) => !r.some((c) => c === '状态' || c.includes('生成'))) }));
    expect(strip(a)).toEqual(strip(b));
    expect(fs.readFileSync(before, 'utf8')).toContain('有效');
    expect(fs.readFileSync(after, 'utf8')).toMatch(/已撤销：\d{4}-\d{2}-\d{2} \d{2}:\d{2} cli：重复登记/);
    expect(fs.readFileSync(after, 'utf8')).toContain('录错的一条');
    // Its 应到 is the roster of its day: a printed record's month asks before a roster change alters it.
    const db = openStationDatabase(dir);
    try {
      expect(issuedMonths(db)).toContain('2026-11');
    } finally {
      db.close();
    }
  });

  it('the month register as XLSX: every record, the withdrawn one marked and not counted, and the rhythm', async () => {
    const file = path.join(dir, 'register.xlsx');
    const r = await cli(dir, 'export', 'activities', '--month', '2026-11', '--out', file);
    expect(r.code, r.err).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概要', '支部活动', '三会一课落实情况']);
    const rows: string[][] = [];
    book.getWorksheet('支部活动')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const topics = rows.map((row) => row[4]);
    expect(topics).toEqual(expect.arrayContaining(['研究发展党员工作', '学习党章', '录错的一条']));
    expect(rows.find((row) => row[4] === '录错的一条')!.join('|')).toContain('已撤销');
    const committee = rows.find((row) => row[4] === '研究发展党员工作')!;
    expect(committee.slice(7, 11)).toEqual(['2', '1', '0.5', '1']);
    const rhythm: string[][] = [];
    book.getWorksheet('三会一课落实情况')!.eachRow((row) => rhythm.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rhythm.find((row) => row[0] === '支委会')!.slice(2, 5)).toEqual(['1', '1', '已落实']);
    expect(rhythm.find((row) => row[0] === '党课')!.slice(2, 5)).toEqual(['1', '0', '期间未结束，尚未开展']);
  });

  it.skipIf(!HAS_PDFTOTEXT)('the A4 record as a Chromium PDF carries the minutes and attendance', async () => {
    const file = path.join(dir, 'record.pdf');
    const r = await cli(dir, 'export', 'activity-record', '--activity', '2', '--out', file);
    expect(r.code, r.err).toBe(0);
    // The page wraps long cells: read the words without the layout's spaces and line breaks.
    const text = pdfText(file).replace(/\s+/g, '');
    expect(text).toContain('支部活动记录表');
    expect(text).toContain('研究发展党员工作');
    expect(text).toContain('二、确定发展对象');
    expect(text).toContain('张三');
    expect(text).toContain('赵六');
  });
  if (!HAS_PDFTOTEXT) it.skip(NO_PDFTOTEXT_REASON, () => {});

  it('report month --json has the activities section with the rhythm as of the month end', async () => {
    const report = await reportJson(dir, '2026-11');
    expect(report.activities).toMatchObject({ held: 2, withdrawn: 1, asOf: '2026-11-30', rhythmOnTrack: true });
    expect(report.activities.byKind).toMatchObject({ committee: 1, group_meeting: 1, branch_assembly: 0 });
    expect(report.activities.activities.map((a) => [a.id, a.withdrawn])).toEqual([
      [2, false],
      [3, false],
      [4, true],
    ]);
    const byKind = Object.fromEntries(report.activities.rhythm.map((l) => [l.kind, [l.periodLabel, l.held, l.status]]));
    expect(byKind).toEqual({
      branch_assembly: ['2026-Q4', 1, 'met'],
      committee: ['2026-11', 1, 'met'],
      group_meeting: ['2026-11', 1, 'met'],
      party_lesson: ['2026-Q4', 0, 'pending'],
    });
    const text = await cli(dir, 'report', 'month', '2026-11');
    expect(text.out).toContain('支部活动 2 次；三会一课按要求落实');
  });
});
