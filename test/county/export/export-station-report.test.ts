// A station's monthly report (站点月度报告) over the staff API in every format, read back as a person's tools read
// it, each figure the station page's (/api/county/stations/:id) — and the refusals of both records' routes.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SITE_GRADE_LABELS } from '../../../protocol/site-grades.pure.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, block, csvBlocks, pdfPages, pdfText, records } from '../../agent/exports/export-support.ts';
import { call } from '../support/hub-fixture.ts';
import { hubRefusalText } from '../../../cli/hub-refusal-texts.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';
import { PLANS } from '../support/export-county.ts';
import { county, out, useExportCounty, get, ok, detailOf, savedName, summaryOf, csvText, expectPercent, csvInt, local, lines, figureCell, workbook, expectCell } from './export-reading.ts';

useExportCounty();

describe('a station’s monthly report (站点月度报告)', () => {
  it('CSV: the station page’s figures and each group viewing with its attendance, for every station', async () => {
    for (const plan of PLANS) {
      const id = county.ids[plan.key];
      const detail = await detailOf(id);
      const r = await get(`/api/county/stations/${id}/report.csv?month=${county.month}`);
      expect(r.status).toBe(200);
      expect(savedName(r.headers)).toBe(`${plan.name.replace(/"/g, '_')}-站点月度报告-${county.month}.csv`);
      const blocks = csvBlocks(r.bytes);
      expect(blocks[0]!.rows[0]).toEqual(['站点', csvText(plan.name)]);
      const summary = summaryOf(r.bytes);
      const row = detail.row;
      expect(summary.get('站点类别')).toBe(SITE_GRADE_LABELS[detail.station.grade].zh);
      expect(Number(summary.get('组织集中收看（计入）次数'))).toBe(row.sessionsHeld);
      expect(Number(summary.get('应组织次数'))).toBe(row.sessionsRequired);
      expect(summary.get('是否达标')).toBe(row.compliant ? '达标' : '未达标');
      expect(csvInt(summary.get('在册党员（不含请假）'))).toBe(row.registered);
      expect(csvInt(summary.get('参学党员'))).toBe(row.attendedRegistered);
      expect(csvInt(summary.get('请假党员'))).toBe(row.excused);
      expectPercent(summary.get('月参学率'), row.participationRate);
      expect(csvInt(summary.get('有效学习时长（分钟）'))).toBe(row.studyMinutes);
      expect(csvInt(summary.get('来宾（人次）'))).toBe(row.guests);
      expectPercent(summary.get('终端开机率（本月）'), row.uptime);

      const sessions = lines(block(blocks, '各场集中收看'), '日期', '合计', '本月没有收到集中收看记录');
      expect(sessions).toHaveLength(detail.sessions.length);
      expect(sessions).toHaveLength(plan.viewings.length);
      sessions.forEach((line, i) => {
        const s = detail.sessions[i]!;
        expect(line['日期']).toBe(s.date);
        expect(line['开始时间']).toBe(local(s.startedAt).slice(11));
        expect(line['节目']).toBe(s.title);
        expect(Number(line['播放（分钟）'])).toBe(s.playedMinutes);
        expect(line['是否计入']).toBe(s.held ? '是' : '否');
        expect(Number(line['应到'])).toBe(s.registered);
        expect(Number(line['实到'])).toBe(s.attendedRegistered);
        expectPercent(line['参学率'], s.rate);
        expect(Number(line['来宾'])).toBe(s.guests);
      });

      const series = records(block(blocks, '近十二个月'));
      expect(series.map((m) => m['月份'])).toEqual(detail.participationSeries.map((m) => m.month));
      expectPercent(series.at(-1)!['月参学率'], detail.participationSeries.at(-1)!.participationRate);
      // Every station joined on the first of the month: the eleven months before have no figures at all.
      series.forEach((m, i) => {
        const figures = [m['集中收看次数'], m['要求次数'], m['是否达标'], m['在册党员'], m['月参学率'], m['开机率']];
        if (i < 11) expect(figures, m['月份']).toEqual(['—', '—', '—', '—', '—', '—']);
        else expect(figures.slice(0, 3), m['月份']).toEqual([String(row.sessionsHeld), String(row.sessionsRequired), row.compliant ? '达标' : '未达标']);
      });
      expect(block(blocks, '说明').rows.map((r) => r[0])).toContain(
        `近十二个月中，站点加入县级平台（${county.month}-01）之前的月份和尚未到来的月份没有数据，各项记为“—”，不计为未达标。`,
      );
    }
  });

  it('XLSX: numeric cells and 0.0% rates; in English on request', async () => {
    const id = county.ids.hongqi;
    const detail = await detailOf(id);
    const book = await workbook(await ok(`/api/county/stations/${id}/report.xlsx?month=${county.month}`));
    expect(book.worksheets.map((w) => w.name)).toEqual(['概要', '各场集中收看', '每周一报（本月与缺报）', '近十二个月', '支部活动记录', '三会一课落实情况']);
    const summary = book.getWorksheet('概要')!;
    expect(summary.getCell('A2').value).toBe('站点：红旗村党员活动室');
    expectCell(figureCell(summary, '组织集中收看（计入）次数'), detail.row.sessionsHeld, 'held');
    expectCell(figureCell(summary, '月参学率'), detail.row.participationRate, 'rate');
    expect(figureCell(summary, '月参学率').numFmt).toBe('0.0%');
    expectCell(figureCell(summary, '终端开机率（本月）'), detail.row.uptime, 'uptime');
    const sheet = book.getWorksheet('各场集中收看')!;
    detail.sessions.forEach((s, i) => {
      const row = sheet.getRow(6 + i);
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.Date);
      expect((row.getCell(1).value as Date).toISOString().slice(0, 10)).toBe(s.date);
      expectCell(row.getCell(4), s.playedMinutes, 'played');
      expectCell(row.getCell(6), s.registered, 'registered');
      expectCell(row.getCell(7), s.attendedRegistered, 'attended');
      expectCell(row.getCell(8), s.rate, 'rate');
      expect(row.getCell(8).numFmt).toBe('0.0%');
      expectCell(row.getCell(9), s.guests, 'guests');
    });

    const en = await get(`/api/county/stations/${id}/report.xlsx?month=${county.month}&lang=en`);
    expect(savedName(en.headers)).toBe(`红旗村党员活动室-station-monthly-report-${county.month}.xlsx`);
    const english = await workbook(en.bytes);
    expect(english.worksheets.map((w) => w.name)).toEqual(['Summary', 'Group viewings', 'Weekly reports', 'The last twelve months', 'Branch activities', 'Meetings and lessons']);
    expect(figureCell(english.getWorksheet('Summary')!, 'Participation rate').value).toBe(detail.row.participationRate);
  });

  (HAS_PDFTOTEXT ? it : it.skip)(
    HAS_PDFTOTEXT ? 'PDF: the station name on every page, Chinese text and one line per group viewing' : `station report PDF — ${NO_PDFTOTEXT_REASON}`,
    async () => {
      const id = county.ids.hongqi;
      const detail = await detailOf(id);
      const r = await get(`/api/county/stations/${id}/report.pdf?month=${county.month}`);
      expect(r.status).toBe(200);
      const file = path.join(out, 'station.pdf');
      fs.writeFileSync(file, r.bytes);
      const text = pdfText(file);
      expect(text.split('红旗村党员活动室').length - 1).toBeGreaterThanOrEqual(pdfPages(file));
      expect(text).toContain('站点月度报告');
      expect(text).toContain('各场集中收看');
      const sessionLines = text.split('\n').filter((l) => /^\s*\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}\s/.test(l));
      expect(sessionLines).toHaveLength(detail.sessions.length);
      expect(sessionLines[0]).toContain(detail.sessions[0]!.title);
      expect(sessionLines[0]).toContain(`${(detail.sessions[0]!.rate! * 100).toFixed(1)}%`);
      // The 12-month series: one line per month; the months before the station enrolled say "—", not 0.
      const monthLines = text.split('\n').filter((l) => /^\s*\d{4}-\d{2}\s+(\d+|—)\s/.test(l));
      expect(monthLines.map((l) => l.trim().slice(0, 7))).toEqual(detail.participationSeries.map((m) => m.month));
      monthLines.forEach((l, i) => {
        const held = detail.participationSeries[i]!.sessionsHeld;
        expect(l.trim().split(/\s+/)[1], l).toBe(held === null ? '—' : String(held));
      });
      expect(detail.participationSeries.filter((m) => m.sessionsHeld === null)).toHaveLength(11);
    },
    60_000,
  );

  it('a month without reports: a valid report whose viewings section says there were none', async () => {
    const bytes = await ok(`/api/county/stations/${county.ids.hongqi}/report.csv?month=${county.emptyMonth}`);
    const blocks = csvBlocks(bytes);
    expect(block(blocks, '各场集中收看').rows).toEqual([
      ['日期', '开始时间', '节目', '播放（分钟）', '是否计入', '应到', '实到', '参学率', '来宾', '补学'],
      ['本月没有收到集中收看记录'],
      ['合计', '', '', '', '计入 0 场', '', '', '', '0', ''],
    ]);
    expect(summaryOf(bytes).get('月参学率')).toBe('—');
    expect(block(blocks, '说明').rows.map((r) => r[0])).toContain('本月没有收到该站点的集中收看记录。');
    const html = (await ok(`/api/county/stations/${county.ids.hongqi}/report.html?month=${county.emptyMonth}`)).toString('utf8');
    expect(html).toContain('<td class="empty" colspan="10">本月没有收到集中收看记录</td>');
  });
});

