// The county's monthly table (县级月度汇总表) over the staff API in every format, read back as a person's tools read
// it: the CSV with csv-parse, the XLSX with exceljs, the Chromium-rendered PDF with pdftotext. Every figure must be
// the one the dashboard shows for the same month (/api/county/ranking, /overview).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_GRADE_LABELS } from '../../../protocol/site-grades.pure.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, block, csvBlocks, pdfFonts, pdfPages, pdfText, records } from '../../agent/exports/export-support.ts';
import { call, startTestHub } from '../support/hub-fixture.ts';
import { county, ranking, overview, out, useExportCounty, get, ok, savedName, summaryOf, csvText, expectPercent, csvInt, local, lines, headingLines, wholeWords, figureCell, workbook, expectCell } from './export-reading.ts';

useExportCounty();

describe('the fixture county, as the dashboard sees it', () => {
  it('ranks the four enrolled stations by participation rate, the one without a summary last', () => {
    expect(ranking.map((r) => [r.rank, r.name, r.participationRate])).toEqual([
      [1, '红旗村党员活动室', 0.9],
      [2, '𠀀𠀁村🌾活动室', 0.6],
      [3, '东风社区 "党群" 服务站, 二号', 0.5714],
      [4, '=SUM(1) 向阳中学', null],
    ]);
    expect(ranking.map((r) => r.id)).not.toContain(county.pendingId);
    expect(overview.participation).toEqual({ registered: 22, attendedRegistered: 16, rate: 0.7273, stationsReporting: 3 });
    expect(overview.belowMinimum).toHaveLength(3);
    expect(ranking.every((r) => r.uptime !== null && r.uptime > 0)).toBe(true);
  });
});

