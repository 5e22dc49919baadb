// The county's two records over the staff API — the monthly table (县级月度汇总表) and a station's monthly
// report (站点月度报告) — in every format, read back as a person's tools read them: the CSV with csv-parse,
// the XLSX with exceljs, the Chromium-rendered PDF with pdftotext. Every figure must be the one the dashboard
// shows for the same month (/api/county/ranking, /overview, /stations/:id).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview, StationDetail } from '../../../county/views/dashboard-views.ts';
import type { StationRow } from '../../../county/views/station-rows.ts';
import { SITE_GRADE_LABELS } from '../../../protocol/site-grades.pure.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, block, csvBlocks, pdfFonts, pdfPages, pdfText, percent, records, type CsvSection } from '../../agent/exports/export-support.ts';
import { call, startTestHub } from '../support/hub-fixture.ts';
import { hubRefusalText } from '../../../cli/hub-refusal-texts.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';
import { PLANS, ZONE, createExportCounty, type ExportCounty } from '../support/export-county.ts';

type Ranked = StationRow & { rank: number };

let county: ExportCounty;
let ranking: Ranked[];
let overview: Overview;
let out: string;

async function get(route: string, token: string | null = county.token): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${county.hub.url}${route}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function ok(route: string): Promise<Buffer> {
  const r = await get(route);
  expect(r.status, `${route}: ${r.bytes.toString('utf8').slice(0, 300)}`).toBe(200);
  return r.bytes;
}

async function detailOf(id: string, month = county.month): Promise<StationDetail> {
  const r = await call<StationDetail>(`${county.hub.url}/api/county/stations/${id}?month=${month}`, { token: county.token });
  expect(r.status).toBe(200);
  return r.body;
}

/** The file name the browser saves under (RFC 5987's filename*). */
function savedName(headers: Headers): string {
  const disposition = headers.get('content-disposition')!;
  expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
  return decodeURIComponent(disposition.split("UTF-8''")[1]!);
}

function summaryOf(bytes: Buffer): Map<string, string> {
  return new Map(block(csvBlocks(bytes), '概要').rows.slice(1).map((r) => [r[0]!, r[1]!]));
}

/** A text cell as the CSV writes it: a leading = + - @ is kept from running as a formula. */
function csvText(text: string): string {
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
}

/** A CSV percent ('57.14%') equal to the rate, or '—' where the rate is null. */
function expectPercent(text: string | undefined, rate: number | null, what?: string): void {
  if (rate === null) expect(text, what).toBe('—');
  else expect(percent(text!), what).toBeCloseTo(rate, 10);
}

function csvInt(text: string | undefined): number | null {
  return text === '—' ? null : Number(text);
}

function local(at: number | null): string {
  return at === null ? '—' : DateTime.fromMillis(at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

/** The rows of a section, without its totals line or the line that says it is empty. */
function lines(section: CsvSection, firstTitle: string, totalsLabel: string, emptyText?: string): Record<string, string>[] {
  return records(section).filter((r) => r[firstTitle] !== totalsLabel && r[firstTitle] !== emptyText);
}

/** The lines of a table's heading in pdftotext -layout output: after the section's title, up to the first blank line. */
function headingLines(text: string, sectionTitle: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === sectionTitle);
  expect(start, `no section "${sectionTitle}"`).toBeGreaterThanOrEqual(0);
  let i = start + 1;
  while (lines[i]?.trim() === '') i++;
  const heading: string[] = [];
  while (i < lines.length && lines[i]!.trim() !== '') heading.push(lines[i++]!);
  return heading.join('\n');
}

/** How often `word` stands whole in the text (no letter right before or after it). */
function wholeWords(text: string, word: string): number {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.match(new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, 'gu'))?.length ?? 0;
}

function figureCell(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  for (let r = 6; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === label) return sheet.getCell(r, 2);
  throw new Error(`no figure ${label}`);
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** A number cell holding `value`, or '—' for no value. */
function expectCell(cell: ExcelJS.Cell, value: number | null, what: string): void {
  if (value === null) {
    expect(cell.value, what).toBe('—');
  } else {
    expect(cell.type, what).toBe(ExcelJS.ValueType.Number);
    expect(cell.value, what).toBe(value);
  }
}

beforeAll(async () => {
  county = await createExportCounty();
  out = tempDir('yj-county-export-');
  const r = await call<{ rows: Ranked[] }>(`${county.hub.url}/api/county/ranking?month=${county.month}`, { token: county.token });
  ranking = r.body.rows;
  overview = (await call<Overview>(`${county.hub.url}/api/county/overview?month=${county.month}`, { token: county.token })).body;
}, 60_000);

afterAll(async () => {
  await county?.hub.stop();
  fs.rmSync(county.hub.dataDir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

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