describe('refusals', () => {
  it('needs a logged-in staff member for both records', async () => {
    for (const route of [`/api/county/export/monthly.csv?month=${county.month}`, `/api/county/stations/${county.ids.hongqi}/report.pdf?month=${county.month}`]) {
      const r = await get(route, null);
      expect(r.status, route).toBe(401);
      expect(r.headers.get('content-disposition')).toBeNull();
    }
  });

  it('answers an unknown station with 404, and a wrong month, format or language with 400, Chinese first', async () => {
    // Each refusal as data, { code, params }, worded by the readers' catalogues (the CLI's here: Chinese / English).
    type Refused = { error: { code: string; params: RefusalParams; message?: string } };
    const missing = await call<Refused>(`${county.hub.url}/api/county/stations/st-nosuch99/report.csv?month=${county.month}`, { token: county.token });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'station_not_found', params: { stationId: 'st-nosuch99' } });
    expect(hubRefusalText(missing.body.error)).toContain('没有站点 st-nosuch99');
    const cases: [string, string, RefusalParams, string][] = [
      [`/api/county/export/monthly.csv?month=2026-13`, 'invalid_month', { month: '2026-13' }, '月份应写成 YYYY-MM，收到 “2026-13”'],
      [`/api/county/stations/${county.ids.hongqi}/report.csv?month=26-1`, 'invalid_month', { month: '26-1' }, '月份应写成 YYYY-MM'],
      [`/api/county/export/monthly.docx?month=${county.month}`, 'unknown_format', { format: 'docx', formats: ['csv', 'xlsx', 'pdf', 'html'] }, '未知格式 “docx”'],
      [`/api/county/export/monthly.csv?lang=fr`, 'unknown_language', { lang: 'fr', languages: ['zh-CN', 'en'] }, '未知语言 “fr”'],
      [`/api/county/export/monthly.csv?sort=favourite`, 'unknown_sort', { sort: 'favourite', sorts: expect.arrayContaining(['participationRate', 'name']) }, '未知排序 “favourite”'],
    ];
    for (const [route, code, params, text] of cases) {
      const r = await call<Refused>(`${county.hub.url}${route}`, { token: county.token });
      expect(r.status, route).toBe(400);
      expect(r.body.error, route).toEqual({ code, params });
      expect(hubRefusalText(r.body.error), route).toContain(text);
      expect(hubRefusalText(r.body.error), route).toContain(' / ');
    }
  });

  it('answers 503 with the renderer’s bilingual message when no Chromium can render the PDF', async () => {
    const saved = process.env.YUANJIAO_CHROMIUM;
    process.env.YUANJIAO_CHROMIUM = path.join(out, 'no-such-chromium');
    try {
      const r = await call<{ error: { code: string; params: RefusalParams; message?: string } }>(`${county.hub.url}/api/county/export/monthly.pdf?month=${county.month}`, { token: county.token });
      expect(r.status).toBe(503);
      expect(r.body.error).toEqual({ code: 'no_browser', params: { setting: path.join(out, 'no-such-chromium') } });
      expect(hubRefusalText(r.body.error)).toContain('找不到 Chromium 浏览器，无法生成 PDF');
      expect(hubRefusalText(r.body.error)).toContain('no Chromium found to render the PDF');
    } finally {
      if (saved === undefined) delete process.env.YUANJIAO_CHROMIUM;
      else process.env.YUANJIAO_CHROMIUM = saved;
    }
  });
});