describe('the monthly table (县级月度汇总表)', () => {
  it('CSV: UTF-8 with a BOM, a Chinese file name, every station row and the county totals as the dashboard has them', async () => {
    const r = await get(`/api/county/export/monthly.csv?month=${county.month}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(savedName(r.headers)).toBe(`县级月度汇总表-${county.month}.csv`);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(r.bytes)).not.toThrow();

    const blocks = csvBlocks(r.bytes);
    expect(blocks[0]!.title).toBe('县级月度汇总表');
    const rows = lines(block(blocks, '站点排名'), '名次', '全县合计');
    expect(rows).toHaveLength(ranking.length);
    rows.forEach((line, i) => {
      const s = ranking[i]!;
      expect(Number(line['名次'])).toBe(s.rank);
      expect(line['站点编号']).toBe(s.id);
      expect(line['站点名称']).toBe(csvText(s.name));
      expect(line['站点类别']).toBe(SITE_GRADE_LABELS[s.grade].zh);
      expect(Number(line['集中收看次数'])).toBe(s.sessionsHeld);
      expect(Number(line['要求次数'])).toBe(s.sessionsRequired);
      expect(line['是否达标']).toBe(s.compliant ? '达标' : '未达标');
      expect(csvInt(line['在册党员'])).toBe(s.registered);
      expect(csvInt(line['参学党员'])).toBe(s.attendedRegistered);
      expect(csvInt(line['请假'])).toBe(s.excused);
      expectPercent(line['月参学率'], s.participationRate);
      expect(csvInt(line['学习时长（分钟）'])).toBe(s.studyMinutes);
      expect(csvInt(line['来宾人次'])).toBe(s.guests);
      expectPercent(line['开机率'], s.uptime);
      expect(Number(line['告警'])).toBe(s.alerts);
      expect(line['最后联系时间']).toBe(local(s.lastSeenAt));
    });
    // The station without a month summary: no value, never a zero.
    expect(rows[3]!['月参学率']).toBe('—');

    const total = records(block(blocks, '站点排名')).at(-1)!;
    expect(total['名次']).toBe('全县合计');
    expect(Number(total['在册党员'])).toBe(overview.participation.registered);
    expect(Number(total['参学党员'])).toBe(overview.participation.attendedRegistered);
    expectPercent(total['月参学率'], overview.participation.rate);
    expect(Number(total['集中收看次数'])).toBe(overview.sessionsHeld);
    expectPercent(total['开机率'], overview.uptime);
    expect(total['是否达标']).toBe(`${ranking.filter((s) => s.compliant).length}/${ranking.length} 达标`);

    const summary = summaryOf(r.bytes);
    expect(Number(summary.get('已加入站点'))).toBe(overview.stations.enrolled);
    expectPercent(summary.get('全县月参学率'), overview.participation.rate);
    expectPercent(summary.get('县级在线率（当前）'), overview.online.rate);
    expect(Number(summary.get('组织集中收看（计入）次数'))).toBe(overview.sessionsHeld);
    expect(Number(summary.get('未达最低要求的站点'))).toBe(overview.belowMinimum.length);
    expect(Number(summary.get('县级要求：每月集中收看次数'))).toBe(2);
    expect(summary.get('固定学习日')).toBe('每月 5日、20日');
    expect(lines(block(blocks, '未达最低要求的站点'), '站点编号', '合计').map((l) => l['站点编号'])).toEqual(overview.belowMinimum.map((b) => b.id));
  });

  it('XLSX: numeric cells, rates as numbers in 0.0% format, the same rows and totals; in English on request', async () => {
    const book = await workbook(await ok(`/api/county/export/monthly.xlsx?month=${county.month}`));
    expect(book.worksheets.map((w) => w.name)).toEqual(['概要', '站点排名', '未达最低要求的站点', '缺报每周一报的站点', '党建指导员与指导记录']);
    const sheet = book.getWorksheet('站点排名')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    const col = (title: string) => header.indexOf(title) + 1;
    ranking.forEach((s, i) => {
      const row = sheet.getRow(6 + i);
      expectCell(row.getCell(col('名次')), s.rank, 'rank');
      expect(row.getCell(col('站点名称')).value).toBe(s.name);
      expectCell(row.getCell(col('集中收看次数')), s.sessionsHeld, 'held');
      expectCell(row.getCell(col('要求次数')), s.sessionsRequired, 'required');
      expectCell(row.getCell(col('在册党员')), s.registered, 'registered');
      expectCell(row.getCell(col('参学党员')), s.attendedRegistered, 'attended');
      expectCell(row.getCell(col('请假')), s.excused, 'excused');
      expectCell(row.getCell(col('月参学率')), s.participationRate, 'rate');
      expectCell(row.getCell(col('学习时长（分钟）')), s.studyMinutes, 'minutes');
      expectCell(row.getCell(col('来宾人次')), s.guests, 'guests');
      expectCell(row.getCell(col('开机率')), s.uptime, 'uptime');
      if (s.participationRate !== null) expect(row.getCell(col('月参学率')).numFmt).toBe('0.0%');
      expect(row.getCell(col('开机率')).numFmt).toBe('0.0%');
    });
    const total = sheet.getRow(6 + ranking.length);
    expect(total.getCell(1).value).toBe('全县合计');
    expectCell(total.getCell(col('在册党员')), overview.participation.registered, 'total registered');
    expectCell(total.getCell(col('月参学率')), overview.participation.rate, 'total rate');
    expect(total.getCell(col('月参学率')).numFmt).toBe('0.0%');

    const summary = book.getWorksheet('概要')!;
    expect(figureCell(summary, '全县月参学率').value).toBe(overview.participation.rate);
    expect(figureCell(summary, '全县月参学率').numFmt).toBe('0.0%');
    expect(figureCell(summary, '县级在线率（当前）').value).toBe(overview.online.rate);

    const en = await get(`/api/county/export/monthly.xlsx?month=${county.month}&lang=en`);
    expect(savedName(en.headers)).toBe(`county-monthly-summary-${county.month}.xlsx`);
    const english = await workbook(en.bytes);
    expect(english.worksheets.map((w) => w.name)).toEqual(['Summary', 'Station ranking', 'Stations below the minimum', 'Weekly reports missing', 'Instructors and guidance']);
    const enSheet = english.getWorksheet('Station ranking')!;
    expect(enSheet.getCell('A1').value).toBe('County monthly summary');
    expect((enSheet.getRow(5).values as unknown[]).slice(1)).toContain('Rate');
    expect(enSheet.getRow(6 + ranking.length).getCell(1).value).toBe('County total');
    expect(enSheet.getRow(6).getCell(4).value).toBe(SITE_GRADE_LABELS[ranking[0]!.grade].en);
  });

  it('HTML: a printable page with one row per station, in the asked language', async () => {
    const html = (await ok(`/api/county/export/monthly.html?month=${county.month}`)).toString('utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('data:font/woff2;base64,');
    const section = html.slice(html.indexOf('data-section="ranking"'), html.indexOf('data-section="below_minimum"'));
    expect(section.match(/<tr class="row">/g)).toHaveLength(ranking.length);
    // Names are text, never markup.
    expect(section).toContain('东风社区 &quot;党群&quot; 服务站, 二号');
    expect(html).toContain(`data-key="participation_rate">${(overview.participation.rate! * 100).toFixed(1)}%<`);
    const en = (await ok(`/api/county/export/monthly.html?month=${county.month}&lang=en`)).toString('utf8');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Page " counter(page) " of " counter(pages)');
    expect(en).toContain('Scope: All enrolled stations (4)');
  });

  (HAS_PDFTOTEXT ? it : it.skip)(
    HAS_PDFTOTEXT ? 'PDF: rendered by Chromium, in Chinese, one line per station and the county line' : `monthly table PDF — ${NO_PDFTOTEXT_REASON}`,
    async () => {
      const r = await get(`/api/county/export/monthly.pdf?month=${county.month}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(savedName(r.headers)).toBe(`县级月度汇总表-${county.month}.pdf`);
      const file = path.join(out, 'monthly.pdf');
      fs.writeFileSync(file, r.bytes);
      const text = pdfText(file);
      const pages = pdfPages(file);
      expect(text).toContain(`县级月度汇总表 · ${Number(county.month.slice(0, 4))}年${Number(county.month.slice(5))}月`);
      expect(text).toContain(`第 1 页，共 ${pages} 页`);
      expect(text).toContain('站点排名');
      expect(text).toContain('红旗村党员活动室');
      expect(text).toContain('全县月参学率');
      expect(pdfFonts(file)).toMatch(/NotoSansSC/);
      // One line per station: its rank and id at the start.
      const stationLines = text.split('\n').filter((l) => /^\s*\d+\s+st-[a-z0-9]{8}\s/.test(l));
      expect(stationLines, text).toHaveLength(ranking.length);
      expect(stationLines[0]).toContain('红旗村党员活动室');
      expect(stationLines[0]).toContain('90.0%');
      expect(text.split('\n').filter((l) => /^\s*全县合计\s/.test(l))).toHaveLength(1);
    },
    60_000,
  );

  (HAS_PDFTOTEXT ? it : it.skip)(
    HAS_PDFTOTEXT ? 'PDF in English: short column titles, none broken inside a word, in both records' : `English PDFs — ${NO_PDFTOTEXT_REASON}`,
    async () => {
      const files = [
        { name: 'monthly-en', route: `/api/county/export/monthly`, sections: ['Station ranking', 'Stations below the minimum', 'Weekly reports missing', 'Instructors and guidance'] },
        { name: 'station-en', route: `/api/county/stations/${county.ids.hongqi}/report`, sections: ['Group viewings', 'The last twelve months'] },
      ];
      for (const record of files) {
        const csv = csvBlocks(await ok(`${record.route}.csv?month=${county.month}&lang=en`));
        const file = path.join(out, `${record.name}.pdf`);
        fs.writeFileSync(file, await ok(`${record.route}.pdf?month=${county.month}&lang=en`));
        const text = pdfText(file);
        for (const title of record.sections) {
          // The document's own column titles (the CSV's header row), each word whole in the PDF's heading.
          const titles = block(csv, title).rows[0]!;
          const heading = headingLines(text, title);
          for (const word of titles.flatMap((t) => t.split(/\s+/))) {
            const needed = titles.flatMap((t) => t.split(/\s+/)).filter((w) => w === word).length;
            expect(wholeWords(heading, word), `${record.name} ${title}: "${word}" in\n${heading}`).toBeGreaterThanOrEqual(needed);
          }
        }
        if (record.name === 'monthly-en') {
          expect(block(csv, 'Station ranking').rows[0]).toEqual(['Rank', 'Station ID', 'Station', 'Grade', 'Held', 'Required', 'Met', 'Members', 'Attended', 'Excused', 'Rate', 'Minutes', 'Guests', 'Uptime', 'Alerts', 'Last contact']);
          // A value too: the demonstration site's grade wraps between its words.
          expect(wholeWords(text, 'Demonstration')).toBeGreaterThanOrEqual(1);
        }
      }
    },
    90_000,
  );

  it('a month before the stations joined: none listed, none blamed, no figure invented', async () => {
    const bytes = await ok(`/api/county/export/monthly.csv?month=${county.emptyMonth}`);
    expect(block(csvBlocks(bytes), '站点排名').rows[1]).toEqual(['本月没有已加入的站点']);
    expect(summaryOf(bytes).get('全县月参学率')).toBe('—');
  });

  it('a county without stations: a valid document that says so', async () => {
    const empty = await startTestHub();
    try {
      const viewer = 'empty-viewer';
      await empty.ctx.auth.addUser({ username: viewer, role: 'viewer', password: 'correct-horse-9' }, empty.ctx.now(), 'test');
      const login = await call<{ token: string }>(`${empty.url}/api/county/login`, { body: { username: viewer, password: 'correct-horse-9' } });
      const res = await fetch(`${empty.url}/api/county/export/monthly.csv?month=${county.month}`, { headers: { authorization: `Bearer ${login.body.token}` } });
      expect(res.status).toBe(200);
      const blocks = csvBlocks(Buffer.from(await res.arrayBuffer()));
      expect(block(blocks, '站点排名').rows[1]).toEqual(['本月没有已加入的站点']);
      expect(block(blocks, '说明').rows[0]![0]).toBe('本月没有已加入县级平台的站点。');
      const xlsx = await fetch(`${empty.url}/api/county/export/monthly.xlsx?month=${county.month}`, { headers: { authorization: `Bearer ${login.body.token}` } });
      expect((await workbook(Buffer.from(await xlsx.arrayBuffer()))).getWorksheet('站点排名')!.getCell('A6').value).toBe('本月没有已加入的站点');
    } finally {
      await empty.stop();
      fs.rmSync(empty.dataDir, { recursive: true, force: true });
    }
  });
});
